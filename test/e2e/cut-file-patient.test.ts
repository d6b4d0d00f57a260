/**
 * A file cut short (an interrupted copy) is skipped, exit 3, but its header is whole: the patient
 * it names is a patient of the run, whose name is searched in every written file and known to
 * verify. Before, a patient whose only file was cut stayed by name in other patients' free text.
 * A cut in an element of the identity drops that element alone: those before it are whole.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { idOfSource, listFiles, runCaptured, tempDir } from './support.ts';
import { tinyDicom, writeTiny } from './tiny-dataset.ts';

describe('the patient of a file cut short', () => {
  const dir = tempDir('cut-file-patient');
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const privateDir = `${output}-private`;
  let run: Awaited<ReturnType<typeof runCaptured>>;
  before(async () => {
    writeTiny(input, [{ path: 'roche/s/a.dcm', name: 'ROCHE^Paul', patientId: 'FR55555556', comments: 'second opinion for Mr Kavanagh, Declan' }]);
    const whole = tinyDicom({ path: 'kavanagh/s/a.dcm', name: 'KAVANAGH^Declan', patientId: 'IE31313131' });
    // Cut inside the pixel data: every header element is there.
    mkdirSync(join(input, 'kavanagh', 's'), { recursive: true });
    writeFileSync(join(input, 'kavanagh', 's', 'a.dcm'), whole.subarray(0, whole.length - 1000));
    run = await runCaptured(['anonymize', input, '--output', output, '--jobs', '1']);
  });
  after(() => dir.remove());

  it('skips the cut file (exit 3) and replaces its patient\'s name in the other patient\'s file', () => {
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stderr, /skipped: .*kavanagh.*a\.dcm: corrupt DICOM/);
    const written = listFiles(output).filter((f) => f.endsWith('.dcm'));
    assert.deepEqual(written, [`${idOfSource(privateDir, 'roche')}/s/a.dcm`]);
    const text = readFileSync(join(output, written[0]!), 'latin1');
    assert.ok(text.includes(`second opinion for Mr ${idOfSource(privateDir, 'kavanagh')}`), 'the name became the id');
    for (const file of listFiles(output)) assert.doesNotMatch(readFileSync(join(output, file), 'latin1'), /kavanagh|declan/i, file);
  });

  it('verify passes', async () => {
    const verified = await runCaptured(['verify', output, '--private-dir', privateDir]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  });
});

describe('a file cut in an element of its identity', () => {
  const dir = tempDir('cut-in-identity');
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const privateDir = `${output}-private`;
  let run: Awaited<ReturnType<typeof runCaptured>>;
  before(async () => {
    writeTiny(input, [{ path: 'roche/s/a.dcm', name: 'ROCHE^Paul', patientId: 'FR55555556', comments: 'second opinion for Mr Kavanagh, Declan (IE31313131)' }]);
    const whole = Buffer.from(tinyDicom({ path: '', name: 'KAVANAGH^Declan', patientId: 'IE31313131', birthDate: '19610203' }));
    // Cut inside PatientBirthDate: its value says nothing, but PatientName and PatientID before it are whole.
    const birthDate = whole.indexOf(Buffer.from([0x10, 0x00, 0x30, 0x00, 0x44, 0x41]));
    assert.ok(birthDate > 0);
    mkdirSync(join(input, 'kavanagh', 's'), { recursive: true });
    writeFileSync(join(input, 'kavanagh', 's', 'a.dcm'), whole.subarray(0, birthDate + 8 + 3));
    run = await runCaptured(['anonymize', input, '--output', output, '--jobs', '1']);
  });
  after(() => dir.remove());

  it('still names its patient by the elements before the cut', async () => {
    assert.equal(run.code, 3, run.stderr);
    const written = listFiles(output).filter((f) => f.endsWith('.dcm'));
    assert.equal(written.length, 1);
    const text = readFileSync(join(output, written[0]!), 'latin1');
    const id = idOfSource(privateDir, 'kavanagh');
    assert.ok(text.includes(`second opinion for Mr ${id} (${id})`), 'the name and the PatientID became the id');
    const verified = await runCaptured(['verify', output, '--private-dir', privateDir]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  });
});
