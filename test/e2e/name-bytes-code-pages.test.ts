/**
 * Names in paths written in the code page of a Windows beyond Western Europe, through the command
 * line: a zip entry name without the UTF-8 flag in the system's OEM or ANSI code page (Shift_JIS,
 * GBK, EUC-KR, Big5, CP866, CP737, Windows-1253, CP850, CP852) and a folder on disk named in
 * Shift_JIS bytes. The output reads those bytes as CP437 or Windows-1252 (`ÄRôcæ╛ÿY`), and the name
 * is there for whoever reads them back. A Python reader reads every output path in each of those
 * code pages: an independent check of what `verify` must also say.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_PYTHON, pydicomUnavailable } from '../support/checkers.ts';
import { idOfSource, runCaptured, tempDir } from './support.ts';
import { dicomFile } from '../../src/node/example/dicom-builder.ts';

const skip = pydicomUnavailable();

/** Writes a zip at argv[1] of `[name, codec, data path]` entries, each name encoded by Python's codec, no UTF-8 flag. */
const WRITE_ZIP = `
import json, sys, zipfile
class RawName(zipfile.ZipInfo):
    def _encodeFilenameFlags(self):
        return self.raw, 0
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for name, codec, source in json.loads(sys.argv[2]):
        info = RawName('x')
        info.raw = name.encode(codec)
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, open(source, 'rb').read())
`;

/** Every output path (argv[1]) read back to its CP437 or Windows-1252 bytes and decoded in each code page; prints the names of argv[2] found. */
const READ_PATHS = `
import json, os, sys
root, names = sys.argv[1], json.loads(sys.argv[2])
codecs = ['shift_jis', 'gbk', 'euc-kr', 'big5', 'cp866', 'cp737', 'cp1253', 'cp850', 'cp852', 'cp1251']
found = []
for folder, dirs, files in os.walk(root):
    for name in dirs + files:
        rel = os.path.relpath(os.path.join(folder, name), root)
        for back in ['cp437', 'cp1252']:
            try:
                raw = rel.encode(back)
            except UnicodeEncodeError:
                continue
            for codec in codecs:
                text = raw.decode(codec, 'replace').casefold()
                found += [[rel, codec, n] for n in names if n.casefold() in text]
print(json.dumps(found))
`;

let counter = 0;

