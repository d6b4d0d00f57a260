/**
 * Files real writers emit that are not quite DICOM, read the way dcmtk reads them: VR bytes that
 * are no VR (two spaces, NULs) with a 2-byte length, and junk bytes after the data set, left out.
 * dcmdump is the independent reader each case is compared with.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ascii, concat, encodeDataset, part10 } from '../../../test/codec/dataset-builder.ts';
import { dcmdump, dcmdumpUnavailable } from '../../../test/support/checkers.ts';
import { DicomParseError } from '../errors.ts';
import { parseDicom } from './reader.ts';
import { bytesSource } from './source.ts';
import { joinParts, rewriteDicom } from './writer.ts';

const EXPLICIT_LE = { explicitVr: true, littleEndian: true };
const text = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);

/** StudyDescription and PatientID written with VR bytes that are no VR, as some modalities do. */
const badVrDataset = encodeDataset(
  [
    { tag: 0x00080016, vr: 'UI', value: ascii('1.2.840.10008.5.1.4.1.1.7\0') },
    { tag: 0x00081030, vr: '  ', value: ascii('Head for DUPONT ') },
    { tag: 0x00100010, vr: 'PN', value: ascii('DUPONT^JEAN ') },
    { tag: 0x00100020, vr: '\0\u0001', value: ascii('PID123') },
    { tag: 0x00200010, vr: 'SH', value: ascii('S1') },
  ],
  EXPLICIT_LE,
);
const badVrFile = part10('1.2.840.10008.1.2.1', badVrDataset);
const goodFile = part10('1.2.840.10008.1.2.1', encodeDataset([{ tag: 0x00100010, vr: 'PN', value: ascii('DUPONT^JEAN ') }, { tag: 0x00200010, vr: 'SH', value: ascii('S1') }], EXPLICIT_LE));

