/**
 * A family name only a linked demographics row gives, from family and given columns: a name
 * changed since the images (DOE^Jane linked by her id to Smithson Jane) and a compound family name
 * the files hold part of (DUPONT^Jean linked to Dupont-Moreau Jean). Each long family word is
 * searched alone everywhere (CONTRACT.md "Names"): in another patient's file (read with pydicom)
 * and in the shared sheet's cells, and verify passes.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { listFiles, readRunCsv, runCaptured, tempDir } from './support.ts';
import { writeTiny } from './tiny-dataset.ts';

const READ = `
import sys, pydicom
print(str(pydicom.dcmread(sys.argv[1]).StudyDescription))
`;

const CASES = [
  {
    what: 'a name changed since the images, linked by id',
    own: { name: 'DOE^Jane', patientId: 'US77777777', birthDate: '19650202' },
    otherText: 'ref Mrs SMITHSON',
    sheet: 'patient_id;last_name;first_name;birth_date;note\nUS77777777;Smithson;Jane;1965-02-02;x\nFR55555555;Roche;Paul;1970-03-03;neighbour of Mrs Smithson\n',
    gone: /smithson/i,
  },
  {
    what: 'a compound family name the files hold part of, linked by name and birth date',
    own: { name: 'DUPONT^Jean', patientId: 'FR44444444', birthDate: '19650202' },
    otherText: 'ref MOREAU',
    sheet: 'last_name;first_name;birth_date;note\nDupont-Moreau;Jean;1965-02-02;x\nRoche;Paul;1970-03-03;sister of Mme MOREAU\n',
    gone: /moreau/i,
  },
];

describe('a family name from the family and given columns of a linked row', { skip: pydicomUnavailable() }, () => {
  const dir = tempDir('demo-family');
  after(() => dir.remove());

  CASES.forEach((c, n) => {
    it(`${c.what}: gone from another patient's file and from the shared sheet`, async () => {
      const root = join(dir.path, String(n));
      const input = join(root, 'in');
      const output = join(root, 'out');
      writeTiny(input, [
        { path: 'a/s/a.dcm', ...c.own },
        { path: 'b/s/b.dcm', name: 'ROCHE^Paul', patientId: 'FR55555555', birthDate: '19700303', extra: [{ tag: 0x00081030, vr: 'LO', value: c.otherText }] },
      ]);
      const sheet = join(root, 'demo.csv');
      writeFileSync(sheet, c.sheet);
      const run = await runCaptured(['anonymize', input, '--output', output, '--demographics', sheet, '--jobs', '1']);
      assert.equal(run.code, 0, run.stderr);

      const mapping = readRunCsv(join(`${output}-private`, 'mapping.csv'));
      const own = mapping.find((row) => row[1] === c.own.name)!;
      assert.ok(own[3] !== '', 'the row is linked');
      const other = listFiles(output).find((file) => file.endsWith('b.dcm'))!;
      assert.equal(pydicom(READ, [join(output, other)]).trim(), c.otherText.replace(c.gone, own[0]!));
      for (const file of listFiles(output)) assert.doesNotMatch(readFileSync(join(output, file), 'latin1'), c.gone, file);

      const verify = await runCaptured(['verify', output, '--private-dir', `${output}-private`]);
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    });
  });
});
