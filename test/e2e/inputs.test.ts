/**
 * Inputs that must not be lost, and a truthful account of every input file: VR bytes that are no
 * VR, junk after the data set, folder names that are not UTF-8, a name across a backslash in a
 * file name, values the id would push past their VR's length; files.csv listing every input file
 * with the references report.json uses; stderr naming each file not written; refusal of an input
 * with no DICOM at all.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runAnonymization, type RunSummary, verifyOutput } from '../../src/node/run/index.ts';
import { dcmdump, dcmdumpUnavailable, pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { independentScan, type KnownPerson } from './independent-scan.ts';
import { optionsFor, tempDir } from './support.ts';
import { tinyDicom } from './tiny-dataset.ts';

const skip = dcmdumpUnavailable() ?? pydicomUnavailable();
const BIN = resolve(import.meta.dirname, '../../bin/dicomveil.mjs');
const li: KnownPerson = { family: 'Li', given: ['Wei'], patientIds: ['LW70011'] };
const muller: KnownPerson = { family: 'Müller', given: ['Anna'], patientIds: ['MA80022'] };

/** A file whose StudyDescription is written with two spaces for its VR, as some modalities do. */
function badVrFile(): Uint8Array {
  const bytes = tinyDicom({ path: '', name: 'LI^WEI', patientId: 'LW70011', extra: [{ tag: 0x00081030, vr: 'LO', value: 'Brain for LI WEI, follow-up' }] });
  const header = Buffer.from([0x08, 0x00, 0x30, 0x10, 0x4c, 0x4f]);
  const at = Buffer.from(bytes).indexOf(header);
  assert.ok(at > 0);
  bytes[at + 4] = 0x20;
  bytes[at + 5] = 0x20;
  return bytes;
}

/** The files under `dir` as raw names, relative, `/`-joined (bytes that are not UTF-8 shown as U+FFFD). */
function rawTree(dir: string, prefix = ''): { path: string; utf8: boolean }[] {
  const out: { path: string; utf8: boolean }[] = [];
  for (const raw of readdirSync(dir, { encoding: 'buffer' })) {
    let utf8 = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      utf8 = false;
    }
    const path = `${prefix}${raw.toString('utf8')}`;
    const full = Buffer.concat([Buffer.from(`${dir}/`), raw]);
    out.push({ path, utf8 });
    try {
      out.push(...rawTree(full.toString('utf8'), `${path}/`));
    } catch {
      // A file, or a folder whose own name is not UTF-8 (none is, in an output).
    }
  }
  return out;
}

/** files.csv as Python's csv module reads it: an independent reader. */
function readFilesCsv(path: string): Record<string, string>[] {
  const script = `
import csv, json, sys
with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    print(json.dumps(list(csv.DictReader(f, delimiter=';'))))`;
  return JSON.parse(pydicom(script, [path])) as Record<string, string>[];
}

