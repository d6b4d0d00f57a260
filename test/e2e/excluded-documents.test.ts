/**
 * A patient whose files are all encapsulated documents (a scanned referral letter, a CDA) is
 * still a patient the input names (CONTRACT.md "Patients": identities are read from the files):
 * the documents are excluded, as `--documents exclude` says, but the name their headers hold is
 * searched in every written file, and `verify` knows it too.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dcmdump, dcmdumpUnavailable } from '../support/checkers.ts';
import { idOfSource, listFiles, runCaptured, tempDir } from './support.ts';
import { writeTiny } from './tiny-dataset.ts';

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj<</Title (Referral)>>endobj\n%%EOF\n');

describe('a patient known only from excluded documents', { skip: dcmdumpUnavailable() }, () => {
  const dir = tempDir('excluded-documents');
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const privateDir = `${output}-private`;
  let run: Awaited<ReturnType<typeof runCaptured>>;
  before(async () => {
    writeTiny(input, [
      {
        path: 'letters/s/referral.dcm',
        name: 'MAGUIRE^Siobhan',
        patientId: 'IE77665544',
        extra: [
          { tag: 0x00420011, vr: 'OB', value: PDF },
          { tag: 0x00420012, vr: 'LO', value: 'application/pdf' },
        ],
      },
      { path: 'other/s/a.dcm', name: 'ROCHE^Paul', patientId: 'FR55555556', comments: 'referred by Siobhan Maguire, see MAGUIRE letter' },
    ]);
    run = await runCaptured(['anonymize', input, '--output', output, '--jobs', '1', '--json']);
  });
  after(() => dir.remove());

  it('excludes the document and replaces its patient\'s name in the other patient\'s file, exit 0', () => {
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /excluded: .*referral\.dcm: encapsulated document/);
    const written = listFiles(output).filter((f) => f.endsWith('.dcm'));
    assert.deepEqual(written, [`${idOfSource(privateDir, 'other')}/s/a.dcm`]);
    const dump = dcmdump(join(output, written[0]!));
    assert.ok(dump.ok, dump.stderr);
    const letters = idOfSource(privateDir, 'letters');
    assert.match(dump.stdout, new RegExp(`\\(0010,4000\\) LT \\[referred by ${letters}, see ${letters} letter\\]`));
    for (const file of listFiles(output)) assert.doesNotMatch(readFileSync(join(output, file), 'latin1'), /maguire|siobhan/i, file);
  });

  it('verify passes', async () => {
    const verified = await runCaptured(['verify', output, '--private-dir', privateDir]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  });
});
