/**
 * Names the finder does not read, which the second opinion must (CONTRACT.md "Names", "Searched";
 * "Verification is a second opinion"): a name in a private element's zlib, gzip (GE keeps its
 * protocol block so) or raw deflate stream, found inflated. It makes its file a residue:
 * quarantined, exit 1, the element named. Files of pydicom's making, their outcome read back by
 * pydicom and dcmdump; a compressed block without a name is copied byte for byte.
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

/** Python: `write(path, name, pid, elements)` saves a small secondary capture with extra raw elements `(tag, vr, bytes)`. */
const PY_WRITE = `
import os, sys, zlib, gzip, pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.dataelem import RawDataElement
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
def even(v): return v + b'\\0' * (len(v) % 2)
def raw_deflate(text):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(text) + c.flush()
def dataset(name, pid, elements):
    ds = Dataset(); fm = FileMetaDataset()
    fm.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.7'; fm.MediaStorageSOPInstanceUID = generate_uid()
    fm.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta = fm; ds.SOPClassUID = fm.MediaStorageSOPClassUID; ds.SOPInstanceUID = fm.MediaStorageSOPInstanceUID
    ds.StudyInstanceUID = generate_uid(); ds.SeriesInstanceUID = generate_uid(); ds.Modality = 'MR'
    ds.PatientName = name; ds.PatientID = pid
    for tag, vr, v in elements:
        if vr == 'LO': ds.add_new(tag, vr, v)
        else: ds[tag] = RawDataElement(pydicom.tag.Tag(tag), vr, len(even(v)), even(v), 0, False, True)
    return ds
def write(path, name, pid, elements):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    dataset(name, pid, elements).save_as(path, write_like_original=False)
`;

/**
 * Inputs with names in compressed private data (a raw stream after a vendor's four-letter mark and
 * the inflated size too), and one whose protocol block names nobody.
 */
const COMPRESSED_INPUTS = `${PY_WRITE}
root = sys.argv[1]
write(root + '/garnier/s/a.dcm', 'GARNIER^Yves', 'FR13579246', [
    (0x00330010, 'LO', 'ACME'), (0x00331001, 'OB', zlib.compress(b'report for GARNIER Yves, all fine'))])
write(root + '/lacombe/s/a.dcm', 'LACOMBE^Odile', 'FR24680135', [
    (0x00250010, 'LO', 'GEMS_SERS_01'), (0x0025101B, 'OB', gzip.compress(b'PATIENT "Lacombe, Odile"\\nSLICEORDER "1"\\n', mtime=0))])
write(root + '/marchetti/s/a.dcm', 'MARCHETTI^Bruna', 'IT11223344', [
    (0x00330010, 'LO', 'ACME'), (0x00331001, 'OB', raw_deflate(b'\\x01\\x02 operator notes: MARCHETTI B. \\x00\\x03'))])
notes = b'operator notes: KOWALCZYK Jan, contrast given'
write(root + '/kowalczyk/s/a.dcm', 'KOWALCZYK^Jan', 'PL55667788', [
    (0x00330010, 'LO', 'ACME'), (0x00331001, 'OB', b'VNDR' + len(notes).to_bytes(4, 'little') + raw_deflate(notes))])
write(root + '/tremblay/s/a.dcm', 'TREMBLAY^Luc', 'CA99887766', [
    (0x00250010, 'LO', 'GEMS_SERS_01'), (0x0025101B, 'OB', gzip.compress(b'SLICEORDER "1"\\nVIEWORDER "1"\\n', mtime=0))])
`;

/** pydicom's view of one element of a file: its value's bytes as stored, in hex, or `absent`. */
function elementHex(path: string, tag: number): string {
  return pydicom(`import sys, pydicom\ne = pydicom.dcmread(sys.argv[1]).get_item(${tag})\nprint('absent' if e is None else bytes(e.value).hex())`, [path]).trim();
}

