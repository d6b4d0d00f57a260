/**
 * Names written in a code page the file does not declare, through the command line: a Japanese
 * system writing Shift_JIS or EUC-JP, a Chinese one GBK, a Russian one Windows-1251 or ISO 8859-5,
 * a Polish one Windows-1250, a Thai, Arabic or Hebrew one DICOM's ISO_IR 166, 127 or 138, in files
 * with no Specific Character Set (or Latin-1). Read as the file says (or
 * as UTF-8, Latin-1, UTF-16) the bytes spell nothing; read in the writer's code page they spell a
 * patient of the run. Such a value cannot be edited in place: a standard element makes the file a
 * residue (exit 1), a private one goes. pydicom writes the files with the exact bytes. A
 * demographics sheet Excel saved in Shift_JIS, which the run reads as Windows-1252, leaves no cell
 * holding a name in the shared copy.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_PYTHON, pydicomUnavailable } from '../support/checkers.ts';
import { runCaptured, tempDir } from './support.ts';

const skip = pydicomUnavailable();

/** argv[1]: path; argv[2]: JSON {name, id, charset?, text?: [codec, text], private?: [codec, text]}. */
const WRITE = `
import json, sys
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
spec = json.loads(sys.argv[2])
ds = Dataset(); fm = FileMetaDataset()
fm.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.7'; fm.MediaStorageSOPInstanceUID = generate_uid()
fm.TransferSyntaxUID = ExplicitVRLittleEndian
ds.file_meta = fm; ds.SOPClassUID = fm.MediaStorageSOPClassUID; ds.SOPInstanceUID = fm.MediaStorageSOPInstanceUID
if spec.get('charset'): ds.SpecificCharacterSet = spec['charset']
ds.Modality = 'OT'
ds.PatientName = spec['name'].encode('utf-8') if spec.get('charset') == 'ISO_IR 192' else spec['name']
ds.PatientID = spec['id']
if spec.get('text'):
    codec, text = spec['text']
    ds.add_new(0x00081030, 'LO', text.encode(codec))
if spec.get('private'):
    codec, text = spec['private']
    ds.add_new(0x00091010, 'LO', 'ACME 1.0')
    ds.add_new(0x00091011, 'LO', text.encode(codec))
ds.is_little_endian = True; ds.is_implicit_VR = False
ds.save_as(sys.argv[1], write_like_original=False)
`;

function write(path: string, spec: object): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const result = spawnSync(SYSTEM_PYTHON, ['-c', WRITE, path, JSON.stringify(spec)], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}

const PATIENTS = [
  { folder: 'yamada', name: '山田^太郎', id: 'YT300001', charset: 'ISO_IR 192' },
  { folder: 'wang', name: '王^小明', id: 'WX300002', charset: 'ISO_IR 192' },
  { folder: 'ivanov', name: 'Иванов^Пётр', id: 'IP300003', charset: 'ISO_IR 192' },
  { folder: 'lukasiewicz', name: 'Łukasiewicz^Ewa', id: 'LE300004', charset: 'ISO_IR 192' },
  { folder: 'somchai', name: 'สมชาย^ใจดี', id: 'SJ300005', charset: 'ISO_IR 192' },
  { folder: 'haddad', name: 'حداد^علي', id: 'HA300006', charset: 'ISO_IR 192' },
  { folder: 'kohanovich', name: 'כהנוביץ^דוד', id: 'KD300007', charset: 'ISO_IR 192' },
];

/** Other patients' files naming them in their writers' code pages. */
const MENTIONS = [
  { folder: 'a', name: 'ABE^Ken', id: 'AK400001', text: ['shift_jis', '紹介 山田太郎 様'] },
  { folder: 'b', name: 'BAI^Li', id: 'BL400002', charset: 'ISO_IR 100', text: ['gbk', '王小明 复查'] },
  { folder: 'c', name: 'CHEN^Bo', id: 'CB400003', text: ['cp1251', 'брат Иванов'] },
  { folder: 'd', name: 'DUDA^Jan', id: 'DJ400004', text: ['cp1250', 'Łukasiewicz, kontrola'] },
  { folder: 'e', name: 'ENDO^Aki', id: 'EA400005', private: ['shift_jis', '山田太郎'] },
  // DICOM's own character sets, their declaration lost (ISO_IR 144, 166, 127, 138), and a Unix's EUC-JP.
  { folder: 'f', name: 'FOKIN^Oleg', id: 'FO400006', text: ['iso8859_5', 'брат Иванов'] },
  { folder: 'g', name: 'GOTO^Rin', id: 'GR400007', text: ['tis_620', 'พี่ชาย สมชาย'] },
  { folder: 'h', name: 'HAMDI^Sami', id: 'HS400008', text: ['iso8859_6', 'أخ حداد'] },
  { folder: 'i', name: 'ITZHAK^Ron', id: 'IR400009', text: ['iso8859_8', 'אח כהנוביץ'] },
  { folder: 'j', name: 'JOJI^Ema', id: 'JE400010', text: ['euc_jp', '紹介 山田太郎 様'] },
];
const STANDARD_MENTIONS = MENTIONS.filter((m) => m.text !== undefined).map((m) => m.folder);

