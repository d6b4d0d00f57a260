/**
 * Names in paths that were bytes with no say of their encoding, through the command line: zip
 * entry names without the UTF-8 flag (Latin-1, Windows-1252, UTF-8 written by archivers that set
 * no flag) and folder names on disk that are not UTF-8 (CP437 from DOS tools and old CDs). Python's
 * zipfile writes the zips with the exact name bytes; a Python reader then reads every output path
 * in every reading of its bytes, folds it, and looks for the names: an independent check of what
 * `verify` must also say.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_PYTHON, pydicomUnavailable } from '../support/checkers.ts';
import { idOfSource, listFiles, runCaptured, tempDir } from './support.ts';
import { tinyDicom } from './tiny-dataset.ts';

const skip = pydicomUnavailable();

/** Writes a zip at `argv[1]` of `[name bytes as hex, flags, data path]` entries, the name bytes as given. */
const WRITE_ZIP = `
import json, sys, zipfile
class RawName(zipfile.ZipInfo):
    def _encodeFilenameFlags(self):
        return self.raw, self.flag_bits
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for name, flags, source in json.loads(sys.argv[2]):
        info = RawName('x')
        info.raw = bytes.fromhex(name)
        info.flag_bits = flags
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, open(source, 'rb').read())
`;

/**
 * Every path under argv[1] (names as bytes), read as UTF-8 and then as each other reading of its
 * bytes (encoded back in UTF-8, CP437, Windows-1252 or Latin-1 and decoded in another), folded
 * (NFKD, marks and everything but letters dropped, case folded); prints the paths not UTF-8 and
 * each word of argv[2] found, with the reading that spells it.
 */
const READ_PATHS = `
import json, os, sys, unicodedata
root, words = os.fsencode(sys.argv[1]), json.loads(sys.argv[2])
codecs = ['utf-8', 'cp437', 'cp1252', 'latin-1']
def fold(text):
    text = unicodedata.normalize('NFKD', text)
    return ''.join(c for c in text if c.isalpha() and not unicodedata.combining(c)).casefold()
found, not_utf8 = [], []
for folder, dirs, files in os.walk(root):
    for raw in dirs + files:
        rel = os.path.relpath(os.path.join(folder, raw), root)
        try:
            text = rel.decode('utf-8')
        except UnicodeDecodeError:
            not_utf8.append(rel.hex())
            continue
        readings = {text}
        for a in codecs:
            for b in codecs:
                try:
                    readings.add(text.encode(a).decode(b))
                except (UnicodeEncodeError, UnicodeDecodeError):
                    pass
        for reading in readings:
            for word in words:
                if word in fold(reading):
                    found.append([text, reading, word])
print(json.dumps({'found': found, 'notUtf8': not_utf8}))
`;

