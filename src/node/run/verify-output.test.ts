import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { optionsFor, tempDir } from '../../../test/e2e/support.ts';
import { writeTiny } from '../../../test/e2e/tiny-dataset.ts';
import { drawReportJson } from './report.ts';
import { runAnonymization } from './run-anonymization.ts';
import { TEMP_DIR_NAME } from './run-paths.ts';
import { verifyOutput } from './verify-output.ts';

describe('verifyOutput on a file that is not DICOM', () => {
  const dir = tempDir('verify-output');
  const output = join(dir.path, 'out');
  before(async () => {
    writeTiny(join(dir.path, 'in'), [{ path: 'LINDQVIST_ALICE/a.dcm', name: 'LINDQVIST^ALICE', patientId: 'LQA1001' }]);
    const summary = await runAnonymization(optionsFor({ input: join(dir.path, 'in'), output }));
    assert.equal(summary.exitCode, 0);
  });
  after(() => dir.remove());

  it('searches every byte, names one place once, and gives its offset even after ill-formed UTF-8', async () => {
    const early = 1000;
    const late = 3 * (1 << 20) - 200; // in the overlap of two search windows
    const bytes = new Uint8Array(3 * (1 << 20)).fill(0x2e);
    bytes.set([0xe2, 0x82, 0xe0, 0x80, 0xff, 0xc3], early - 6); // bad UTF-8 just before the name
    const name = new TextEncoder().encode(' Alice Lindqvist ');
    bytes.set(name, early);
    bytes.set(name, late);
    bytes.set(name, (1 << 20) - 5); // across the first window's end
    writeFileSync(join(output, 'notes.bin'), bytes);
    const { findings } = await verifyOutput(output, `${output}-private`);
    const lines = findings.filter((line) => line.startsWith('notes.bin: bytes at '));
    assert.deepEqual(
      lines.map((line) => Number(/bytes at (\d+)/.exec(line)![1])),
      [early + 1, (1 << 20) - 4, late + 1],
      findings.join('\n'),
    );
    assert.ok(lines.every((line) => !/alice|lindqvist/i.test(line)));
    assert.ok(findings.some((line) => line.startsWith('notes.bin: cannot be read back as DICOM')));
  });
});

describe('verifyOutput on report.html', () => {
  const dir = tempDir('verify-report-html');
  const output = join(dir.path, 'out');
  before(async () => {
    // A patient whose family name is a word the report's fixed text uses.
    writeTiny(join(dir.path, 'in'), [{ path: 'NAME_NONE/a.dcm', name: 'NAME^NONE', patientId: 'NMN2002' }]);
    const summary = await runAnonymization(optionsFor({ input: join(dir.path, 'in'), output }));
    assert.equal(summary.exitCode, 0);
  });
  after(() => dir.remove());

  it('passes the page the run drew from report.json, whatever words its fixed text uses', async () => {
    assert.match(readFileSync(join(output, 'report.html'), 'utf8'), /\bname\b/i);
    assert.deepEqual((await verifyOutput(output, `${output}-private`)).findings, []);
  });

  it('finds a page that holds more than report.json', async () => {
    const page = readFileSync(join(output, 'report.html'), 'utf8');
    writeFileSync(join(output, 'report.html'), page.replace('</main>', '<p>Alice Lindqvist</p></main>'));
    const { findings } = await verifyOutput(output, `${output}-private`);
    assert.deepEqual(findings.filter((line) => line.startsWith('report.html:')).length, 1, findings.join('\n'));
  });
});

describe('verifyOutput searches report.html itself, its fixed wording aside', () => {
  const dir = tempDir('verify-report-html-words');
  const output = join(dir.path, 'out');
  before(async () => {
    // NOTO is a word of the page's style sheet ("Noto Sans"), BLANC is not.
    writeTiny(join(dir.path, 'in'), [
      { path: 'NOTO_KEN/a.dcm', name: 'NOTO^Ken', patientId: 'NTK5005' },
      { path: 'BLANC_JULIE/a.dcm', name: "BLANC^Julie", patientId: 'BLJ6006' },
    ]);
    const summary = await runAnonymization(optionsFor({ input: join(dir.path, 'in'), output }));
    assert.equal(summary.exitCode, 0);
  });
  after(() => dir.remove());

  it('passes the page when a family name is a word of its fixed text', async () => {
    assert.match(readFileSync(join(output, 'report.html'), 'utf8'), /\bNoto\b/);
    assert.deepEqual((await verifyOutput(output, `${output}-private`)).findings, []);
  });

  it('finds a name the page draws from report.json where report.json spells it otherwise', async () => {
    // A key report.json holds as one word ("blancNotes"), which the page splits into two ("Blanc notes").
    const path = join(output, 'report.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"status":', '"blancNotes": 1,\n  "status":'));
    writeFileSync(join(output, 'report.html'), drawReportJson(output));
    assert.match(readFileSync(join(output, 'report.html'), 'utf8'), /Blanc notes/);
    const { findings } = await verifyOutput(output, `${output}-private`);
    assert.ok(findings.some((line) => line.startsWith('report.html: holds a name or PatientID')), findings.join('\n'));
    assert.ok(findings.every((line) => !line.startsWith('report.json:')), findings.join('\n'));
    assert.ok(findings.every((line) => !/blanc|julie/i.test(line)));
  });
});