const dir = mkdtempSync(join(tmpdir(), 'dicomveil-lenient-'));
after(() => rmSync(dir, { recursive: true, force: true }));
function onDisk(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

describe('VR bytes that are no VR', () => {
  it('are read with a 2-byte length and the dictionary VR, every later element in place', () => {
    const file = parseDicom(bytesSource(badVrFile));
    const study = file.get(0x00081030)!;
    assert.deepEqual([study.encodedVr, study.vr, text(study.value())], ['  ', 'LO', 'Head for DUPONT ']);
    assert.deepEqual([file.get(0x00100020)!.vr, text(file.get(0x00100020)!.value())], ['LO', 'PID123']);
    assert.equal(text(file.get(0x00200010)!.value()), 'S1');
  });

  it('are read so even on the first element of the data set', { skip: dcmdumpUnavailable() }, () => {
    const first = part10('1.2.840.10008.1.2.1', encodeDataset([{ tag: 0x00080020, vr: '  ', value: ascii('20200102') }, { tag: 0x00100010, vr: 'PN', value: ascii('DUPONT^JEAN ') }], EXPLICIT_LE));
    const file = parseDicom(bytesSource(first));
    assert.deepEqual([file.encoding.explicitVr, file.get(0x00080020)!.vr, text(file.get(0x00100010)!.value())], [true, 'DA', 'DUPONT^JEAN ']);
    assert.match(dcmdump(onDisk('bad-vr-first.dcm', first)).stdout, /\(0010,0010\) PN \[DUPONT\^JEAN\]/);
  });

  it('agree with dcmdump, which reads the same values', { skip: dcmdumpUnavailable() }, () => {
    const dump = dcmdump(onDisk('bad-vr.dcm', badVrFile));
    assert.ok(dump.ok, dump.stderr);
    assert.match(dump.stdout, /\(0010,0010\) PN \[DUPONT\^JEAN\]/);
    assert.match(dump.stdout, /\(0020,0010\) SH \[S1\]/);
  });

  it('are kept byte-identical when untouched, and kept as found when their value is set', { skip: dcmdumpUnavailable() }, () => {
    const file = parseDicom(bytesSource(badVrFile));
    assert.deepEqual(joinParts(rewriteDicom(file, []), file.source), badVrFile);
    const edited = joinParts(rewriteDicom(file, [{ op: 'set', element: file.get(0x00081030)!, value: ascii('Head for subj_1') }]), file.source);
    const reread = parseDicom(bytesSource(edited));
    assert.deepEqual([reread.get(0x00081030)!.encodedVr, text(reread.get(0x00081030)!.value())], ['  ', 'Head for subj_1 ']);
    assert.equal(text(reread.get(0x00200010)!.value()), 'S1');
    const dump = dcmdump(onDisk('bad-vr-edited.dcm', edited));
    assert.ok(dump.ok, dump.stderr);
    assert.match(dump.stdout, /\(0020,0010\) SH \[S1\]/);
  });
});

describe('junk after the data set', () => {
  const junks: [string, Uint8Array][] = [
    ['garbage', concat([new Uint8Array([0x00, 0x01, 0xff, 0xfe]), ascii(' garbage bytes here!!')])],
    ['zero padding', new Uint8Array(512)],
    ['three stray bytes', new Uint8Array([0, 0, 0])],
  ];
  for (const [what, junk] of junks) {
    it(`is left out (${what}): the data set ends before it, and the writer drops it`, () => {
      const bytes = concat([goodFile, junk]);
      const file = parseDicom(bytesSource(bytes));
      assert.deepEqual(file.trailingJunk, { offset: goodFile.length, length: junk.length });
      assert.equal(text(file.get(0x00200010)!.value()), 'S1');
      assert.deepEqual(joinParts(rewriteDicom(file, []), file.source), goodFile);
      const inserted = joinParts(rewriteDicom(file, [{ op: 'insert', tag: 0x00400254, vr: 'LO', value: ascii('added') }]), file.source);
      const reread = parseDicom(bytesSource(inserted));
      assert.equal(reread.trailingJunk, undefined);
      assert.equal(text(reread.get(0x00400254)!.value()), 'added ');
    });
  }

  it('is told from a real element cut by the end of the file, which stays an error as in dcmdump', { skip: dcmdumpUnavailable() }, () => {
    const whole = part10('1.2.840.10008.1.2.1', encodeDataset([{ tag: 0x00100010, vr: 'PN', value: ascii('DUPONT^JEAN ') }, { tag: 0x7fe00010, vr: 'OW', value: new Uint8Array(64) }], EXPLICIT_LE));
    const cut = whole.subarray(0, whole.length - 10);
    assert.throws(() => parseDicom(bytesSource(cut)), { code: 'E_LENGTH_OVERRUN' });
    assert.equal(dcmdump(onDisk('cut.dcm', cut)).ok, false);
  });

  it('is not a command group saved at the start of the data set, in order (group 0000 first)', () => {
    const command = encodeDataset([{ tag: 0x00000002, vr: 'UI', value: ascii('1.2.840.10008.5.1.4.1.1.7\0') }, { tag: 0x00000100, vr: 'US', value: new Uint8Array([1, 0]) }], EXPLICIT_LE);
    const body = encodeDataset([{ tag: 0x00100010, vr: 'PN', value: ascii('DUPONT^JEAN ') }], EXPLICIT_LE);
    const file = parseDicom(bytesSource(part10('1.2.840.10008.1.2.1', concat([command, body]))));
    assert.equal(file.trailingJunk, undefined);
    assert.deepEqual(file.datasetElements.map((element) => element.tag), [0x00000002, 0x00000100, 0x00100010]);
  });

  it('is told from the start of a next element cut inside its header: a truncated file stays an error', () => {
    const next = encodeDataset([{ tag: 0x00400254, vr: 'LO', value: ascii('cut') }], EXPLICIT_LE);
    for (const keep of [3, 5, 7]) assert.throws(() => parseDicom(bytesSource(concat([goodFile, next.subarray(0, keep)]))), DicomParseError, `${keep} bytes`);
  });

  it('written out without the junk, dcmdump reads what it could not read before', { skip: dcmdumpUnavailable() }, () => {
    const bytes = concat([goodFile, junks[0]![1]]);
    assert.equal(dcmdump(onDisk('junk.dcm', bytes)).ok, false);
    const file = parseDicom(bytesSource(bytes));
    const dump = dcmdump(onDisk('junk-dropped.dcm', joinParts(rewriteDicom(file, []), file.source)));
    assert.ok(dump.ok, dump.stderr);
    assert.match(dump.stdout, /\(0020,0010\) SH \[S1\]/);
  });
});