/** A small CT file in UTF-8 (ISO_IR 192) naming `name`. */
function utf8Dicom(name: string, patientId: string): Uint8Array {
  counter += 1;
  const sop = `2.25.${7000 + counter}`;
  return dicomFile(
    { sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: sop, transferSyntaxUid: '1.2.840.10008.1.2.1' },
    [
      { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 192' },
      { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' },
      { tag: 0x00080018, vr: 'UI', value: sop },
      { tag: 0x00080060, vr: 'CS', value: 'CT' },
      { tag: 0x00100010, vr: 'PN', value: name },
      { tag: 0x00100020, vr: 'LO', value: patientId },
      { tag: 0x00280010, vr: 'US', value: 2 },
      { tag: 0x00280011, vr: 'US', value: 2 },
      { tag: 0x00280100, vr: 'US', value: 8 },
      { tag: 0x7fe00010, vr: 'OB', value: Uint8Array.of(1, 2, 3, 4) },
    ],
    { implicit: false, charset: 'ISO_IR 192', undefinedLengths: false },
  );
}

function python(script: string, args: string[]): string {
  const result = spawnSync(SYSTEM_PYTHON, ['-c', script, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

const PATIENTS = [
  { pn: '山田^太郎', id: 'YT20001', entry: '山田太郎/CT/1.dcm', codec: 'shift_jis', name: '山田太郎' },
  { pn: '王^小明', id: 'WX20002', entry: '王小明 CT/1.dcm', codec: 'gbk', name: '王小明' },
  { pn: '김^민준', id: 'KM20003', entry: '김민준/1.dcm', codec: 'euc-kr', name: '김민준' },
  { pn: '陳^大文', id: 'CD20004', entry: '陳大文/1.dcm', codec: 'big5', name: '陳大文' },
  { pn: 'Иванов^Пётр', id: 'IP20005', entry: 'Иванов/1.dcm', codec: 'cp866', name: 'Иванов' },
  { pn: 'Παπαδόπουλος^Νίκος', id: 'PN20006', entry: 'Παπαδόπουλος/1.dcm', codec: 'cp737', name: 'Παπαδοπουλος' },
  { pn: 'Σταματόπουλος^Γιάννης', id: 'SG20007', entry: 'Σταματόπουλος/1.dcm', codec: 'cp1253', name: 'Σταματόπουλος' },
  { pn: 'Sørensen^Ole', id: 'SO20008', entry: 'Sørensen/1.dcm', codec: 'cp850', name: 'Sørensen' },
  { pn: 'Wróbel^Łukasz', id: 'WL20009', entry: 'Wróbel Łukasz/1.dcm', codec: 'cp852', name: 'Wróbel' },
];

describe('names in paths written in the code pages of Windows beyond Western Europe', { skip }, () => {
  const dir = tempDir('name-code-pages');
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const priv = `${output}-private`;
  let run: Awaited<ReturnType<typeof runCaptured>>;

  before(async () => {
    mkdirSync(input);
    PATIENTS.forEach((p, i) => {
      const source = join(dir.path, `${p.id}.dcm`);
      writeFileSync(source, utf8Dicom(p.pn, p.id));
      python(WRITE_ZIP, [join(input, `case${i}.zip`), JSON.stringify([[p.entry, p.codec, source]])]);
    });
    // A folder on disk named in Shift_JIS bytes, as a copy from a Japanese Windows share keeps it.
    const folder = Buffer.concat([Buffer.from(`${input}/disk/`), Buffer.from(python('import sys; sys.stdout.write("鈴木一郎 MR".encode("shift_jis").hex())', []), 'hex')]);
    mkdirSync(folder, { recursive: true });
    writeFileSync(Buffer.concat([folder, Buffer.from('/1.dcm')]), utf8Dicom('鈴木^一郎', 'SI20010'));
    run = await runCaptured(['anonymize', input, '--output', output, '--jobs', '1', '--json']);
  });
  after(() => dir.remove());

  it('writes every file, and no output path spells a name in the code page its bytes came in', () => {
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { files: { anonymized: number } }).files.anonymized, PATIENTS.length + 1);
    const found = JSON.parse(python(READ_PATHS, [output, JSON.stringify([...PATIENTS.map((p) => p.name), '鈴木一郎'])])) as string[][];
    assert.deepEqual(found, []);
    const id = idOfSource(priv, 'case0.zip');
    assert.equal((JSON.parse(run.stdout) as { status: string }).status, 'complete');
    assert.ok(id.startsWith('subj_'));
  });

  it('verify fails a copy holding the CP437 reading of a Shift_JIS name', async () => {
    assert.equal((await runCaptured(['verify', output, '--private-dir', priv])).code, 0);
    const copy = join(dir.path, 'copy');
    cpSync(output, copy, { recursive: true });
    const id = idOfSource(priv, 'case0.zip');
    // 山田太郎 in Shift_JIS, read as CP437.
    mkdirSync(join(copy, id, 'ÄRôcæ╛ÿY'));
    writeFileSync(join(copy, id, 'ÄRôcæ╛ÿY', 'note.txt'), 'x');
    const planted = await runCaptured(['verify', copy, '--private-dir', priv]);
    assert.equal(planted.code, 1, planted.stdout + planted.stderr);
    assert.match(planted.stdout, new RegExp(`^${id}/ÄRôcæ╛ÿY.*${id}`, 'm'));
  });
});

describe('a Shift_JIS name split into folders at a second byte read as a backslash', { skip }, () => {
  const dir = tempDir('name-code-pages-5c');
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');

  it('is found across the folders: the file is a residue, never written with it (exit 1)', async () => {
    mkdirSync(input);
    const source = join(dir.path, 'noto.dcm');
    writeFileSync(source, utf8Dicom('能登^花子', 'NH20011'));
    // 能 is 0x94 0x5C in Shift_JIS: a zip reader takes 0x5C for `\`, so the output path is `ö/ôoë╘Äq/1.dcm`.
    python(WRITE_ZIP, [join(input, 'case.zip'), JSON.stringify([['能登花子/1.dcm', 'shift_jis', source]])]);
    const run = await runCaptured(['anonymize', input, '--output', output, '--jobs', '1', '--json']);
    assert.equal(run.code, 1, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { files: { quarantined: number } }).files.quarantined, 1);
    assert.match(run.stderr, /a name is still in output path/);
    assert.deepEqual(JSON.parse(python(READ_PATHS, [output, JSON.stringify(['能登花子'])])), []);
  });
  after(() => dir.remove());
});
