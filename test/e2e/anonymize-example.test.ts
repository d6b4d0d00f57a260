/**
 * The main job on a generated dataset, judged by parts that share no code with the anonymizer:
 * the generator's truth, dcmdump, pydicom, and a plain regular-expression scan.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateDataset, LAYOUT } from '../../src/node/example/generate.ts';
import type { Truth } from '../../src/node/example/truth.ts';
import { runAnonymization, type RunSummary, verifyOutput } from '../../src/node/run/index.ts';
import { dcmdump, dcmdumpUnavailable, pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { independentScan } from './independent-scan.ts';
import { listFiles, optionsFor, PY_OPEN_REF, snapshotTree, tempDir } from './support.ts';

const skip = dcmdumpUnavailable() ?? pydicomUnavailable();

describe('anonymize a generated dataset end to end', { skip }, () => {
  const dir = tempDir('example');
  let truth: Truth;
  let summary: RunSummary;
  let inputBefore: Map<string, string>;
  const input = join(dir.path, LAYOUT.input);
  const output = join(dir.path, 'out');
  const outputs = () => listFiles(output).filter((f) => f.endsWith('.dcm') || !f.includes('.'));

  before(async () => {
    truth = await generateDataset(dir.path, { seed: 11, patients: 8 });
    inputBefore = snapshotTree(input);
    summary = await runAnonymization(optionsFor({ input, output, demographics: join(dir.path, LAYOUT.demographics), jobs: 2 }));
  });
  after(() => dir.remove());

  it('finishes complete, exit 0, one patient per generated patient', () => {
    assert.equal(summary.status, 'complete');
    assert.equal(summary.exitCode, 0);
    assert.equal(summary.patients, truth.patients.length);
    const dicom = truth.files.filter((f) => f.kind === 'dicom').length;
    assert.equal(summary.files.anonymized, dicom);
    assert.equal(summary.files.ignored, truth.files.length - dicom);
    assert.equal(summary.ambiguous, truth.demographics.ambiguous.length);
  });

  it('leaves the input byte-identical, mtimes included', () => {
    assert.deepEqual(snapshotTree(input), inputBefore);
  });

  it('has no finding by verify, nor by an independent scan of dcmdump text, raw bytes and paths', async () => {
    assert.deepEqual((await verifyOutput(output, `${output}-private`)).findings, []);
    const persons = truth.patients.map((p) => ({ family: p.family, given: [p.given], patientIds: [p.patientId] }));
    assert.deepEqual(independentScan(output, persons), []);
  });

  it('writes files that dcmdump reads without error', () => {
    const files = outputs();
    assert.ok(files.length > 0);
    for (const file of files) assert.ok(dcmdump(join(output, file)).ok, `dcmdump fails on ${file}`);
  });

  it('keeps pixel data, age, sex and dates, and writes the id as PatientName and PatientID (pydicom)', () => {
    const pairs = new Map<string, string>();
    const bySop = new Map(truth.files.filter((f) => f.sopInstanceUid).map((f) => [f.sopInstanceUid!, f.ref]));
    const script = `${PY_OPEN_REF}
import sys, json, hashlib, io, pydicom
root, out_root, listing = sys.argv[1], sys.argv[2], json.load(open(sys.argv[3]))
KEYS = ['PatientAge', 'PatientSex', 'PatientBirthDate', 'StudyDate', 'SeriesDate', 'AcquisitionDate', 'StudyInstanceUID']
def facts(ds):
    return {k: str(ds.get(k, '')) for k in KEYS} | {'pixels': hashlib.sha256(ds.PixelData).hexdigest() if 'PixelData' in ds else ''}
result = []
for out, ref in listing:
    o = pydicom.dcmread(out_root + '/' + out, force=True)
    i = pydicom.dcmread(io.BytesIO(open_ref(root, ref)), force=True)
    result.append({'out': out, 'same': facts(o) == facts(i), 'name': str(o.PatientName), 'pid': str(o.PatientID), 'folder': out.split('/')[0]})
print(json.dumps(result))`;
    const sops = JSON.parse(pydicom(`import sys, json, pydicom\nprint(json.dumps([str(pydicom.dcmread(sys.argv[1] + '/' + f, force=True).SOPInstanceUID) for f in sys.argv[2:]]))`, [output, ...outputs()])) as string[];
    outputs().forEach((file, i) => {
      const ref = bySop.get(sops[i]!);
      assert.ok(ref, `${file}: no input with its SOPInstanceUID`);
      pairs.set(file, ref);
    });
    const listing = join(dir.path, 'pairs.json');
    writeFileSync(listing, JSON.stringify([...pairs.entries()]));
    const checked = JSON.parse(pydicom(script, [input, output, listing])) as { out: string; same: boolean; name: string; pid: string; folder: string }[];
    assert.equal(checked.length, pairs.size);
    for (const file of checked) {
      assert.ok(file.same, `${file.out}: pixel data, age, sex, dates or study UID changed`);
      assert.equal(file.name, file.folder);
      assert.equal(file.pid, file.folder);
    }
  });

  it('writes references and the dataset id as digits in report.json: random letters could spell a name', () => {
    const report = JSON.parse(readFileSync(join(output, 'report.json'), 'utf8')) as { dataset: string; fileOutcomes: { input?: string }[] };
    assert.match(report.dataset, /^\d{36}$/);
    assert.ok(report.fileOutcomes.length > 0);
    for (const file of report.fileOutcomes) assert.match(file.input ?? '', /^input-\d{20}$/);
  });

  it('writes the demographics outputs the generator expects', () => {
    // The id of each generated patient: the folder its files went to.
    const report = JSON.parse(readFileSync(join(output, 'report.json'), 'utf8')) as { fileOutcomes: { output?: string }[] };
    assert.ok(report.fileOutcomes.length > 0);
    const mapping = readFileSync(join(`${output}-private`, 'mapping.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((line) => line.split(';'));
    const idOf = new Map<string, string>();
    for (const p of truth.patients) {
      const row = mapping.find((cells) => (cells[2] ?? '').split('|').includes(p.patientId));
      assert.ok(row, `patient ${p.key} is not in mapping.csv`);
      idOf.set(p.key, row[0]!);
    }
    assert.equal(new Set(idOf.values()).size, truth.patients.length);
    const shared = readFileSync(join(output, 'demographics_anonymized.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    const sharedIds = shared.slice(1).map((line) => line.split(';')[0]).sort();
    assert.deepEqual(sharedIds, truth.demographics.links.map((l) => idOf.get(l.patient)).sort());
    const missing = readFileSync(join(output, 'missing_demographics.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).sort();
    assert.deepEqual(missing, [...truth.demographics.missing, ...truth.demographics.ambiguous].map((k) => idOf.get(k)).sort());
    assert.equal(shared[0]!.split(';')[0], 'id');
    for (const column of ['name', 'email', 'phone']) assert.ok(!shared[0]!.split(';').includes(column), `${column} is shared`);
  });
});
