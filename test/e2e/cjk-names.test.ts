/**
 * A family name of two ideographs, end to end (CONTRACT.md "Names": the family name alone when its
 * letters number ≥ 4, an ideograph being one letter; shorter words are never searched alone). The
 * patient 千葉^太郎 shares 千葉 with the hospital: "千葉大学病院" stays byte for byte in every
 * file, the patient's own included, while the full name, in either order, with separators or
 * none, at any depth and in a private element, becomes the id; a full name of two ideographs (李明)
 * in UTF-16 inside a private binary value takes the element with it. Files of pydicom's making go
 * through the command line; pydicom reads the output and `verify` passes, then names the full name
 * planted back into another patient's file.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dcmdump, dcmdumpUnavailable, pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { idOfSource, listFiles, tempDir } from './support.ts';

const BIN = resolve(import.meta.dirname, '../../bin/dicomveil.mjs');
const skip = dcmdumpUnavailable() ?? pydicomUnavailable();

function cli(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

const INSTITUTION = '千葉大学病院';

const WRITE_INPUT = `
import os, sys, pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
def write(path, name, pid, texts, nested=None, private=None, binary=None):
    ds = Dataset(); fm = FileMetaDataset()
    fm.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.7'; fm.MediaStorageSOPInstanceUID = generate_uid()
    fm.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = fm; ds.SOPClassUID = fm.MediaStorageSOPClassUID; ds.SOPInstanceUID = fm.MediaStorageSOPInstanceUID
    ds.SpecificCharacterSet = 'ISO_IR 192'
    ds.StudyInstanceUID = generate_uid(); ds.SeriesInstanceUID = generate_uid(); ds.Modality = 'MR'
    ds.PatientName = name; ds.PatientID = pid
    for keyword, value in texts.items(): setattr(ds, keyword, value)
    if nested is not None:
        item = Dataset(); item.RequestedProcedureDescription = nested
        ds.RequestAttributesSequence = [item]
    if private is not None:
        ds.add_new(0x00330010, 'LO', 'ACME'); ds.add_new(0x00331010, 'LO', private)
    if binary is not None:
        ds.add_new(0x00330010, 'LO', 'ACME'); ds.add_new(0x00331020, 'OB', binary)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ds.save_as(path, write_like_original=False)
root = sys.argv[1]
write(root + '/chiba/s/a.dcm', '千葉^太郎', 'JP10203040', {
    'InstitutionName': '${INSTITUTION}', 'StudyDescription': '千葉太郎 頭部MRI', 'SeriesDescription': '太郎千葉',
    'ImageComments': '所見：千葉 太郎様、千葉・太郎'}, nested='千葉^太郎', private='患者千葉太郎')
write(root + '/sato/s/a.dcm', '佐藤^花子', 'JP50607080', {
    'InstitutionName': '${INSTITUTION}', 'StudyDescription': '千葉県 検査', 'ImageComments': '千葉先生'})
write(root + '/li/s/a.dcm', '李^明', 'CN1234567', {}, binary=b'\\x01\\x02' + '李明'.encode('utf-16-le') + b'\\x03\\x04')
`;

/** pydicom's view of a file: the values of the texts these cases write, as decoded (null: absent). */
const READ_TEXTS = `
import json, sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
def value(keyword):
    return str(ds.data_element(keyword).value) if keyword in ds else None
nested = ds.RequestAttributesSequence[0].RequestedProcedureDescription if 'RequestAttributesSequence' in ds else None
private = ds.get((0x0033, 0x1010))
print(json.dumps({k: value(k) for k in ['InstitutionName', 'StudyDescription', 'SeriesDescription', 'ImageComments']}
    | {'nested': None if nested is None else str(nested), 'private': None if private is None else str(private.value)}, ensure_ascii=False))
`;

/** The bytes of InstitutionName as stored, in hex. */
const INSTITUTION_HEX = `
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
print(ds.get_item(0x00080080).value.hex())
`;

