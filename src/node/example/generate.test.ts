/**
 * The generator against independent readers: every file it claims exists (found by the input
 * sources), every DICOM file valid for dcmtk and pydicom, every planted value where the truth
 * says, the spreadsheet as papaparse reads it, and the same bytes for the same seed.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import Papa from 'papaparse';
import { dcmdump, dcmdumpUnavailable, pydicom, pydicomUnavailable } from '../../../test/support/checkers.ts';
import { listAll } from '../sources/testing/tree.ts';
import { generateDataset, LAYOUT } from './generate.ts';
import { FAMILY_NAMES, levenshtein, stripAccents, VOCABULARY } from './people.ts';
import type { Truth } from './truth.ts';

let dir = '';
let truth: Truth;
/** Each DICOM file's bytes copied out of folders and zips, by ref. */
const extracted = new Map<string, string>();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dicomveil-example-'));
  truth = await generateDataset(dir, { seed: 3, patients: 8, filesPerSession: 3 });
  const listing = await listAll(join(dir, LAYOUT.input));
  const out = join(dir, 'extracted');
  mkdirSync(out);
  for (const entry of listing.entries) {
    const handle = await entry.open();
    const path = join(out, `${extracted.size}.dcm`);
    writeFileSync(path, handle.source.read(0, handle.source.size));
    await handle.close();
    extracted.set(entry.ref, path);
  }
  await listing.close();
});

const fold = (text: string) => stripAccents(text).toLowerCase().replace(/[^a-z]+/g, ' ').trim();
const words = (text: string) => fold(text).split(' ').sort().join(' ');

test('every file of the truth is in the input, with its size, and nothing else is', async () => {
  const listing = await listAll(join(dir, LAYOUT.input));
  assert.deepEqual(listing.problems, []);
  assert.deepEqual(
    listing.entries.map((e) => [e.ref, e.size]).sort(),
    truth.files.map((f) => [f.ref, f.size]).sort(),
  );
  assert.deepEqual(JSON.parse(readFileSync(join(dir, LAYOUT.truth), 'utf8')), truth);
  const containers = truth.files.map((f) => f.ref.split('!').length - 1);
  assert.ok(containers.includes(0) && containers.includes(1) && containers.includes(2), 'folders, zips and zips in zips');
  assert.ok(truth.files.some((f) => /^[^!]+\/[^!]+\.zip!/.test(f.ref)), 'a zip inside a patient folder');
  assert.deepEqual(new Set(truth.files.filter((f) => f.kind !== 'dicom').map((f) => f.kind)), new Set(['system', 'report', 'dicomdir']));
  await listing.close();
});