/** Python run on a copy of an output file (argv[1]): sets one raw element, as a name planted back. */
function plant(path: string, tag: number, vr: string, valueExpression: string): void {
  pydicom(
    `${PY_WRITE}
ds = pydicom.dcmread(sys.argv[1])
v = even(${valueExpression})
ds[${tag}] = RawDataElement(pydicom.tag.Tag(${tag}), '${vr}', len(v), v, 0, False, True)
ds.save_as(sys.argv[1])`,
    [path],
  );
}

/** Runs the CLI on pydicom's inputs, quarantining residues; the run and the paths. */
function runOn(prefix: string, script: string) {
  const dir = tempDir(prefix);
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  pydicom(script, [input]);
  const run = cli(['anonymize', input, '--output', output, '--jobs', '1', '--on-residue', 'quarantine', '--json']);
  return { dir, input, output, privateDir: `${output}-private`, run };
}

/** Asserts the run quarantined exactly these input files, each for the element given, and wrote `anonymized` files. */
function assertResidues(run: ReturnType<typeof runOn>, residues: readonly (readonly [string, string])[], anonymized: number): void {
  assert.equal(run.run.status, 1, run.run.stderr);
  const summary = JSON.parse(run.run.stdout) as { files: Record<string, number> };
  assert.deepEqual(summary.files, { anonymized, unchanged: 0, ignored: 0, skipped: 0, quarantined: residues.length }, run.run.stderr);
  for (const [file, element] of residues) {
    const line = run.run.stderr.split('\n').find((l) => l.includes(join(run.input, file)));
    assert.ok(line?.includes(`a name is still in ${element}`), `${file}: ${line}\n${run.run.stderr}`);
  }
  assert.equal(listFiles(join(run.privateDir, 'quarantine')).length, residues.length);
}

/** The one file written: its bytes of each tag equal the input's, and verify passes on the output. */
function assertCopied(run: ReturnType<typeof runOn>, inputFile: string, tags: readonly number[]): string {
  const written = listFiles(run.output).filter((f) => f.endsWith('.dcm'));
  assert.equal(written.length, 1, written.join(', '));
  const out = join(run.output, written[0]!);
  for (const tag of tags) {
    const before = elementHex(join(run.input, inputFile), tag);
    assert.notEqual(before, 'absent');
    assert.equal(elementHex(out, tag), before);
  }
  const dump = dcmdump(out);
  assert.ok(dump.ok, dump.stderr);
  const verified = cli(['verify', run.output, '--private-dir', run.privateDir]);
  assert.equal(verified.status, 0, verified.stdout + verified.stderr);
  return written[0]!;
}

/** verify on a copy of the output where `change` planted a name in `file`: exit 1, the element named, the name never printed. */
function assertVerifyFinds(run: ReturnType<typeof runOn>, file: string, change: (path: string) => void, element: string, reading: RegExp): void {
  const copy = join(run.dir.path, 'copy');
  spawnSync('cp', ['-r', run.output, copy]);
  change(join(copy, file));
  const verified = cli(['verify', copy, '--private-dir', run.privateDir]);
  assert.equal(verified.status, 1, verified.stdout + verified.stderr);
  const line = verified.stdout.split('\n').find((l) => l.startsWith(`${file}: ${element}`));
  assert.match(line ?? verified.stdout, reading);
  assert.doesNotMatch(line!, /garnier|yves|bertin|alice/i);
}

