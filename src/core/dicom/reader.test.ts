import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync } from 'fflate';
import { ascii, type BuildElement, concat, deepSequence, encodeDataset, part10, u16 } from '../../../test/codec/dataset-builder.ts';
import { DicomParseError } from '../errors.ts';
import type { DicomElement } from './model.ts';
import { parseDicom } from './reader.ts';
import { bytesSource } from './source.ts';
import { rewriteDicom } from './writer.ts';

const EXPLICIT_LE = { explicitVr: true, littleEndian: true };
const IMPLICIT_LE = { explicitVr: false, littleEndian: true };
const EXPLICIT_BE = { explicitVr: true, littleEndian: false };
const text = (element: DicomElement | undefined) => new TextDecoder('latin1').decode(element?.value());
const byPath = (elements: Iterable<DicomElement>) => new Map([...elements].map((element) => [element.path, element]));

const patient: BuildElement[] = [
  { tag: 0x00080005, vr: 'CS', value: ascii('ISO_IR 100') },
  { tag: 0x00100010, vr: 'PN', value: ascii('Doe^John') },
  { tag: 0x00100020, vr: 'LO', value: ascii('12345 ') },
];

describe('parseDicom', () => {
  it('reads a Part 10 file: meta group, transfer syntax, values as byte ranges', () => {
    const bytes = part10('1.2.840.10008.1.2.1', encodeDataset(patient, EXPLICIT_LE));
    const file = parseDicom(bytesSource(bytes));
    assert.equal(file.transferSyntaxUid, '1.2.840.10008.1.2.1');
    assert.equal(file.hasPreamble, true);
    assert.deepEqual(file.metaElements.map((element) => element.tag), [0x00020000, 0x00020001, 0x00020002, 0x00020003, 0x00020010]);
    const name = file.get(0x00100010)!;
    assert.equal(text(name), 'Doe^John');
    assert.deepEqual([name.vr, name.encodedVr, name.path, name.depth, name.inMeta], ['PN', 'PN', '(0010,0010)', 0, false]);
    assert.deepEqual(name.charsets, ['ISO_IR 100']);
    assert.deepEqual(bytes.subarray(name.valueOffset, name.valueOffset + name.valueLength), ascii('Doe^John'));
  });

  it('finds a top-level element by tag in ascending files, in files out of order, and the last of a repeated tag', () => {
    const ordered: BuildElement[] = [...patient, { tag: 0x00200013, vr: 'IS', value: ascii('7 ') }, { tag: 0x7fe00010, vr: 'OW', value: new Uint8Array(4) }, { tag: 0xfffcfffc, vr: 'OB', value: new Uint8Array(2) }];
    const file = parseDicom(bytesSource(part10('1.2.840.10008.1.2.1', encodeDataset(ordered, EXPLICIT_LE))));
    for (const { tag } of ordered) assert.equal(file.get(tag)?.tag, tag, tag.toString(16));
    assert.equal(file.get(0x00020010)?.inMeta, true);
    assert.equal(file.get(0x00100030), undefined);
    assert.equal(file.get(0xfffcfffc | 0)?.valueLength, 2, 'a tag past 0x80000000 found signed too');
    const shuffled: BuildElement[] = [
      { tag: 0x00100020, vr: 'LO', value: ascii('first ') },
      { tag: 0x00100010, vr: 'PN', value: ascii('Doe^John') },
      { tag: 0x00100020, vr: 'LO', value: ascii('second') },
    ];
    const unordered = parseDicom(bytesSource(part10('1.2.840.10008.1.2.1', encodeDataset(shuffled, EXPLICIT_LE))));
    assert.equal(text(unordered.get(0x00100010)), 'Doe^John');
    assert.equal(text(unordered.get(0x00100020)), 'second');
    assert.equal(unordered.get(0x00080005), undefined);
  });

  it('reads bare data sets in every encoding, taking implicit VRs from the dictionary', () => {
    for (const encoding of [EXPLICIT_LE, IMPLICIT_LE, EXPLICIT_BE]) {
      const file = parseDicom(bytesSource(encodeDataset(patient, encoding)));
      assert.equal(file.hasPreamble, false);
      assert.deepEqual(file.encoding, encoding);
      assert.equal(file.get(0x00100010)?.vr, 'PN');
      assert.equal(file.get(0x00100010)?.encodedVr, encoding.explicitVr ? 'PN' : undefined);
      assert.equal(text(file.get(0x00100020)), '12345 ');
    }
  });

  it('reads a data set in the encoding it has when the transfer syntax says otherwise', () => {
    const cases = [
      ['1.2.840.10008.1.2.1', IMPLICIT_LE],
      ['1.2.840.10008.1.2', EXPLICIT_LE],
      ['1.2.840.10008.1.2.2', EXPLICIT_LE],
      ['1.2.840.10008.1.2.1', EXPLICIT_BE],
    ] as const;
    for (const [uid, encoding] of cases) {
      const file = parseDicom(bytesSource(part10(uid, encodeDataset(patient, encoding))));
      assert.deepEqual(file.encoding, encoding);
      assert.equal(text(file.get(0x00100010)), 'Doe^John');
    }
  });

  it('reads big endian numbers in file byte order', () => {
    const file = parseDicom(bytesSource(part10('1.2.840.10008.1.2.2', encodeDataset([{ tag: 0x00280010, vr: 'US', value: u16(512, false) }], EXPLICIT_BE))));
    assert.deepEqual(file.get(0x00280010)?.value(), new Uint8Array([2, 0]));
  });

  it('gives paths, depths and the character set in effect, which an item may redeclare', () => {
    const sequence: BuildElement = {
      tag: 0x00081115, vr: 'SQ', undefinedLength: true,
      items: [
        [{ tag: 0x00100010, vr: 'PN', value: ascii('Item^Zero') }],
        [{ tag: 0x00080005, vr: 'CS', value: ascii('ISO_IR 192') }, { tag: 0x00100010, vr: 'PN', value: ascii('Item^One') }],
      ],
    };
    const file = parseDicom(bytesSource(encodeDataset([patient[0]!, sequence], EXPLICIT_LE)));
    const elements = byPath(file.elements());
    const zero = elements.get('(0008,1115)[0].(0010,0010)')!;
    const one = elements.get('(0008,1115)[1].(0010,0010)')!;
    assert.deepEqual([text(zero), zero.depth, zero.charsets], ['Item^Zero', 1, ['ISO_IR 100']]);
    assert.deepEqual([text(one), one.depth, one.charsets], ['Item^One', 1, ['ISO_IR 192']]);
    assert.equal(elements.get('(0008,1115)')!.isSequence, true);
    assert.equal(elements.get('(0008,1115)')!.items.length, 2);
  });

  it('resolves private creators per block and per item', () => {
    const file = parseDicom(bytesSource(encodeDataset([
      { tag: 0x00290010, vr: 'LO', value: ascii('ACME 1.0') },
      { tag: 0x00290011, vr: 'LO', value: ascii('OTHER ') },
      { tag: 0x00291008, vr: 'LO', value: ascii('a') },
      { tag: 0x00291108, vr: 'LO', value: ascii('b') },
      { tag: 0x00291208, vr: 'LO', value: ascii('c') },
    ], IMPLICIT_LE)));
    const creators = [...file.elements()].map((element) => element.privateCreator);
    assert.deepEqual(creators, [undefined, undefined, 'ACME 1.0', 'OTHER', undefined]);
  });

  it('reads UN with undefined length as an implicit VR sequence, even in a big endian file', () => {
    const inner = encodeDataset([{ tag: 0x00100010, vr: 'PN', value: ascii('Hidden^Name') }], IMPLICIT_LE);
    const un = concat([new Uint8Array([0x00, 0x09, 0x10, 0x10]), ascii('UN'), new Uint8Array(2), new Uint8Array([0xff, 0xff, 0xff, 0xff]),
      new Uint8Array([0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff]), inner, new Uint8Array([0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0]),
      new Uint8Array([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0])]);
    const creator = encodeDataset([{ tag: 0x00090010, vr: 'LO', value: ascii('ACME') }], EXPLICIT_BE);
    const file = parseDicom(bytesSource(concat([creator, un])));
    const hidden = byPath(file.elements()).get('(0009,1010)[0].(0010,0010)');
    assert.equal(text(hidden), 'Hidden^Name');
  });

  it('reads a private UN value that is a sequence, and keeps one that only looks like it opaque', () => {
    const items = concat([new Uint8Array([0xfe, 0xff, 0x00, 0xe0, 16, 0, 0, 0]), encodeDataset([{ tag: 0x00100010, vr: 'PN', value: ascii('Priv^Seq') }], IMPLICIT_LE)]);
    const fake = concat([new Uint8Array([0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0, 0]), ascii('notasequence')]);
    const file = parseDicom(bytesSource(encodeDataset([
      { tag: 0x00090010, vr: 'LO', value: ascii('ACME') },
      { tag: 0x00091010, vr: 'UN', value: items },
      { tag: 0x00091011, vr: 'UN', value: fake },
      { tag: 0x00100010, vr: 'PN', value: ascii('After') },
    ], EXPLICIT_LE)));
    const elements = byPath(file.elements());
    assert.equal(text(elements.get('(0009,1010)[0].(0010,0010)')), 'Priv^Seq');
    assert.equal(elements.get('(0009,1011)')!.isSequence, false);
    assert.deepEqual(elements.get('(0009,1011)')!.value(), fake);
    assert.equal(text(elements.get('(0010,0010)')), 'After');
  });

  it('skips encapsulated fragments by length, delimiter bytes inside them included', () => {
    const fragment = new Uint8Array([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0, 1, 2]);
    const file = parseDicom(bytesSource(part10('1.2.840.10008.1.2.4.50', encodeDataset([
      { tag: 0x7fe00010, vr: 'OB', fragments: [new Uint8Array(0), fragment] },
      { tag: 0xfffcfffc, vr: 'OB', value: new Uint8Array(4) },
    ], EXPLICIT_LE))));
    const pixels = file.get(0x7fe00010)!;
    assert.deepEqual([pixels.isEncapsulated, pixels.isBulk, pixels.valueLength], [true, true, 8 + 8 + fragment.length]);
    assert.throws(() => pixels.value(), /bulk/);
    assert.equal(file.get(0xfffcfffc)?.valueLength, 4);
  });

  it('reads only the headers of a 2 GB file, and writes its pixel data as one source range', () => {
    const header = part10('1.2.840.10008.1.2.1', encodeDataset(patient, EXPLICIT_LE));
    const pixelHeader = encodeDataset([{ tag: 0x7fe00010, vr: 'OW', value: new Uint8Array(0) }], EXPLICIT_LE);
    const pixelBytes = 2 * 1024 * 1024 * 1024;
    new DataView(pixelHeader.buffer).setUint32(8, pixelBytes, true);
    const head = concat([header, pixelHeader]);
    let bytesRead = 0;
    // A 2 GB file that exists only as its header: pixel data reads would allocate gigabytes.
    const huge = { size: head.length + pixelBytes, read: (offset: number, length: number) => {
      const wanted = Math.min(length, head.length + pixelBytes - offset);
      bytesRead += wanted;
      if (wanted > 1024 * 1024) throw new Error(`read of ${wanted} bytes`);
      const out = new Uint8Array(wanted);
      if (offset < head.length) out.set(head.subarray(offset, offset + wanted));
      return out;
    } };
    const file = parseDicom(huge);
    const parts = rewriteDicom(file, [{ op: 'set', element: file.get(0x00100010)!, value: ascii('subj_1') }]);
    assert.ok(bytesRead < 256 * 1024, `read ${bytesRead} bytes`);
    assert.ok(parts.some((part) => !(part instanceof Uint8Array) && part.length > pixelBytes));
  });

  it('reads 5,000 nested sequences without growing the call stack', () => {
    const file = parseDicom(bytesSource(deepSequence(5000, EXPLICIT_LE)));
    const deepest = [...file.elements()].find((element) => element.tag === 0x00100010)!;
    assert.equal(deepest.depth, 5000);
    assert.equal(text(deepest), 'Deep^Name');
  });

  it('inflates deflated data sets; offsets then refer to the inflated stream', () => {
    const dataset = encodeDataset(patient, EXPLICIT_LE);
    const file = parseDicom(bytesSource(part10('1.2.840.10008.1.2.1.99', deflateSync(dataset))));
    assert.equal(file.deflated, true);
    assert.equal(text(file.get(0x00100010)), 'Doe^John');
    assert.equal(file.get(0x00080005)?.offset, 0);
    assert.deepEqual(file.datasetSource.read(0, dataset.length), dataset);
  });

  it('refuses a deflated data set whose stream is cut, rather than read part of it', () => {
    const bytes = part10('1.2.840.10008.1.2.1.99', deflateSync(encodeDataset(patient, EXPLICIT_LE)));
    assert.throws(() => parseDicom(bytesSource(bytes.subarray(0, bytes.length - 6))), { code: 'E_INFLATE' });
  });

  it('stops a deflate bomb at the inflation cap', () => {
    const bomb = part10('1.2.840.10008.1.2.1.99', deflateSync(new Uint8Array(2 * 1024 * 1024)));
    assert.throws(() => parseDicom(bytesSource(bomb), { maxInflatedSize: 256 * 1024 }), { code: 'E_INFLATE_TOO_LARGE' });
  });

  it('reports a lying length with its offset and tag path, allocating nothing by it', () => {
    const bytes = encodeDataset([{ tag: 0x00081115, vr: 'SQ', items: [[{ tag: 0x00100010, vr: 'PN', value: ascii('Doe') }]] }], EXPLICIT_LE);
    const lying = bytes.slice();
    new DataView(lying.buffer).setUint16(12 + 8 + 6, 0xfff0, true);
    assert.throws(() => parseDicom(bytesSource(lying)), (error: unknown) => {
      assert.ok(error instanceof DicomParseError);
      assert.equal(error.code, 'E_LENGTH_OVERRUN');
      assert.equal(error.location.offset, 20);
      assert.equal(error.location.tagPath, '(0008,1115)[0].(0010,0010)');
      return true;
    });
  });

  it('returns values that stay valid when the source reuses its buffer', () => {
    const bytes = encodeDataset(patient, EXPLICIT_LE);
    const shared = new Uint8Array(bytes.length);
    // A source like a file handle's: every read overwrites the same buffer.
    const reusing = { size: bytes.length, read: (offset: number, length: number) => {
      const view = bytes.subarray(offset, offset + length);
      shared.set(view);
      return shared.subarray(0, view.length);
    } };
    const file = parseDicom(reusing);
    const name = file.get(0x00100010)!.value();
    file.get(0x00100020)!.value();
    assert.equal(new TextDecoder().decode(name), 'Doe^John');
  });

  it('closes an undefined-length item that reaches the end of its defined-length sequence', () => {
    const inner = encodeDataset([{ tag: 0x00100010, vr: 'PN', value: ascii('Doe') }], EXPLICIT_LE);
    const item = concat([new Uint8Array([0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff]), inner]);
    const sequence = concat([new Uint8Array([0x08, 0x00, 0x15, 0x11]), ascii('SQ'), new Uint8Array(2), new Uint8Array([item.length, 0, 0, 0]), item]);
    const file = parseDicom(bytesSource(concat([sequence, encodeDataset([{ tag: 0x00200010, vr: 'SH', value: ascii('S1') }], EXPLICIT_LE)])));
    assert.equal(text(byPath(file.elements()).get('(0008,1115)[0].(0010,0010)')), 'Doe');
    assert.equal(text(file.get(0x00200010)), 'S1');
  });

  it('refuses a delimiter outside any sequence rather than drop what follows, as dcmtk and pydicom do', () => {
    const stray = concat([encodeDataset(patient, EXPLICIT_LE), new Uint8Array([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]), encodeDataset([{ tag: 0x00200010, vr: 'SH', value: ascii('S1') }], EXPLICIT_LE)]);
    assert.throws(() => parseDicom(bytesSource(stray)), { code: 'E_UNEXPECTED_DELIMITER' });
  });

  it('keeps a value cut by the end of the file only when asked to', () => {
    const whole = encodeDataset([...patient, { tag: 0x7fe00010, vr: 'OW', value: new Uint8Array(64) }], EXPLICIT_LE);
    const cut = whole.subarray(0, whole.length - 10);
    assert.throws(() => parseDicom(bytesSource(cut)), { code: 'E_LENGTH_OVERRUN' });
    const file = parseDicom(bytesSource(cut), { truncatedValues: 'keep' });
    const pixels = file.get(0x7fe00010)!;
    assert.deepEqual([pixels.truncated, pixels.valueLength, pixels.end], [true, 54, cut.length]);
    assert.equal(file.get(0x00100010)!.truncated, false);
  });

  it('refuses bytes that are not DICOM', () => {
    assert.throws(() => parseDicom(bytesSource(ascii('%PDF-1.7 not a dicom file at all'))), DicomParseError);
    assert.throws(() => parseDicom(bytesSource(new Uint8Array(3))), DicomParseError);
  });
});