describe('inputs that are not quite DICOM, and an account of every file', { skip }, () => {
  const dir = tempDir('inputs');
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const priv = `${output}-private`;
  const logs: string[] = [];
  let summary: RunSummary;
  const junkTail = Buffer.concat([Buffer.from([0x00, 0x01, 0xff, 0xfe]), Buffer.from(' scanner garbage!!')]);

  before(async () => {
    const session = join(input, 'LI_WEI', 's1');
    mkdirSync(session, { recursive: true });
    writeFileSync(join(session, 'badvr.dcm'), badVrFile());
    writeFileSync(join(session, 'junk.dcm'), Buffer.concat([tinyDicom({ path: '', name: 'LI^WEI', patientId: 'LW70011' }), junkTail]));
    writeFileSync(join(session, 'LI\\WEI 2.dcm'), tinyDicom({ path: '', name: 'LI^WEI', patientId: 'LW70011', extra: [{ tag: 0x00200010, vr: 'SH', value: 'LI WEI scan 2' }] }));
    writeFileSync(join(session, 'notes.txt'), 'not an image');
    writeFileSync(join(session, 'cut.dcm'), tinyDicom({ path: '', name: 'LI^WEI', patientId: 'LW70011' }).subarray(0, 600));
    // MÜLLER_ANNA/Série 1 in Latin-1, as old CDs and Windows shares write folder names.
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const folder = Buffer.concat([Buffer.from(`${input}/`), latin1('MÜLLER_ANNA'), Buffer.from('/'), latin1('Série 1')]);
    mkdirSync(folder, { recursive: true });
    writeFileSync(Buffer.concat([folder, Buffer.from('/a.dcm')]), tinyDicom({ path: '', name: 'MULLER^ANNA', patientId: 'MA80022' }));
    summary = await runAnonymization(optionsFor({ input, output, jobs: 1 }), { onLog: (e) => logs.push(`${e.level}: ${e.message}`) });
  });
  after(() => dir.remove());

  it('anonymizes every file that is DICOM; only the cut one is skipped, the text file ignored', () => {
    assert.deepEqual(summary.files, { anonymized: 4, unchanged: 0, ignored: 1, skipped: 1, quarantined: 0 }, JSON.stringify(summary));
    assert.equal(summary.exitCode, 3);
  });

  it('writes files dcmdump and pydicom read, with no name left, found by verify nor by a raw scan', async () => {
    const files = rawTree(output).filter((f) => f.path.endsWith('.dcm'));
    assert.equal(files.length, 4);
    for (const file of files) assert.ok(dcmdump(join(output, file.path)).ok, `dcmdump: ${file.path}`);
    assert.deepEqual(independentScan(output, [li, muller], { dcmdump: false }), []);
    assert.deepEqual((await verifyOutput(output, priv)).findings, []);
  });

  it('names no output path with bytes that are not UTF-8, renames the names in them, keeps the rest', () => {
    const paths = rawTree(output);
    assert.deepEqual(paths.filter((p) => !p.utf8), []);
    assert.ok(paths.some((p) => p.path.endsWith('/Série 1/a.dcm')), paths.map((p) => p.path).join('\n'));
    for (const p of paths) assert.doesNotMatch(p.path, /MÜLLER|LI\\WEI|LI_WEI/i);
  });

  it('prints an input path that is not UTF-8 in files.csv with its stray bytes as \\xHH, never as U+FFFD', () => {
    const rows = readFilesCsv(join(priv, 'files.csv'));
    assert.ok(rows.every((row) => !row.input_path!.includes('\uFFFD')), rows.map((row) => row.input_path).join('\n'));
    assert.ok(rows.some((row) => row.input_path === join(input, 'M\\xDCLLER_ANNA/S\\xE9rie 1/a.dcm')), rows.map((row) => row.input_path).join('\n'));
  });

  it('drops junk after the data set, says so, and keeps the element whose VR bytes were spaces', () => {
    const csv = readFilesCsv(join(priv, 'files.csv'));
    const junk = csv.find((row) => row.input_path!.endsWith('/junk.dcm'))!;
    assert.equal(junk.outcome, 'anonymized');
    assert.match(junk.reason!, /22 bytes of junk/);
    assert.ok(logs.some((line) => line.startsWith('warn: ') && line.includes(join(input, 'LI_WEI/s1/junk.dcm')) && line.includes('junk')), logs.join('\n'));
    const written = readFileSync(junk.output_path!);
    assert.equal(written.subarray(-junkTail.length).equals(junkTail), false);
    const read = pydicom(`import sys, pydicom\nd = pydicom.dcmread(sys.argv[1])\nprint(str(d.PatientName), [str(e.tag) for e in d][-1])`, [junk.output_path!]).trim();
    assert.match(read, /^subj_\w+ \(7fe0, 0010\)$/, 'pydicom reads the output to its pixel data, nothing after');
    const bad = csv.find((row) => row.input_path!.endsWith('/badvr.dcm'))!;
    const out = readFileSync(bad.output_path!);
    const at = out.indexOf(Buffer.from([0x08, 0x00, 0x30, 0x10]));
    assert.deepEqual([...out.subarray(at + 4, at + 6)], [0x20, 0x20]);
    const length = out.readUInt16LE(at + 6);
    assert.match(out.subarray(at + 8, at + 8 + length).toString('latin1'), /^Brain for subj_\w+, follow-up *$/);
  });

  it('fits the id into a short value and says how many were shortened; DeidentificationMethod fits LO', () => {
    const csv = readFilesCsv(join(priv, 'files.csv'));
    const two = csv.find((row) => row.input_path!.endsWith('/LI\\WEI 2.dcm'))!;
    const values = JSON.parse(
      pydicom(
        `import sys, json, pydicom\nd = pydicom.dcmread(sys.argv[1])\nprint(json.dumps([d.StudyID, d.DeidentificationMethod, d.PatientName.family_name]))`,
        [two.output_path!],
      ),
    ) as string[];
    assert.equal(values[0], `${values[2]} sc`);
    assert.ok(values[0]!.length <= 16);
    assert.ok(values[1]!.length <= 64, values[1]);
    const report = JSON.parse(readFileSync(join(output, 'report.json'), 'utf8')) as { valuesShortened: number; nameReplacements: Record<string, number> };
    assert.equal(report.valuesShortened, 1);
    assert.deepEqual([report.nameReplacements.StudyID, report.nameReplacements.StudyDescription], [1, 1]);
    assert.equal(report.nameReplacements.PatientName, undefined, 'the profile sets PatientName; no name match counted');
  });

  it('lists every input file in files.csv, with the opaque reference report.json uses and no path in report.json', () => {
    const csv = readFilesCsv(join(priv, 'files.csv'));
    assert.equal(csv.length, 6);
    const outcomes = Object.fromEntries(csv.map((row) => [row.input_path!.split('/').pop()!, row.outcome]));
    assert.deepEqual(outcomes, { 'badvr.dcm': 'anonymized', 'junk.dcm': 'anonymized', 'LI\\WEI 2.dcm': 'anonymized', 'notes.txt': 'ignored', 'cut.dcm': 'skipped', 'a.dcm': 'anonymized' });
    const reportText = readFileSync(join(output, 'report.json'), 'utf8');
    const report = JSON.parse(reportText) as { fileOutcomes: { input?: string; output?: string; outcome: string }[] };
    assert.deepEqual(csv.map((row) => row.reference).sort(), report.fileOutcomes.map((file) => file.input).sort());
    for (const row of csv) if (row.output_path) assert.ok(existsSync(row.output_path), row.output_path);
    assert.doesNotMatch(reportText, /LI_WEI|WEI|MÜLLER|MULLER|notes\.txt|cut\.dcm|\/in\//i);
  });

  it('names the skipped file on stderr, and counts the ignored one', () => {
    assert.ok(logs.some((line) => line.includes(join(input, 'LI_WEI/s1/cut.dcm')) && /skipped/.test(line)), logs.join('\n'));
    assert.ok(logs.some((line) => /1 file\(s\) that are not DICOM ignored/.test(line)));
    assert.ok(!logs.some((line) => line.includes('notes.txt')));
  });

  it('keeps files.csv and the counts true when run again: every file unchanged, none lost', async () => {
    const again = await runAnonymization(optionsFor({ input, output, jobs: 1 }));
    assert.deepEqual(again.files, { anonymized: 0, unchanged: 4, ignored: 1, skipped: 1, quarantined: 0 });
    const csv = readFilesCsv(join(priv, 'files.csv'));
    assert.equal(csv.filter((row) => row.outcome === 'unchanged').length, 4);
    assert.match(csv.find((row) => row.input_path!.endsWith('/junk.dcm'))!.reason!, /junk/);
    const report = JSON.parse(readFileSync(join(output, 'report.json'), 'utf8')) as { valuesShortened: number; nameReplacements: Record<string, number> };
    assert.equal(report.valuesShortened, 1);
    assert.equal(report.nameReplacements.StudyDescription, 1);
  });

  it('extends with an input holding no DICOM file: nothing new, and files.csv still lists the earlier files', async () => {
    const empty = join(dir.path, 'nothing-new');
    mkdirSync(empty);
    writeFileSync(join(empty, 'readme.txt'), 'no images here');
    const extended = await runAnonymization(optionsFor({ input: empty, output, jobs: 1 }));
    assert.equal(extended.exitCode, 0, JSON.stringify(extended));
    const csv = readFilesCsv(join(priv, 'files.csv'));
    assert.equal(csv.length, 7);
    assert.ok(csv.some((row) => row.input_path!.endsWith('/badvr.dcm')));
  });
});

describe('an input with no DICOM file at all', () => {
  const dir = tempDir('no-dicom');
  after(() => dir.remove());

  it('is refused with exit code 2, a clear message and nothing written', () => {
    const input = join(dir.path, 'in');
    mkdirSync(join(input, 'P1'), { recursive: true });
    writeFileSync(join(input, 'P1', 'report.pdf'), '%PDF-1.7 not an image');
    const output = join(dir.path, 'out');
    const result = spawnSync(process.execPath, [BIN, 'anonymize', input, '--output', output, '--json'], { encoding: 'utf8' });
    assert.equal(result.status, 2, result.stderr);
    const summary = JSON.parse(result.stdout) as { status: string; error: string };
    assert.equal(summary.status, 'refused');
    assert.match(summary.error, /no DICOM file/);
    assert.equal(existsSync(output), false);
    assert.equal(existsSync(`${output}-private`), false);
  });
});
