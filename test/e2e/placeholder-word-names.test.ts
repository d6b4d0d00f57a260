/**
 * Placeholders name nobody (CONTRACT.md "Patients": "Anonymized", "Test", "NAME^PATIENT" and the
 * like), but some placeholder words are people's names too: Pat Case and Nan Blank are patients,
 * whose names are searched everywhere, while "Sample 3" still names nobody.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dcmdumpUnavailable } from '../support/checkers.ts';
import { idOfSource, listFiles, outputComments, runCaptured, tempDir } from './support.ts';
import { writeTiny } from './tiny-dataset.ts';

describe('names made of placeholder words', { skip: dcmdumpUnavailable() }, () => {
  const dir = tempDir('placeholder-word-names');
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const privateDir = `${output}-private`;
  let run: Awaited<ReturnType<typeof runCaptured>>;
  before(async () => {
    writeTiny(input, [
      { path: 'p1/s/a.dcm', name: 'CASE^PAT', patientId: 'US55512345', comments: 'follow-up of Pat Case' },
      { path: 'p2/s/a.dcm', name: 'BLANK^Nan', patientId: 'DE44412345', comments: 'seen with Mr CASE, PAT' },
      { path: 'p3/s/a.dcm', name: 'Sample 3', patientId: 'XY33312345', comments: 'sample of NAN BLANK' },
    ]);
    run = await runCaptured(['anonymize', input, '--output', output, '--jobs', '1']);
  });
  after(() => dir.remove());

  const comments = (source: string) => outputComments(output, privateDir, source);

  it('replaces Pat Case and Nan Blank in their own files and in others, exit 0', () => {
    assert.equal(run.code, 0, run.stderr);
    assert.equal(comments('p1'), `follow-up of ${idOfSource(privateDir, 'p1')}`);
    assert.equal(comments('p2'), `seen with Mr ${idOfSource(privateDir, 'p1')}`);
    for (const file of listFiles(output)) assert.doesNotMatch(readFileSync(join(output, file), 'latin1'), /pat case|case, pat|nan blank/i, file);
  });

  it('keeps the word of the placeholder "Sample 3" where it is a word', () => {
    assert.equal(comments('p3'), `sample of ${idOfSource(privateDir, 'p2')}`);
  });

  it('verify passes', async () => {
    const verified = await runCaptured(['verify', output, '--private-dir', privateDir]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  });
});