describe('verifyOutput on report.json', () => {
  const dir = tempDir('verify-report-json');
  const output = join(dir.path, 'out');
  before(async () => {
    writeTiny(join(dir.path, 'in'), [{ path: 'MCALLISTER_ANN/a.dcm', name: 'MCALLISTER^ANN', patientId: 'MCA3003' }]);
    const summary = await runAnonymization(optionsFor({ input: join(dir.path, 'in'), output }));
    assert.equal(summary.exitCode, 0);
  });
  after(() => dir.remove());

  it('finds a name written with JSON escapes, which every JSON reader shows in clear', async () => {
    assert.deepEqual((await verifyOutput(output, `${output}-private`)).findings, []);
    const escaped = [...'McAllister'].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const path = join(output, 'report.json');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.replace('"status":', `"note": "${escaped}",\n  "status":`));
    assert.equal((JSON.parse(readFileSync(path, 'utf8')) as { note: string }).note, 'McAllister');
    const { findings } = await verifyOutput(output, `${output}-private`);
    assert.ok(
      findings.some((line) => line.startsWith('report.json: holds a name or PatientID') && line.includes('JSON escapes undone')),
      findings.join('\n'),
    );
    assert.ok(findings.every((line) => !/mcallister/i.test(line)));
  });
});

describe('verifyOutput on a run that did not finish', () => {
  const dir = tempDir('verify-temp-folder');
  const output = join(dir.path, 'out');
  before(async () => {
    writeTiny(join(dir.path, 'in'), [{ path: 'LESTRADE_GREG/a.dcm', name: 'LESTRADE^GREG', patientId: 'LG4004' }]);
    const summary = await runAnonymization(optionsFor({ input: join(dir.path, 'in'), output }));
    assert.equal(summary.exitCode, 0);
  });
  after(() => dir.remove());

  it('says so, and searches what the temp folder holds: it is in the output, which may be sent', async () => {
    mkdirSync(join(output, TEMP_DIR_NAME, 'thread-1'), { recursive: true });
    writeFileSync(join(output, TEMP_DIR_NAME, 'thread-1', '0.part'), 'seen by Greg Lestrade');
    const { findings } = await verifyOutput(output, `${output}-private`);
    assert.ok(findings.some((line) => line.startsWith(`${TEMP_DIR_NAME}: a run did not finish`)), findings.join('\n'));
    assert.ok(findings.some((line) => line.startsWith(`${TEMP_DIR_NAME}/thread-1/0.part: bytes at`) && !/lestrade/i.test(line)), findings.join('\n'));
  });
});

describe('verifyOutput on report.json: its own words are no names', () => {
  const dir = tempDir('verify-report-words');
  const output = join(dir.path, 'out');
  before(async () => {
    // report.json writes `"jobs": 1` and `"ids": "hash"` whoever the patients are.
    writeTiny(join(dir.path, 'in'), [
      { path: 'JOBS_STEVEN/a.dcm', name: 'JOBS^Steven', patientId: 'JBS7007' },
      { path: 'HASH_MIRIAM/a.dcm', name: 'HASH^Miriam', patientId: 'HSH8008' },
    ]);
    const summary = await runAnonymization(optionsFor({ input: join(dir.path, 'in'), output, jobs: 1 }));
    assert.equal(summary.exitCode, 0);
  });
  after(() => dir.remove());

  it('passes report.json and report.html whose option names and choices spell a family name', async () => {
    const text = readFileSync(join(output, 'report.json'), 'utf8');
    assert.match(text, /"jobs": 1/);
    assert.match(text, /"ids": "hash"/);
    assert.deepEqual((await verifyOutput(output, `${output}-private`)).findings, []);
  });

  it("still finds a patient's name written into report.json", async () => {
    const path = join(output, 'report.json');
    writeFileSync(path, readFileSync(path, 'utf8').replace('"status":', '"note": "seen with Steven Jobs",\n  "status":'));
    const { findings } = await verifyOutput(output, `${output}-private`);
    assert.ok(findings.some((line) => line.startsWith('report.json: holds a name or PatientID')), findings.join('\n'));
    assert.ok(findings.every((line) => !/steven|jobs/i.test(line)));
  });
});