describe('names in compressed private data (zlib, gzip, raw deflate)', { skip }, () => {
  let run: ReturnType<typeof runOn>;
  before(() => {
    run = runOn('hidden-compressed', COMPRESSED_INPUTS);
  });
  after(() => run.dir.remove());

  it('quarantines each file whose name is there only inflated, naming the element, and exits 1', () => {
    assertResidues(run, [['garnier/s/a.dcm', '(0033,1001)'], ['lacombe/s/a.dcm', '(0025,101B)'], ['marchetti/s/a.dcm', '(0033,1001)'], ['kowalczyk/s/a.dcm', '(0033,1001)']], 1);
  });

  it('copies a protocol block that names nobody byte for byte, and verify passes', () => {
    assertCopied(run, 'tremblay/s/a.dcm', [0x0025101b]);
  });

  it('verify names a gzip block naming another patient planted in a clean output', () => {
    const file = listFiles(run.output).find((f) => f.endsWith('.dcm'))!;
    assertVerifyFinds(run, file, (path) => plant(path, 0x0025101b, 'OB', `gzip.compress(b'PATIENT "GARNIER Yves"\\n', mtime=0)`), '(0025,101B)', /inflated/);
  });
});

/**
 * Raw deflate streams the second opinion once gave up on, each inflated by zlib to a name: a stream opening with a one-byte stored block whose header bytes read as a zlib header
 * (78 01), which the second opinion once took for a zlib stream only, so the raw stream went
 * untried and the name out with exit 0; a stream whose name follows 150 KB of empty stored blocks
 * (zlib's sync flush writes one), read as ended after 16 KB gave nothing; streams after a length
 * field (the size inflated, 4 bytes little-endian; the size compressed, 2 bytes big-endian), tried
 * from byte 0 only; a zlib stream whose name comes after 65 MiB of zeros, past what is inflated of
 * one value, which passed unread (a value that cannot be read whole cannot be shown free of names);
 * a five-byte stream of a three-letter full name (O^LI as OLI), taken for too short to hold one;
 * a stream cut short after the name, whose whole output fflate drops with the error at its end;
 * a stream of printable ASCII, NUL and tab bytes only (fixed-code blocks can be), taken for text;
 * a second gzip member after NUL padding, which Python's gzip reads on to and fflate stops before.
 */
const UNANNOUNCED_INPUTS = `${PY_WRITE}
root = sys.argv[1]
def check(value, name, offset=0):
    assert name in zlib.decompressobj(-15).decompress(value[offset:])
    return value
write(root + '/brandt/s/a.dcm', 'BRANDT^Ilse', 'DE31415926', [
    (0x00330010, 'LO', 'ACME'), (0x00331001, 'OB', check(b'\\x78\\x01\\x00\\xfe\\xff\\x41' + raw_deflate(b'notes: BRANDT Ilse, seen'), b'BRANDT'))])
c = zlib.compressobj(6, zlib.DEFLATED, -15)
flushed = c.compress(b'notes') + c.flush(zlib.Z_SYNC_FLUSH) + b'\\x00\\x00\\x00\\xff\\xff' * 30000
write(root + '/kessler/s/a.dcm', 'KESSLER^Anton', 'DE27182818', [
    (0x00330010, 'LO', 'ACME'), (0x00331001, 'OB', check(flushed + c.compress(b': KESSLER Anton, seen') + c.flush(), b'KESSLER'))])
import struct
notes = b'notes: VOSS Helga, seen'
write(root + '/voss/s/a.dcm', 'VOSS^Helga', 'DE16180339', [
    (0x00330010, 'LO', 'ACME'), (0x00331001, 'OB', check(struct.pack('<I', len(notes)) + raw_deflate(notes), b'VOSS', 4))])
notes = b'notes: ADLER Jonas, seen'
write(root + '/adler/s/a.dcm', 'ADLER^Jonas', 'DE14142135', [
    (0x00330010, 'LO', 'ACME'), (0x00331002, 'OB', check(struct.pack('>H', len(raw_deflate(notes))) + raw_deflate(notes), b'ADLER', 2))])
write(root + '/o-li/s/a.dcm', 'O^LI', 'CN11235813', [(0x00330010, 'LO', 'ACME'), (0x00331004, 'OB', check(raw_deflate(b'OLI'), b'OLI'))])
write(root + '/lehmann/s/a.dcm', 'LEHMANN^Kai', 'DE57721566', [
    (0x00330010, 'LO', 'ACME'), (0x00331006, 'OB', check(raw_deflate(b'\\x01\\x02 notes: LEHMANN Kai \\x03' * 3)[:-6], b'LEHMANN'))])
write(root + '/dupont/s/a.dcm', 'DUPONT^Jean', 'FR20406080', [
    (0x00330010, 'LO', 'ACME'), (0x00331005, 'OB', check(b'R\\x00HAAAAAAAAAAaAJiA~^\\t\\x00', b'dupont'))])
padded = gzip.compress(b'SLICEORDER "1"', mtime=0) + b'\\0' * 6 + gzip.compress(b'notes: BERG Nils, seen', mtime=0)
assert b'BERG' in gzip.decompress(padded)
write(root + '/berg/s/a.dcm', 'BERG^Nils', 'NO64646464', [(0x00330010, 'LO', 'ACME'), (0x00331007, 'OB', padded)])
write(root + '/fischer/s/a.dcm', 'FISCHER^Lena', 'DE17320508', [
    (0x00330010, 'LO', 'ACME'), (0x00331003, 'OB', zlib.compress(b'\\0' * (65 << 20) + b'notes: FISCHER Lena, seen', 9))])
`;

