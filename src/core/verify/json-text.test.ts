import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonUnescaped } from './json-text.ts';
import { buildNeedles } from './needles.ts';
import { searchText } from './match.ts';

describe('JSON text as its readers see it', () => {
  it('undoes \\u escapes, surrogate pairs and one-letter escapes as JSON.parse does', () => {
    const value = 'McAllister\n"Zoë" \\ 😀 / tab\t';
    const escaped = JSON.stringify(value).replace(/[A-Za-z]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    assert.equal(jsonUnescaped(escaped), `"${JSON.parse(escaped)}"`);
    assert.equal(jsonUnescaped('"\\ud83d\\ude00"'), '"😀"');
  });

  it('keeps what is no escape, so a window cut inside one still reads', () => {
    assert.equal(jsonUnescaped('ab\\u00'), 'ab\\u00');
    assert.equal(jsonUnescaped('a\\x'), 'a\\x');
    assert.equal(jsonUnescaped('plain'), 'plain');
  });

  it('makes a name written with escapes one the second opinion finds', () => {
    const needles = buildNeedles([{ id: 'subj_1', spellings: ['McAllister^Ann'], patientIds: [] }], []);
    const escaped = '{"note": "\\u004d\\u0063\\u0041\\u006c\\u006c\\u0069\\u0073\\u0074\\u0065\\u0072"}';
    assert.equal(searchText(needles, escaped, undefined).length, 0);
    assert.ok(searchText(needles, jsonUnescaped(escaped), undefined).length > 0);
  });
});