function python(script: string, args: string[]): string {
  const result = spawnSync(SYSTEM_PYTHON, ['-c', script, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

const hex = (bytes: Buffer) => bytes.toString('hex');
const latin1 = (text: string) => Buffer.from(text, 'latin1');
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const cp1252 = (text: string) => Buffer.from(text.replace('’', '\x92'), 'latin1');

/** The family names no output path may spell in any reading, folded as READ_PATHS folds. */
const FAMILY_WORDS = ['kronberger', 'grunewald', 'dwyer', 'muller', 'mueller'];

describe('names in zip entry names and folder names read from bytes', { skip }, () => {
  const dir = tempDir('name-bytes');
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const priv = `${output}-private`;
  let run: Awaited<ReturnType<typeof runCaptured>>;

  before(async () => {
    mkdirSync(input);
    const file = (name: string, patientId: string, n: number) => {
      const path = join(dir.path, `${patientId}-${n}.dcm`);
      writeFileSync(path, tinyDicom({ path: '', name, patientId }));
      return path;
    };
    const zip = (name: string, entries: [Buffer, number, string][]) =>
      python(WRITE_ZIP, [join(input, name), JSON.stringify(entries.map(([bytes, flags, source]) => [hex(bytes), flags, source]))]);
    // Latin-1 without the flag: read as CP437, `Kr÷nberger`, before.
    zip('patient07.zip', [
      [latin1('Kr\xf6nberger/IM1.dcm'), 0, file('KRÖNBERGER^ANNA', 'KA55123', 1)],
      [latin1('S\xe9ance 2/IM2.dcm'), 0, file('KRÖNBERGER^ANNA', 'KA55123', 2)],
    ]);
    // UTF-8 without the flag (macOS and many Linux archivers): `Gr├£newald` as CP437.
    zip('case2.zip', [
      [utf8('Grünewald Zoë/IM1.dcm'), 0, file('GRÜNEWALD^ZOË', 'GZ60234', 1)],
      [utf8('Séance 1/IM2.dcm'), 0, file('GRÜNEWALD^ZOË', 'GZ60234', 2)],
    ]);
    // Windows-1252's ’ (0x92) without the flag: `OÆDwyer`, one word, as CP437.
    zip('case3.zip', [[cp1252('O’Dwyer MRI/IM1.dcm'), 0, file("O'DWYER^CIARA", 'OC70345', 1)]]);
    // Folders on disk in CP437 (DOS tools, old CDs): 0x81 is ü, a byte Windows-1252 has no
    // character for; 0x94 is ö, which Windows-1252 reads as ” (`Kr”nberger`).
    const onDisk = (source: string, folder: Buffer, name: string, patientId: string) => {
      const path = Buffer.concat([Buffer.from(`${input}/${source}/`), folder]);
      mkdirSync(path, { recursive: true });
      writeFileSync(Buffer.concat([path, Buffer.from('/IM1.dcm')]), tinyDicom({ path: '', name, patientId }));
    };
    onDisk('case4', Buffer.from('M\x81ller Hans', 'latin1'), 'MÜLLER^HANS', 'MH80456');
    onDisk('case5', Buffer.from('Kr\x94nberger 2', 'latin1'), 'WEBER^OTTO', 'WO90567');
    run = await runCaptured(['anonymize', input, '--output', output, '--jobs', '1', '--json']);
  });
  after(() => (process.env.KEEP_TEST_DIR ? undefined : dir.remove()));

  it('reads every file and ends complete', () => {
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as { status: string; patients: number; files: Record<string, number> };
    assert.equal(summary.status, 'complete');
    assert.equal(summary.patients, 5);
    assert.deepEqual(summary.files, { anonymized: 7, unchanged: 0, ignored: 0, skipped: 0, quarantined: 0 });
  });

  it('names every output path in UTF-8, with no family name in any reading of its bytes', () => {
    const read = JSON.parse(python(READ_PATHS, [output, JSON.stringify(FAMILY_WORDS)])) as { found: string[][]; notUtf8: string[] };
    assert.deepEqual(read.notUtf8, []);
    assert.deepEqual(read.found, [], JSON.stringify(read.found));
  });

  it('puts the id where the name was, and keeps the other folder names in the reading they came in', () => {
    const krönberger = idOfSource(priv, 'patient07.zip');
    const files = listFiles(output).filter((f) => f.endsWith('.dcm'));
    assert.deepEqual(files, [
      `${idOfSource(priv, 'case2.zip')}/Séance 1/IM2.dcm`,
      `${idOfSource(priv, 'case2.zip')}/${idOfSource(priv, 'case2.zip')}/IM1.dcm`,
      `${idOfSource(priv, 'case3.zip')}/${idOfSource(priv, 'case3.zip')} MRI/IM1.dcm`,
      `${idOfSource(priv, 'case4')}/${idOfSource(priv, 'case4')}/IM1.dcm`,
      `${idOfSource(priv, 'case5')}/${krönberger} 2/IM1.dcm`,
      `${krönberger}/SΘance 2/IM2.dcm`,
      `${krönberger}/${krönberger}/IM1.dcm`,
    ].sort());
  });

  it('passes verify, which fails a copy holding the CP437 reading of a Latin-1 name', async () => {
    const verify = await runCaptured(['verify', output, '--private-dir', priv]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    const copy = join(dir.path, 'copy');
    cpSync(output, copy, { recursive: true });
    const id = idOfSource(priv, 'patient07.zip');
    cpSync(join(copy, id, id), join(copy, id, 'Kr÷nberger'), { recursive: true });
    const planted = await runCaptured(['verify', copy, '--private-dir', priv]);
    assert.equal(planted.code, 1);
    assert.match(planted.stdout, new RegExp(`^${id}/Kr÷nberger/IM1.dcm: .*${id}`, 'm'));
  });

  it('verify reads a folder of the output named in Latin-1 bytes as itself: searched in its readings, its file opened', async () => {
    const copy = join(dir.path, 'latin1-copy');
    cpSync(output, copy, { recursive: true });
    const id = idOfSource(priv, 'patient07.zip');
    const folder = Buffer.concat([Buffer.from(`${copy}/${id}/`), latin1('Kr\xf6nberger')]);
    mkdirSync(folder);
    writeFileSync(Buffer.concat([folder, Buffer.from('/IM9.dcm')]), tinyDicom({ path: '', name: 'KRÖNBERGER^ANNA', patientId: 'KA55123' }));
    const planted = await runCaptured(['verify', copy, '--private-dir', priv]);
    assert.equal(planted.code, 1, planted.stderr);
    assert.match(planted.stdout, new RegExp(`^${id}/Kr\\\\xF6nberger: the path holds .*${id}`, 'm'));
    assert.match(planted.stdout, new RegExp(`^${id}/Kr\\\\xF6nberger/IM9.dcm: \\(0010,0010\\)`, 'm'), 'the file is opened and read');
  });

  it('a run again removes an empty folder of the output named in Latin-1 bytes that spells a name', async () => {
    const id = idOfSource(priv, 'patient07.zip');
    const named = Buffer.concat([Buffer.from(`${output}/${id}/`), latin1('Kr\xf6nberger')]);
    mkdirSync(Buffer.concat([named, Buffer.from('/empty')]), { recursive: true });
    const again = await runCaptured(['anonymize', input, '--output', output, '--jobs', '1', '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual((JSON.parse(again.stdout) as { files: Record<string, number> }).files.unchanged, 7);
    assert.equal(existsSync(named), false);
    assert.equal((await runCaptured(['verify', output, '--private-dir', priv])).code, 0);
  });

  it('a run again writes anew a file an earlier version named with the CP437 reading, and removes that path', async () => {
    const id = idOfSource(priv, 'patient07.zip');
    const good = `${id}/${id}/IM1.dcm`;
    const old = `${id}/Kr÷nberger/IM1.dcm`;
    // The output and the journal line as a version that read the name in CP437 alone left them.
    mkdirSync(join(output, id, 'Kr÷nberger'));
    renameSync(join(output, good), join(output, old));
    rmdirSync(join(output, id, id));
    const journal = join(priv, 'journal');
    const lines = readFileSync(journal, 'utf8').split('\n').filter((line) => line !== '');
    const moved = lines.map((line) => {
      const entry = JSON.parse(line) as { out?: string };
      return entry.out === good ? JSON.stringify({ ...entry, out: old }) : line;
    });
    assert.notDeepEqual(moved, lines);
    writeFileSync(journal, `${moved.join('\n')}\n`);
    assert.equal((await runCaptured(['verify', output, '--private-dir', priv])).code, 1);

    const again = await runCaptured(['anonymize', input, '--output', output, '--jobs', '1', '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual((JSON.parse(again.stdout) as { files: Record<string, number> }).files, { anonymized: 1, unchanged: 6, ignored: 0, skipped: 0, quarantined: 0 });
    assert.equal(existsSync(join(output, id, 'Kr÷nberger')), false);
    assert.ok(existsSync(join(output, good)));
    assert.equal((await runCaptured(['verify', output, '--private-dir', priv])).code, 0);
  });
});
