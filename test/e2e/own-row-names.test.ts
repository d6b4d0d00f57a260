/**
 * A patient's demographics row is theirs, as their files are: every word of four letters or more
 * of their names is searched alone there (CONTRACT.md "Names": "Zandra arrived late"), so a note
 * giving the first name beside the id and birth date is emptied in the shared copy, and verify
 * finds one written back.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { idOfSource, readRunCsv, runCaptured, tempDir } from './support.ts';
import { writeTiny } from './tiny-dataset.ts';

describe('given names in a patient\'s own demographics row', () => {
  const dir = tempDir('own-row-names');
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const privateDir = `${output}-private`;
  let run: Awaited<ReturnType<typeof runCaptured>>;
  before(async () => {
    writeTiny(input, [
      { path: 'kowalczyk/s/a.dcm', name: 'KOWALCZYK^Zbigniew', patientId: 'PL77123456', birthDate: '19650304' },
      { path: 'okafor/s/a.dcm', name: 'OKAFOR^Chidi', patientId: 'NG44556677', birthDate: '19790512' },
    ]);
    const sheet = join(dir.path, 'demo.csv');
    writeFileSync(sheet, 'name;birth_date;notes\nZbigniew Kowalczyk;1965-03-04;Zbigniew arrived late\nChidi Okafor;1979-05-12;on time\n');
    run = await runCaptured(['anonymize', input, '--output', output, '--demographics', sheet, '--jobs', '1']);
  });
  after(() => dir.remove());

  it('empties the cell naming the row\'s own patient by first name, keeps the others, exit 0', () => {
    assert.equal(run.code, 0, run.stderr);
    const shared = readRunCsv(join(output, 'demographics_anonymized.csv'));
    assert.deepEqual(shared[0], ['id', 'birth_date', 'notes']);
    const notes = new Map(shared.slice(1).map((row) => [row[0], row[2]]));
    assert.equal(notes.get(idOfSource(privateDir, 'kowalczyk')), '');
    assert.equal(notes.get(idOfSource(privateDir, 'okafor')), 'on time');
    assert.doesNotMatch(readFileSync(join(output, 'demographics_anonymized.csv'), 'utf8'), /zbigniew/i);
  });

  it('verify passes on the output and finds a first name written back into its own row', async () => {
    const clean = await runCaptured(['verify', output, '--private-dir', privateDir]);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    const copy = join(dir.path, 'copy');
    cpSync(output, copy, { recursive: true });
    const csv = join(copy, 'demographics_anonymized.csv');
    const id = idOfSource(privateDir, 'okafor');
    writeFileSync(csv, readFileSync(csv, 'utf8').replace(`${id};1979-05-12;on time`, `${id};1979-05-12;Chidi on time`));
    const tampered = await runCaptured(['verify', copy, '--private-dir', privateDir]);
    assert.equal(tampered.code, 1, tampered.stdout + tampered.stderr);
    assert.match(tampered.stdout, new RegExp(`demographics_anonymized\\.csv: .*${id}`));
    assert.doesNotMatch(tampered.stdout, /chidi|okafor/i);
  });
});
