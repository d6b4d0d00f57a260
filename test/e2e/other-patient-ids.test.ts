/**
 * Other ids of the same patient are PatientID values of it (CONTRACT.md "Names": "the original
 * PatientID values"): the PatientIDs of OtherPatientIDsSequence and the values of OtherPatientIDs
 * are searched as whole tokens in every file, the patient's own and the others', as its PatientID
 * is. Before, the sequence was removed while the old hospital number stayed in free text.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dcmdumpUnavailable, pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { idOfSource, listFiles, outputComments, runCaptured, tempDir } from './support.ts';
import { writeTiny } from './tiny-dataset.ts';

describe('ids in OtherPatientIDsSequence and OtherPatientIDs', { skip: dcmdumpUnavailable() ?? pydicomUnavailable() }, () => {
  const dir = tempDir('other-patient-ids');
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const privateDir = `${output}-private`;
  let run: Awaited<ReturnType<typeof runCaptured>>;
  before(async () => {
    writeTiny(input, [
      {
        path: 'quinlan/s/a.dcm',
        name: 'QUINLAN^Maeve',
        patientId: 'IE20202020',
        comments: 'old numbers OLDMRN99887 and LEGACY55443',
        extra: [
          { tag: 0x00101000, vr: 'LO', value: 'LEGACY55443' },
          { tag: 0x00101002, vr: 'SQ', value: [[{ tag: 0x00100020, vr: 'LO', value: 'OLDMRN99887' }, { tag: 0x00100021, vr: 'LO', value: 'HOSP2' }]] },
        ],
      },
      { path: 'roche/s/a.dcm', name: 'ROCHE^Paul', patientId: 'FR55555556', comments: 'see OLDMRN99887, LEGACY55443' },
    ]);
    run = await runCaptured(['anonymize', input, '--output', output, '--jobs', '1']);
  });
  after(() => dir.remove());

  const comments = (source: string) => outputComments(output, privateDir, source);

  it('replaces the other ids with the patient\'s id in its own file and in another patient\'s, exit 0', () => {
    assert.equal(run.code, 0, run.stderr);
    const id = idOfSource(privateDir, 'quinlan');
    assert.equal(comments('quinlan'), `old numbers ${id} and ${id}`);
    assert.equal(comments('roche'), `see ${id}, ${id}`);
    for (const file of listFiles(output)) assert.doesNotMatch(readFileSync(join(output, file), 'latin1'), /OLDMRN99887|LEGACY55443/, file);
  });

  it('verify passes, and names an other id planted back in another patient\'s file', async () => {
    const clean = await runCaptured(['verify', output, '--private-dir', privateDir]);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    const copy = join(dir.path, 'copy');
    cpSync(output, copy, { recursive: true });
    const file = listFiles(copy).find((f) => f.startsWith(`${idOfSource(privateDir, 'roche')}/`) && f.endsWith('.dcm'))!;
    pydicom(`import sys, pydicom\nds = pydicom.dcmread(sys.argv[1])\nds.StudyDescription = 'ref OLDMRN99887'\nds.save_as(sys.argv[1])`, [join(copy, file)]);
    const tampered = await runCaptured(['verify', copy, '--private-dir', privateDir]);
    assert.equal(tampered.code, 1, tampered.stdout + tampered.stderr);
    assert.match(tampered.stdout, new RegExp(`${file}: \\(0008,1030\\).*${idOfSource(privateDir, 'quinlan')}`));
    assert.doesNotMatch(tampered.stdout, /OLDMRN99887/);
  });
});