describe('a name in raw deflate behind misleading first bytes or a long silence', { skip }, () => {
  let run: ReturnType<typeof runOn>;
  before(() => {
    run = runOn('unannounced-deflate', UNANNOUNCED_INPUTS);
  });
  after(() => run.dir.remove());

  it('quarantines each file, naming the element, and exits 1', () => {
    assertResidues(run, [['brandt/s/a.dcm', '(0033,1001)'], ['kessler/s/a.dcm', '(0033,1001)'], ['voss/s/a.dcm', '(0033,1001)'], ['adler/s/a.dcm', '(0033,1002)'], ['fischer/s/a.dcm', '(0033,1003)'], ['o-li/s/a.dcm', '(0033,1004)'], ['lehmann/s/a.dcm', '(0033,1006)'], ['dupont/s/a.dcm', '(0033,1005)'], ['berg/s/a.dcm', '(0033,1007)']], 0);
  });
});

/**
 * Encapsulated data away from its standard place is searched (CONTRACT.md "Not text-searched":
 * PixelData only at the top level and in Icon Image Sequence items): a zlib stream in a fragment
 * of PixelData inside a private sequence or a standard one, or of an encapsulated private value,
 * was searched as stored and never inflated, and its name went out with exit 0.
 */
const FRAGMENT_INPUTS = `${PY_WRITE}
from pydicom.encaps import encapsulate
from pydicom.sequence import Sequence
root = sys.argv[1]
def encapsulated(ds, tag, text):
    ds.add_new(tag, 'OB', encapsulate([b'\\xff\\xd8 frame', zlib.compress(text)]))
    ds[tag].is_undefined_length = True
def item_with_pixels(text):
    item = Dataset()
    encapsulated(item, 0x7FE00010, text)
    return item
def save(path, ds):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ds.save_as(path, write_like_original=False)
ds = dataset('NOWAK^Piotr', 'PL10203040', [(0x00330010, 'LO', 'ACME')])
ds.add_new(0x00331020, 'SQ', Sequence([item_with_pixels(b'notes: NOWAK Piotr, seen')]))
save(root + '/nowak/s/a.dcm', ds)
ds = dataset('HORVAT^Ana', 'HR50607080', [])
ds.add_new(0x00081115, 'SQ', Sequence([item_with_pixels(b'notes: HORVAT Ana, seen')]))
save(root + '/horvat/s/a.dcm', ds)
ds = dataset('SILVA^Rui', 'PT90807060', [(0x00330010, 'LO', 'ACME')])
encapsulated(ds, 0x00331001, b'notes: SILVA Rui, seen')
save(root + '/silva/s/a.dcm', ds)
`;