test('every DICOM file is read without error by dcmdump', (t) => {
  const why = dcmdumpUnavailable();
  if (why) return t.skip(why);
  // One dcmdump run over every file: it reports each unreadable one on stderr.
  const files = truth.files.filter((f) => f.kind === 'dicom' || f.kind === 'dicomdir').map((f) => extracted.get(f.ref)!);
  const dump = dcmdump(files[0]!, files.slice(1));
  assert.ok(dump.ok, dump.stderr);
  assert.equal(dump.stdout.match(/^# Dicom-File-Format/gm)?.length, files.length);
  // Implicit VR leaves the private element's VR unknown to dcmtk (`??`).
  assert.equal(dump.stdout.match(/^\(0033,1013\) (LO \[|\?\? )/gm)?.length, truth.totals.dicomFiles);
  assert.equal(dump.stdout.match(/MediaStorageDirectoryStorage/g)?.length, 1);
});

const READ_ALL = `
import json, sys, pydicom
out = {}
for ref, path in json.load(sys.stdin).items():
    ds = pydicom.dcmread(path)
    ds.decode()
    get = lambda kw: str(ds.get(kw)) if kw in ds else None
    seq = ds.RequestAttributesSequence[0]
    out[ref] = {
        'ts': str(ds.file_meta.TransferSyntaxUID), 'charset': get('SpecificCharacterSet'),
        'PatientName': get('PatientName'), 'PatientID': get('PatientID'), 'PatientBirthDate': get('PatientBirthDate'),
        'PatientSex': get('PatientSex'), 'PatientAge': get('PatientAge'), 'StudyDate': get('StudyDate'),
        'SOPInstanceUID': get('SOPInstanceUID'), 'OtherPatientNames': get('OtherPatientNames'),
        'StudyDescription': get('StudyDescription'), 'ImageComments': get('ImageComments'),
        'PatientComments': get('PatientComments'), 'AdditionalPatientHistory': get('AdditionalPatientHistory'),
        'RequestAttributesSequence': str(seq.ScheduledProcedureStepDescription),
        'CodeMeaning': str(seq.ScheduledProtocolCodeSequence[0].CodeMeaning),
        'PrivateText': ds[0x00331013].value if isinstance(ds[0x00331013].value, str) else ds[0x00331013].value.decode('latin-1'),
        'PrivateBinary': bytes(ds[0x00331014].value).decode('latin-1'),
        'pixels': len(ds.PixelData), 'rows': ds.Rows,
    }
print(json.dumps(out))
`;

test('pydicom reads every planted value where the truth says, and none where it does not', (t) => {
  const why = pydicomUnavailable();
  if (why) return t.skip(why);
  const dicom = truth.files.filter((f) => f.kind === 'dicom');
  const paths = Object.fromEntries(dicom.map((f) => [f.ref, extracted.get(f.ref)!]));
  const script = `import sys, io\nsys.stdin = io.StringIO(${JSON.stringify(JSON.stringify(paths))})\n${READ_ALL}`;
  const read = JSON.parse(pydicom(script)) as Record<string, Record<string, string | number | null>>;
  const patients = new Map(truth.patients.map((p) => [p.key, p]));
  const seen = new Set<string>();
  for (const file of dicom) {
    const value = read[file.ref]!;
    const patient = patients.get(file.patient!)!;
    const session = patient.sessions.find((s) => file.ref.startsWith(s.prefix))!;
    assert.equal(value.ts, session.transferSyntaxUid);
    assert.equal(value.charset, session.charset);
    assert.equal(value.PatientName, file.hasPatientName ? session.patientName : null, file.ref);
    assert.equal(value.PatientID, patient.patientId);
    assert.equal(value.PatientBirthDate, patient.birthDate);
    assert.equal(value.PatientSex, patient.sex);
    assert.equal(value.PatientAge, session.age);
    assert.equal(value.StudyDate, session.studyDate);
    assert.equal(value.SOPInstanceUID, file.sopInstanceUid);
    assert.equal(value.pixels, (value.rows as number) ** 2 * 2);
    const names = (text: unknown, who = patient) => typeof text === 'string' && fold(text).includes(fold(who.family));
    for (const where of ['StudyDescription', 'ImageComments', 'PatientComments', 'RequestAttributesSequence', 'OtherPatientNames'] as const) {
      assert.equal(names(value[where]), file.planted.includes(where), `${file.ref} ${where}`);
      if (file.planted.includes(where)) seen.add(where);
    }
    // Private elements carry the session's spelling, typos included.
    for (const where of ['PrivateText', 'PrivateBinary'] as const) {
      assert.equal(fold(String(value[where])).includes(fold(session.patientName)), file.planted.includes(where), `${file.ref} ${where}`);
      if (file.planted.includes(where)) seen.add(where);
    }
    assert.equal(String(value.AdditionalPatientHistory).includes(patient.patientId), file.planted.includes('AdditionalPatientHistory'));
    for (const key of file.otherPatients) assert.ok(names(value.ImageComments, patients.get(key)!), `${file.ref} names ${key}`);
    // Every PatientName written is one of the patient's listed spellings.
    if (file.hasPatientName) assert.ok(patient.spellings.includes(String(value.PatientName)));
  }
  assert.equal(seen.size, 7, 'every kind of planting occurs');
  assert.ok(dicom.some((f) => !f.hasPatientName) && dicom.some((f) => f.otherPatients.length > 0));
  assert.ok(dicom.some((f) => f.planted.includes('FileName')) && dicom.some((f) => f.planted.includes('FolderName')));
  const tsSeen = new Set(Object.values(read).map((v) => `${v.ts} ${v.charset}`));
  assert.equal(tsSeen.size, 4, 'explicit and implicit VR, ISO_IR 100 and 192');
});

test('sessions spell their patient differently, and the spreadsheet links as the truth says', () => {
  const variants = new Set(truth.patients.flatMap((p) => p.sessions.map((s) => s.variant)));
  for (const variant of ['canonical', 'swapped', 'no-accents', 'typo', 'title-case', 'no-given']) assert.ok(variants.has(variant as never), variant);
  const csv = readFileSync(join(dir, LAYOUT.demographics), 'utf8');
  assert.ok(csv.startsWith('\ufeff'));
  const parsed = Papa.parse<Record<string, string>>(csv.slice(1).trim(), { header: true, delimiter: ';' });
  assert.deepEqual(parsed.data, truth.demographics.rows);
  const distance = (a: string, b: string) => levenshtein(words(a), words(b)) / Math.max(words(a).length, words(b).length);
  for (const patient of truth.patients) {
    const canonical = `${patient.family} ${patient.given}`;
    const close = parsed.data.filter((row) => distance(row.name!, canonical) <= 0.2);
    if (patient.demographics === 'linked') assert.deepEqual(close.map((r) => r.name), [patient.demographicsRow]);
    if (patient.demographics === 'missing') assert.deepEqual(close, []);
    if (patient.demographics === 'ambiguous') {
      assert.equal(close.length, 2);
      assert.equal(distance(close[0]!.name!, canonical), distance(close[1]!.name!, canonical));
      assert.deepEqual([close[0]!.birth_date, close[0]!.sex], [close[1]!.birth_date, close[1]!.sex]);
    }
  }
  assert.equal(truth.demographics.missing.length, 1);
  assert.equal(truth.demographics.ambiguous.length, 1);
  assert.ok(truth.demographics.extraRows.length >= 2);
  for (const extra of truth.demographics.extraRows) {
    assert.ok(truth.patients.every((p) => distance(extra, `${p.family} ${p.given}`) > 0.4));
  }
});

test('family names are far apart and absent from every fixed text', () => {
  for (const a of FAMILY_NAMES) {
    for (const b of FAMILY_NAMES) if (a !== b) assert.ok(levenshtein(fold(a), fold(b)) / Math.max(a.length, b.length) > 0.4, `${a} ${b}`);
    for (const text of VOCABULARY) assert.ok(!fold(text).includes(fold(a)), `${a} in ${text}`);
  }
});

test('the same seed gives the same bytes; another seed another dataset', async () => {
  const hashAll = (root: string, t: Truth) => {
    const hash = createHash('sha256');
    for (const file of t.files.filter((f) => !f.ref.includes('!'))) hash.update(file.ref).update(readFileSync(join(root, 'input', file.ref)));
    for (const zip of new Set(t.files.filter((f) => f.ref.includes('!')).map((f) => f.ref.split('!')[0]!))) hash.update(readFileSync(join(root, 'input', zip)));
    return hash.update(readFileSync(join(root, LAYOUT.demographics))).digest('hex');
  };
  const again = mkdtempSync(join(tmpdir(), 'dicomveil-example-'));
  const second = await generateDataset(again, { seed: 3, patients: 8, filesPerSession: 3 });
  assert.deepEqual(second, truth);
  assert.equal(hashAll(again, second), hashAll(dir, truth));
  const other = mkdtempSync(join(tmpdir(), 'dicomveil-example-'));
  const third = await generateDataset(other, { seed: 4, patients: 8, filesPerSession: 3 });
  assert.notDeepEqual(third.patients.map((p) => p.family), truth.patients.map((p) => p.family));
});
