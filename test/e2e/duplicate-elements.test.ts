/**
 * A broken export writes an element twice. Every value of the patient's name elements is a
 * spelling of that file's patient: the first one (the value dcmdump and most viewers show) as much
 * as the last, so both are searched in every other file and neither survives in the written file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { dcmdump, dcmdumpUnavailable, pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { listFiles, readRunCsv, runCaptured, tempDir } from './support.ts';
import { writeTiny } from './tiny-dataset.ts';

describe('a file holding PatientName twice', { skip: pydicomUnavailable() ?? dcmdumpUnavailable() }, () => {
  const dir = tempDir('duplicate-name');
  after(() => dir.remove());

  it('has both values as spellings of its patient: neither is left in any written file', async () => {
    const input = join(dir.path, 'in');
    const output = join(dir.path, 'out');
    writeTiny(input, [
      { path: 'a/s/a.dcm', name: 'DUPONT^Jean', patientId: 'FR11111111', comments: 'seen with Paul ROCHE' },
      { path: 'z/s/b.dcm', name: 'ROCHE^Paul', patientId: 'PL99999999', extra: [{ tag: 0x00100010, vr: 'PN', value: 'ZIELINSKI^Marek' }] },
    ]);
    // The input really holds the element twice, and dcmdump shows the first value.
    const duplicated = join(input, 'z/s/b.dcm');
    assert.match(dcmdump(duplicated).stdout, /\(0010,0010\) PN \[ROCHE\^Paul\]/);
    assert.ok(Buffer.from(readFileSync(duplicated)).includes('ZIELINSKI^Marek'));

    const run = await runCaptured(['anonymize', input, '--output', output, '--jobs', '1']);
    assert.equal(run.code, 0, run.stderr);
    const written = listFiles(output).filter((path) => path.endsWith('.dcm'));
    assert.equal(written.length, 2);
    for (const path of written) {
      const bytes = Buffer.from(readFileSync(join(output, path))).toString('latin1').toUpperCase();
      assert.ok(!bytes.includes('ROCHE') && !bytes.includes('ZIELINSKI'), `${path} holds a spelling`);
    }
    const comments = pydicom('import sys, pydicom\nprint(pydicom.dcmread(sys.argv[1]).PatientComments)', [join(output, written.find((p) => p.endsWith('a.dcm'))!)]).trim();
    assert.doesNotMatch(comments, /roche/i);
    assert.match(comments, /^seen with \S+$/);

    const mapping = readRunCsv(join(`${output}-private`, 'mapping.csv'));
    const roche = mapping.find((row) => row.join(';').includes('PL99999999'))!;
    assert.ok(roche.join(';').includes('ROCHE^Paul') && roche.join(';').includes('ZIELINSKI^Marek'), roche.join(';'));

    const verify = await runCaptured(['verify', output]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
});

describe('a PatientName inside a sequence', { skip: pydicomUnavailable() }, () => {
  const dir = tempDir('nested-name');
  after(() => dir.remove());

  it('is a spelling of its file\'s patient too: the same name in the file\'s free text is replaced', async () => {
    const input = join(dir.path, 'in');
    const output = join(dir.path, 'out');
    writeTiny(input, [{ path: 'p1/s/a.dcm', name: 'HALVORSEN^Inga', patientId: 'NO12345678' }]);
    // ReferencedPatientSequence naming another person, whose name the study description repeats.
    pydicom(
      `import sys, pydicom
from pydicom.dataset import Dataset
ds = pydicom.dcmread(sys.argv[1])
item = Dataset(); item.PatientName = 'ZEBRAFINCH^Hank'
ds.ReferencedPatientSequence = [item]
ds.StudyDescription = 'Hank ZEBRAFINCH'
ds.save_as(sys.argv[1])`,
      [join(input, 'p1/s/a.dcm')],
    );
    const run = await runCaptured(['anonymize', input, '--output', output, '--jobs', '1']);
    assert.equal(run.code, 0, run.stderr);
    const written = listFiles(output).filter((path) => path.endsWith('.dcm'));
    assert.equal(written.length, 1);
    const texts = pydicom('import sys, pydicom\nds = pydicom.dcmread(sys.argv[1])\nprint(ds.StudyDescription, ds.ReferencedPatientSequence[0].PatientName)', [join(output, written[0]!)]);
    assert.doesNotMatch(texts, /zebrafinch|hank/i);
    const verify = await runCaptured(['verify', output]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  });
});