describe('names of few ideographs: 千葉^太郎 beside 千葉大学病院, 李^明 in binary', { skip }, () => {
  let dir: ReturnType<typeof tempDir>;
  let input: string;
  let output: string;
  let privateDir: string;
  let run: ReturnType<typeof cli>;
  const outputOf = (source: string) => {
    const id = idOfSource(privateDir, source);
    const file = listFiles(output).find((f) => f.startsWith(`${id}/`) && f.endsWith('.dcm'));
    assert.ok(file, `${source}: ${listFiles(output).join(', ')}`);
    return { id, file, path: join(output, file) };
  };
  const texts = (path: string) => JSON.parse(pydicom(READ_TEXTS, [path])) as Record<string, string | null>;

  before(() => {
    dir = tempDir('cjk-names');
    input = join(dir.path, 'in');
    output = join(dir.path, 'out');
    privateDir = `${output}-private`;
    pydicom(WRITE_INPUT, [input]);
    run = cli(['anonymize', input, '--output', output, '--jobs', '1', '--json']);
  });
  after(() => dir.remove());

  it('writes every file, exit 0', () => {
    assert.equal(run.status, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as { files: Record<string, number> };
    assert.deepEqual(summary.files, { anonymized: 3, unchanged: 0, ignored: 0, skipped: 0, quarantined: 0 }, run.stderr);
  });

  it('removes a private binary value holding a full name of two ideographs in UTF-16 (李明), as the second opinion reads it', () => {
    const li = outputOf('li');
    assert.equal(pydicom('import sys, pydicom\nprint((0x0033, 0x1020) in pydicom.dcmread(sys.argv[1]))', [li.path]).trim(), 'False');
    assert.equal(pydicom('import sys, pydicom\nprint((0x0033, 0x1020) in pydicom.dcmread(sys.argv[1]))', [join(input, 'li/s/a.dcm')]).trim(), 'True');
  });

  it("keeps another patient's 千葉大学病院 and 千葉県 byte for byte", () => {
    const sato = outputOf('sato');
    const inputFile = join(input, 'sato/s/a.dcm');
    assert.equal(pydicom(INSTITUTION_HEX, [sato.path]), pydicom(INSTITUTION_HEX, [inputFile]));
    const before = texts(inputFile);
    const after = texts(sato.path);
    assert.equal(after.InstitutionName, INSTITUTION);
    assert.equal(after.StudyDescription, before.StudyDescription);
    assert.equal(after.ImageComments, before.ImageComments);
  });

  it("keeps 千葉大学病院 in the patient's own file too, and replaces the full name in every order and place", () => {
    const chiba = outputOf('chiba');
    assert.equal(pydicom(INSTITUTION_HEX, [chiba.path]), pydicom(INSTITUTION_HEX, [join(input, 'chiba/s/a.dcm')]));
    const { id } = chiba;
    assert.deepEqual(texts(chiba.path), {
      InstitutionName: INSTITUTION,
      StudyDescription: `${id} 頭部MRI`,
      SeriesDescription: id,
      ImageComments: `所見：${id}様、${id}`,
      nested: id,
      private: `患者${id}`,
    });
    const dump = dcmdump(chiba.path);
    assert.ok(dump.ok, dump.stderr);
    assert.doesNotMatch(Buffer.from(dump.stdout, 'latin1').toString('utf8'), /太郎/);
  });

  it('verify passes, and names the full name planted back into the other patient', () => {
    const verified = cli(['verify', output, '--private-dir', privateDir]);
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
    const copy = join(dir.path, 'copy');
    spawnSync('cp', ['-r', output, copy]);
    const { file } = outputOf('sato');
    pydicom("import sys, pydicom\nds = pydicom.dcmread(sys.argv[1])\nds.StudyDescription = '太郎千葉 検査'\nds.save_as(sys.argv[1])", [join(copy, file)]);
    const planted = cli(['verify', copy, '--private-dir', privateDir]);
    assert.equal(planted.status, 1, planted.stdout + planted.stderr);
    assert.match(planted.stdout, new RegExp(`^${file}: \\(0008,1030\\) .*${outputOf('chiba').id}`, 'm'));
    assert.doesNotMatch(planted.stdout, /千葉|太郎/);
  });
});
