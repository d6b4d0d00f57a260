/** The page's words for the option schema: no flag, placeholder or "private dir" reaches a person. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPTION_SPECS, validateOptions } from '../../core/options/schema.ts';
import { fieldMessage, plainWords } from './plain-words.ts';

const CLI_WORDS = /--[a-z]|<[a-z-]+>|private dir\b/i;

test('every help text and default of the schema reads without CLI words', () => {
  for (const spec of OPTION_SPECS) {
    for (const text of [spec.help, spec.defaultText ?? '']) assert.doesNotMatch(plainWords(text), CLI_WORDS, `${spec.key}: ${plainWords(text)}`);
  }
});

test("the validator's messages name the field by its label", () => {
  const { errors } = validateOptions({ input: '', distance: 'far', idPrefix: 'a/b' }, { cpuCount: 2 });
  const messages = errors.map(fieldMessage);
  assert.ok(messages.includes('DICOM input folder is required.'), messages.join('\n'));
  assert.ok(messages.includes('Output folder (to share) is required.'), messages.join('\n'));
  assert.ok(messages.some((m) => m.startsWith('Distance: expected a number')), messages.join('\n'));
  for (const message of messages) assert.doesNotMatch(message, CLI_WORDS);
});