describe('names in a code page the file does not declare', { skip }, () => {
  const dir = tempDir('undeclared-code-pages');
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const priv = `${output}-private`;
  let run: Awaited<ReturnType<typeof runCaptured>>;

  before(async () => {
    for (const p of PATIENTS) write(join(input, p.folder, '1.dcm'), p);
    for (const m of MENTIONS) write(join(input, m.folder, '1.dcm'), m);
    run = await runCaptured(['anonymize', input, '--output', output, '--jobs', '1', '--json', '--on-residue', 'quarantine']);
  });
  after(() => dir.remove());

  it('quarantines each file whose standard text holds one, naming the element, and writes the one whose private element held it without it', () => {
    assert.equal(run.code, 1, run.stderr);
    const summary = JSON.parse(run.stdout) as { files: Record<string, number> };
    assert.equal(summary.files.quarantined, STANDARD_MENTIONS.length);
    assert.equal(summary.files.anonymized, PATIENTS.length + 1);
    for (const folder of STANDARD_MENTIONS) assert.match(run.stderr, new RegExp(`in/${folder}/1\\.dcm was quarantined .*\\(0008,1030\\)`));
  });

  it('verify finds them in an output that holds them', async () => {
    assert.equal((await runCaptured(['verify', output, '--private-dir', priv])).code, 0);
    const copy = join(dir.path, 'copy');
    cpSync(output, copy, { recursive: true });
    for (const { folder } of MENTIONS) cpSync(join(input, folder, '1.dcm'), join(copy, `planted-${folder}.dcm`));
    const planted = await runCaptured(['verify', copy, '--private-dir', priv]);
    assert.equal(planted.code, 1);
    for (const { folder } of MENTIONS) assert.match(planted.stdout, new RegExp(`^planted-${folder}\\.dcm: .*code-page`, 'm'));
  });
});

describe('a demographics sheet saved in Shift_JIS, read as Windows-1252', { skip }, () => {
  const dir = tempDir('sheet-code-page');
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const priv = `${output}-private`;
  const sheet = join(dir.path, 'sheet.csv');
  after(() => dir.remove());

  it('leaves no cell holding a name in that code page, and verify reads the cells so too', async () => {
    write(join(input, 'yamada', '1.dcm'), { name: '山田^太郎', id: 'YT300001', charset: 'ISO_IR 192' });
    write(join(input, 'abe', '1.dcm'), { name: 'ABE^Ken', id: 'AK400001' });
    // What Excel on a Japanese Windows saves: Shift_JIS, no BOM.
    const bytes = spawnSync(SYSTEM_PYTHON, ['-c', "import sys; sys.stdout.buffer.write('name,patient_id,notes\\nABE Ken,AK400001,山田太郎の兄\\n'.encode('shift_jis'))"]).stdout;
    writeFileSync(sheet, bytes);
    const run = await runCaptured(['anonymize', input, '--output', output, '--demographics', sheet, '--jobs', '1']);
    assert.equal(run.code, 0, run.stderr);
    const shared = readFileSync(join(output, 'demographics_anonymized.csv'), 'utf8');
    assert.doesNotMatch(shared, /ŽR“c‘¾˜Y/, 'the notes cell is emptied');
    assert.equal((await runCaptured(['verify', output, '--private-dir', priv])).code, 0);
    // An output written with the cell, as before: verify finds it.
    writeFileSync(join(output, 'demographics_anonymized.csv'), `${shared.trimEnd()}ŽR“c‘¾˜Y\r\n`);
    const planted = await runCaptured(['verify', output, '--private-dir', priv]);
    assert.equal(planted.code, 1);
    assert.match(planted.stdout, /demographics_anonymized\.csv: line \d+ holds a name or PatientID of subj_\w+ \(another reading of its bytes\)/);
  });
});
