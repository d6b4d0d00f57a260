/**
 * Hostile and broken input never stops the run nor loses the good files: truncated and lying
 * DICOM, deep nesting, unknown character sets, zips with `..` and absolute names, duplicates,
 * encrypted entries, a bomb, symlinks (to outside, and in a loop), a FIFO, system files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runAnonymization, type RunSummary, verifyOutput } from '../../src/node/run/index.ts';
import { rawZip } from '../../src/node/sources/testing/raw-zip.ts';
import { pydicom, pydicomUnavailable, SYSTEM_PYTHON } from '../support/checkers.ts';
import { independentScan } from './independent-scan.ts';
import { listFiles, optionsFor, readRunCsv, runCaptured, snapshotTree, tempDir } from './support.ts';
import { tinyDicom, writeTiny } from './tiny-dataset.ts';

const alice = { family: 'Lindqvist', given: ['Alice'], patientIds: ['LQA1001'] };

/** Zips written by Python's zipfile, which lets a test choose names no archiver would write. */
function pythonZip(path: string, entries: [string, string][], patch: 'encrypt-first' | 'none' = 'none'): void {
  const script = `
import sys, json, zipfile
path, entries, patch = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
    for name, source in entries:
        data = open(source, 'rb').read() if source.startswith('/') else (b'\\0' * int(source[5:]) if source.startswith('zero:') else source.encode())
        z.writestr(name, data)
if patch == 'encrypt-first':
    b = bytearray(open(path, 'rb').read())
    b[6] |= 1                     # local header: general purpose flag bit 0 (encrypted)
    c = b.find(b'PK\\x01\\x02')
    b[c + 8] |= 1                 # central directory: the same flag
    open(path, 'wb').write(bytes(b))
`;
  const result = spawnSync(SYSTEM_PYTHON, ['-c', script, path, JSON.stringify(entries), patch], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
}

describe('hostile input', () => {
  const dir = tempDir('hostile');
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const outside = join(dir.path, 'outside-secret.dcm');
  let summary: RunSummary;
  let inputBefore: Map<string, string>;
  const logs: string[] = [];

  before(async () => {
    const good = { name: 'LINDQVIST^ALICE', patientId: 'LQA1001' };
    writeTiny(input, [
      { path: 'LINDQVIST_ALICE/s1/1.dcm', ...good, comments: 'Lindqvist Alice, follow-up' },
      { path: 'LINDQVIST_ALICE/s1/2.dcm', ...good },
    ]);
    const folder = join(input, 'LINDQVIST_ALICE', 's1');
    const sample = tinyDicom({ path: '', ...good });
    writeFileSync(join(folder, 'truncated.dcm'), sample.subarray(0, 400));
    const lying = sample.slice();
    const lt = Buffer.from(lying).indexOf(Buffer.from([0x10, 0x00, 0x00, 0x40, 0x4c, 0x54]));
    lying.set([0xff, 0xff], lt + 6); // LT length 65535: far past the end of the file
    writeFileSync(join(folder, 'lying-length.dcm'), lying);
    writeFileSync(join(folder, 'notes.txt'), 'report for Lindqvist Alice');
    writeFileSync(join(folder, '.DS_Store'), Buffer.alloc(64, 1));
    writeFileSync(outside, tinyDicom({ path: '', name: 'OUTSIDE^SECRET', patientId: 'OUT9999' }));
    symlinkSync(outside, join(folder, 'link-outside.dcm'));
    symlinkSync(join(folder, 'loop-b'), join(folder, 'loop-a'));
    symlinkSync(join(folder, 'loop-a'), join(folder, 'loop-b'));
    spawnSync('mkfifo', [join(folder, 'pipe.dcm')]);
    const member = join(dir.path, 'member.dcm');
    writeFileSync(member, tinyDicom({ path: '', ...good, comments: 'zipped' }));
    pythonZip(join(input, 'LINDQVIST_ALICE', 'cd.zip'), [
      ['../escape.dcm', member],
      ['/absolute.dcm', member],
      ['dup.dcm', member],
      ['dup.dcm', member],
      ['ok/inner.dcm', member],
    ]);
    pythonZip(join(input, 'LINDQVIST_ALICE', 'locked.zip'), [['secret.dcm', member]], 'encrypt-first');
    pythonZip(join(input, 'bomb.zip'), [['zeros.dcm', 'zero:120000000']]);
    mkdirSync(join(input, 'empty-folder'));
    inputBefore = snapshotTree(input);
    summary = await runAnonymization(optionsFor({ input, output, jobs: 1 }), { onLog: (e) => logs.push(`${e.level}: ${e.message}`) });
  });
  after(() => dir.remove());

  it('finishes with exit 3 (corrupt files skipped), every good file anonymized', () => {
    assert.equal(summary.exitCode, 3, JSON.stringify(summary));
    assert.equal(summary.patients, 1);
    // 2 files in the folder, and from cd.zip: ../escape, /absolute, dup, dup#2, ok/inner.
    assert.equal(summary.files.anonymized, 7);
    assert.ok(summary.files.skipped >= 2, 'truncated and lying-length');
  });

  it('writes nothing outside the output, follows no symlink, leaves the input as it was', () => {
    assert.deepEqual(snapshotTree(input), inputBefore);
    assert.equal(existsSync(join(dir.path, 'escape.dcm')), false);
    assert.deepEqual(independentScan(output, [{ family: 'Outside', given: ['Secret'], patientIds: ['OUT9999'] }], { dcmdump: false }), []);
    for (const file of listFiles(output)) assert.ok(!file.includes('..'), file);
  });

  it('is clean by verify and by an independent scan', async () => {
    assert.deepEqual((await verifyOutput(output, `${output}-private`)).findings, []);
    assert.deepEqual(independentScan(output, [alice]), []);
  });

  it('lists every refused item in report.json by reason, without its path', () => {
    const text = readFileSync(join(output, 'report.json'), 'utf8');
    const report = JSON.parse(text) as { fileOutcomes: { input?: string; outcome: string; reason?: string }[] };
    const reasons = report.fileOutcomes.filter((f) => f.input !== undefined).map((f) => f.reason ?? '');
    for (const code of ['symlink', 'special-file', 'encrypted', 'zip-bomb', 'corrupt DICOM', 'not a DICOM file', 'system file']) assert.ok(reasons.some((r) => r.includes(code)), `${code} in ${reasons.join(', ')}`);
    assert.doesNotMatch(text, /lindqvist|alice|LQA1001|locked\.zip|bomb\.zip/i);
  });
});

describe('a zipped file whose header is sound and whose end fails its CRC', () => {
  const dir = tempDir('crc');
  after(() => dir.remove());

  it('is read for its header, then skipped when read whole: exit 3, the reason in report.json, the rest anonymized', async () => {
    const input = join(dir.path, 'in');
    const output = join(dir.path, 'out');
    mkdirSync(input, { recursive: true });
    // Pixels that do not compress: the header scan inflates only the first part of the entry.
    const pixels = () => randomFillSync(new Uint8Array(200_000));
    const good = tinyDicom({ path: '', name: 'LINDQVIST^ALICE', patientId: 'LQA1001', pixels: pixels() });
    const bad = tinyDicom({ path: '', name: 'LINDQVIST^ALICE', patientId: 'LQA1001', pixels: pixels() });
    writeFileSync(join(input, 'LINDQVIST_ALICE.zip'), rawZip([
      { name: 'CT/1.dcm', data: good, method: 8 },
      { name: 'CT/2.dcm', data: bad, method: 8, crc: 0x0badc0de },
    ]));
    const logs: string[] = [];
    const summary = await runAnonymization(optionsFor({ input, output, jobs: 1 }), { onLog: (e) => logs.push(`${e.level}: ${e.message}`) });
    assert.equal(summary.exitCode, 3, JSON.stringify(summary));
    assert.deepEqual({ anonymized: summary.files.anonymized, skipped: summary.files.skipped }, { anonymized: 1, skipped: 1 });
    assert.ok(!logs.some((line) => /a bug/.test(line)), logs.join('\n'));
    const report = JSON.parse(readFileSync(join(output, 'report.json'), 'utf8')) as { fileOutcomes: { outcome: string; reason?: string }[] };
    assert.ok(report.fileOutcomes.some((f) => f.outcome === 'skipped' && /CRC/.test(f.reason ?? '')), JSON.stringify(report.fileOutcomes));
    assert.deepEqual((await verifyOutput(output, `${output}-private`)).findings, []);
  });
});

describe('zip entries whose path leaves the zip (`..`, absolute)', { skip: pydicomUnavailable() }, () => {
  const dir = tempDir('zip-dotdot');
  after(() => dir.remove());

  it('are each counted once, anonymized, and listed in files.csv under their real path in the zip', async () => {
    const input = join(dir.path, 'in');
    const output = join(dir.path, 'out');
    mkdirSync(input, { recursive: true });
    const member = join(dir.path, 'member.dcm');
    writeFileSync(member, tinyDicom({ path: '', name: 'SIMON^Eve', patientId: 'FR77777777' }));
    pythonZip(join(input, 'p.zip'), [
      ['../../x.dcm', member],
      ['/abs/y.dcm', member],
    ]);
    const run = await runCaptured(['anonymize', input, '--output', output, '--json', '--jobs', '1']);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as { files: Record<string, number> };
    assert.deepEqual(summary.files, { anonymized: 2, unchanged: 0, ignored: 0, skipped: 0, quarantined: 0 });
    // Told once each on stderr, as read under a safe name.
    assert.equal(run.stderr.match(/read under a safe name/g)?.length, 2, run.stderr);

    const rows = readRunCsv(join(`${output}-private`, 'files.csv')).slice(1);
    assert.deepEqual(rows.map((row) => [row[0], row[1]]).sort(), [
      [`${input}/p.zip!../../x.dcm`, 'anonymized'],
      [`${input}/p.zip!/abs/y.dcm`, 'anonymized'],
    ]);
    const written = rows.map((row) => row[3]!);
    for (const path of written) assert.ok(path.startsWith(`${output}/`) && !path.includes('..'), path);
    const names = pydicom('import sys, pydicom\nfor p in sys.argv[1:]: print(pydicom.dcmread(p).PatientName)', written).trim().split('\n');
    const id = written[0]!.slice(output.length + 1).split('/')[0]!;
    assert.deepEqual(names, [id, id]);
  });
});