describe('a compressed name in a fragment of encapsulated data away from its standard place', { skip }, () => {
  let run: ReturnType<typeof runOn>;
  before(() => {
    run = runOn('fragments', FRAGMENT_INPUTS);
  });
  after(() => run.dir.remove());

  it('quarantines each file, naming the element, and exits 1', () => {
    assertResidues(run, [['nowak/s/a.dcm', '(0033,1020)[0].(7FE0,0010)'], ['horvat/s/a.dcm', '(0008,1115)[0].(7FE0,0010)'], ['silva/s/a.dcm', '(0033,1001)']], 0);
  });
});

/**
 * The preamble is searched (CONTRACT.md "Searched"), and like a vendor's private blob it may hold a
 * compressed stream: a zlib or raw deflate stream of a name there was searched as stored only,
 * kept, and went out with exit 0.
 */
const PREAMBLE_INPUTS = `${PY_WRITE}
root = sys.argv[1]
def with_preamble(path, name, pid, stream):
    write(path, name, pid, [])
    data = bytearray(open(path, 'rb').read())
    data[0:len(stream)] = stream
    open(path, 'wb').write(bytes(data))
with_preamble(root + '/moreau/s/a.dcm', 'MOREAU^Claire', 'FR31313131', zlib.compress(b'notes: MOREAU Claire, seen'))
with_preamble(root + '/lindqvist/s/a.dcm', 'LINDQVIST^Elsa', 'SE42424242', raw_deflate(b'notes: LINDQVIST Elsa, seen'))
`;

describe('a compressed name in the preamble', { skip }, () => {
  let run: ReturnType<typeof runOn>;
  before(() => {
    run = runOn('preamble', PREAMBLE_INPUTS);
  });
  after(() => run.dir.remove());

  it('quarantines each file, naming the preamble, and exits 1', () => {
    assertResidues(run, [['moreau/s/a.dcm', 'preamble'], ['lindqvist/s/a.dcm', 'preamble']], 0);
  });
});

/**
 * Standard binary numbers are numbers (CONTRACT.md "Searched" lists text values, private and UN
 * elements, paths, preamble and meta group): bytes of an AcquisitionMatrix or of float coordinates
 * that happen to spell a patient's name are copied as they are, and no file stops for them.
 */
const NUMBER_INPUTS = `${PY_WRITE}
import struct
root = sys.argv[1]
write(root + '/luna/s/a.dcm', 'LUNA^Marta', 'ES55667788', [
    (0x00181310, 'US', b'LUNA\\x00\\x01\\x00\\x02'), (0x00189089, 'FD', struct.pack('<3d', 0.25, -1.5, 2.0))])
`;

describe('standard binary numbers spelling a name by chance', { skip }, () => {
  let run: ReturnType<typeof runOn>;
  before(() => {
    run = runOn('numbers-by-chance', NUMBER_INPUTS);
  });
  after(() => run.dir.remove());

  it('writes the file with its numbers byte for byte, exit 0, and verify passes', () => {
    assert.equal(run.run.status, 0, run.run.stderr);
    assertCopied(run, 'luna/s/a.dcm', [0x00181310, 0x00189089]);
  });
});

/**
 * A name in a binary private element written in letters NFKC folds to Latin ones (CONTRACT.md
 * "Names": folding includes NFKC; binary private elements are searched in UTF-16 LE and BE): the
 * finder reads it as the second opinion does, removes the element, and the run succeeds. Full-width
 * UTF-16 has no NUL byte beside each letter; the finder once read only values that had them, so the
 * second opinion found the name and the file was quarantined.
 */
