/**
 * The demographics sheet and the links file hold the patients' names, as the private dir does:
 * an extension run given one inside its output (a sheet kept beside the data it describes) is
 * refused, exit 2, before it writes anything, and says why. Accepted, the run said complete with
 * exit 0 over an output that held every name, and only `verify` saw it.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCaptured, tempDir } from './support.ts';
import { writeTiny } from './tiny-dataset.ts';

describe('a demographics sheet or links file inside the output', () => {
  const dir = tempDir('sheets-in-output');
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const sheet = join(dir.path, 'people.csv');
  before(async () => {
    writeTiny(input, [{ path: 'a/s/a.dcm', name: 'FAIRWEATHER^Orla', patientId: 'IE12121212', birthDate: '19800101' }]);
    writeFileSync(sheet, 'name;birth_date\nOrla Fairweather;1980-01-01\n');
    const first = await runCaptured(['anonymize', input, '--output', output, '--demographics', sheet, '--jobs', '1']);
    assert.equal(first.code, 0, first.stderr);
  });
  after(() => dir.remove());

  for (const [flag, file, text] of [
    ['--demographics', 'people.csv', undefined],
    ['--links', 'links.csv', 'dicom_name;demographics_name\nFAIRWEATHER^Orla;Orla Fairweather\n'],
  ] as const) {
    it(`refuses ${flag} inside the output, exit 2, and leaves the output as it was`, async () => {
      const inside = join(output, file);
      if (text === undefined) copyFileSync(sheet, inside);
      else writeFileSync(inside, text);
      const report = readFileSync(join(output, 'report.json'), 'utf8');
      const args = ['anonymize', input, '--output', output, '--jobs', '1', '--json', flag, inside];
      const run = await runCaptured(flag === '--links' ? [...args, '--demographics', sheet] : args);
      assert.equal(run.code, 2, run.stderr);
      assert.equal((JSON.parse(run.stdout) as { status: string }).status, 'refused');
      assert.match(run.stderr, new RegExp(`${flag} .*inside the output`));
      assert.equal(readFileSync(join(output, 'report.json'), 'utf8'), report);
    });
  }
});
