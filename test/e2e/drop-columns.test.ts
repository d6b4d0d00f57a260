/**
 * `--drop-columns` names columns of the sheet, and a column may be named after a patient ("Blanc
 * notes"): the shareable report says how many columns were asked for, never their names.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listFiles, readRunCsv, runCaptured, tempDir } from './support.ts';
import { writeTiny } from './tiny-dataset.ts';

describe('--drop-columns in the shareable report', () => {
  const dir = tempDir('drop-columns');
  after(() => dir.remove());

  it('is a count in report.json and report.html, and the column is left out of the shared sheet', async () => {
    const input = join(dir.path, 'in');
    const output = join(dir.path, 'out');
    writeTiny(input, [{ path: 'a/s/a.dcm', name: 'BLANC^Julie', patientId: 'FR88888888', birthDate: '19840101' }]);
    const sheet = join(dir.path, 'demo.csv');
    writeFileSync(sheet, 'name;Blanc notes;age;birth_date\nBLANC Julie;x;40;1984-01-01\n');
    const run = await runCaptured(['anonymize', input, '--output', output, '--demographics', sheet, '--drop-columns', 'Blanc notes', '--jobs', '1']);
    assert.equal(run.code, 0, run.stderr);

    const report = JSON.parse(readFileSync(join(output, 'report.json'), 'utf8')) as { options: { dropColumns: unknown } };
    assert.equal(report.options.dropColumns, 1);
    for (const file of listFiles(output)) assert.doesNotMatch(readFileSync(join(output, file), 'latin1'), /blanc|julie/i, file);
    const shared = readRunCsv(join(output, 'demographics_anonymized.csv'));
    assert.deepEqual(shared[0], ['id', 'age', 'birth_date']);

    const verify = await runCaptured(['verify', output, '--private-dir', `${output}-private`]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
});