const WIDE_INPUTS = `${PY_WRITE}
root = sys.argv[1]
write(root + '/dupont/s/a.dcm', 'DUPONT^JEAN', 'FR1234567', [
    (0x00330010, 'LO', 'ACME'),
    (0x00331001, 'OB', 'ＤＵＰＯＮＴ\u3000ＪＥＡＮ'.encode('utf-16-le')),
    (0x00331002, 'OB', b'\\x07' + '𝐃𝐔𝐏𝐎𝐍𝐓 𝐉.'.encode('utf-16-be')),
    (0x00331003, 'OB', 'ＣＴ\u3000ＡＢＤＯＭＥＮ'.encode('utf-16-le'))])
write(root + '/martin/s/a.dcm', 'MARTIN^Paul', 'FR7654321', [
    (0x00330010, 'LO', 'ACME'), (0x00331001, 'UN', 'ｄｕｐｏｎｔ ｊｅａｎ'.encode('utf-16-be'))])
`;

describe('a full-width or mathematical name in UTF-16 inside a private binary value', { skip }, () => {
  let run: ReturnType<typeof runOn>;
  before(() => {
    run = runOn('wide-in-binary', WIDE_INPUTS);
  });
  after(() => run.dir.remove());

  it('removes each element holding the name, in its own file and in another patient\'s, exit 0 and verify passes', () => {
    assert.equal(run.run.status, 0, run.run.stderr);
    const summary = JSON.parse(run.run.stdout) as { files: Record<string, number> };
    assert.deepEqual(summary.files, { anonymized: 2, unchanged: 0, ignored: 0, skipped: 0, quarantined: 0 }, run.run.stderr);
    const written = listFiles(run.output).filter((f) => f.endsWith('.dcm'));
    const of = (source: string) => join(run.output, written.find((f) => f.startsWith(`${idOfSource(run.privateDir, source)}/`))!);
    assert.equal(elementHex(of('dupont'), 0x00331001), 'absent');
    assert.equal(elementHex(of('dupont'), 0x00331002), 'absent');
    assert.equal(elementHex(of('martin'), 0x00331001), 'absent');
    for (const source of ['dupont', 'martin']) {
      const dump = dcmdump(of(source));
      assert.ok(dump.ok, dump.stderr);
    }
    const verified = cli(['verify', run.output, '--private-dir', run.privateDir]);
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);
  });

  it('copies a full-width value that names nobody byte for byte', () => {
    const written = listFiles(run.output).find((f) => f.startsWith(`${idOfSource(run.privateDir, 'dupont')}/`))!;
    const before = elementHex(join(run.input, 'dupont/s/a.dcm'), 0x00331003);
    assert.notEqual(before, 'absent');
    assert.equal(elementHex(join(run.output, written), 0x00331003), before);
  });
});

/**
 * A text attribute stored with a binary VR (a StudyDescription written as US by a broken
 * exporter) is still text: its bytes spell what a reader of the dictionary's VR shows. The name
 * there makes the file a residue, and verify finds one planted so; numbers of attributes the
 * dictionary makes numbers stay unsearched (above).
 */
const MISLABELLED_INPUTS = `${PY_WRITE}
root = sys.argv[1]
write(root + '/okafor/s/a.dcm', 'OKAFOR^Chidi', 'NG44556677', [(0x00081030, 'US', b'seen by OKAFOR today')])
write(root + '/vance/s/a.dcm', 'VANCE^Elise', 'US99001122', [(0x00081030, 'LO', 'plain study')])
`;

describe('a text attribute stored with a binary VR', { skip }, () => {
  let run: ReturnType<typeof runOn>;
  before(() => {
    run = runOn('mislabelled-vr', MISLABELLED_INPUTS);
  });
  after(() => run.dir.remove());

  it('quarantines the file whose StudyDescription, stored as US, spells its name, and exits 1', () => {
    assertResidues(run, [['okafor/s/a.dcm', '(0008,1030)']], 1);
  });

  it('verify names such a value planted in a clean output', () => {
    const file = listFiles(run.output).find((f) => f.endsWith('.dcm'))!;
    assertVerifyFinds(run, file, (path) => plant(path, 0x00081030, 'FL', `b'Okafor Chidi'`), '(0008,1030)', /latin-1|ascii|utf-8/);
  });
});
