import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync, inflateSync } from 'fflate';
import { ascii, type BuildElement, encodeDataset, part10, u32 } from '../../../test/codec/dataset-builder.ts';
import type { DicomElement, DicomFile, Edit } from './model.ts';
import { parseDicom } from './reader.ts';
import { bytesSource } from './source.ts';
import { joinParts, rewriteDicom } from './writer.ts';

const EXPLICIT_LE = { explicitVr: true, littleEndian: true };
const IMPLICIT_LE = { explicitVr: false, littleEndian: true };
const EXPLICIT_BE = { explicitVr: true, littleEndian: false };
const text = (element: DicomElement | undefined) => new TextDecoder('latin1').decode(element?.value());
const find = (file: DicomFile, path: string) => [...file.elements()].find((element) => element.path === path);
const rewrite = (file: DicomFile, edits: Edit[]) => joinParts(rewriteDicom(file, edits), file.source);
const uint32At = (bytes: Uint8Array, offset: number, le = true) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(offset, le);

/** A data set with group lengths and a defined-length sequence whose item holds a name. */
function nestedDataset(encoding = EXPLICIT_LE): Uint8Array {
  const group0010: BuildElement[] = [
    { tag: 0x00100010, vr: 'PN', value: ascii('Doe^John') },
    { tag: 0x00100020, vr: 'LO', value: ascii('ID42') },
  ];
  const sequence: BuildElement = { tag: 0x00081115, vr: 'SQ', items: [[{ tag: 0x00100010, vr: 'PN', value: ascii('Doe^John') }]] };
  const group0008: BuildElement[] = [{ tag: 0x00080060, vr: 'CS', value: ascii('CT') }, sequence];
  const length = (elements: BuildElement[]) => encodeDataset(elements, encoding).length;
  return encodeDataset([
    { tag: 0x00080000, vr: 'UL', value: u32(length(group0008), encoding.littleEndian) }, ...group0008,
    { tag: 0x00100000, vr: 'UL', value: u32(length(group0010), encoding.littleEndian) }, ...group0010,
  ], encoding);
}

describe('rewriteDicom', () => {
  it('returns the source as one range when nothing changes', () => {
    const file = parseDicom(bytesSource(nestedDataset()));
    assert.deepEqual(rewriteDicom(file, []), [{ offset: 0, length: file.source.size }]);
  });

  for (const [name, encoding] of [['explicit LE', EXPLICIT_LE], ['implicit LE', IMPLICIT_LE], ['explicit BE', EXPLICIT_BE]] as const) {
    it(`sets a nested value and recomputes item, sequence and group lengths (${name})`, () => {
      const file = parseDicom(bytesSource(nestedDataset(encoding)));
      const nested = find(file, '(0008,1115)[0].(0010,0010)')!;
      const out = parseDicom(bytesSource(rewrite(file, [{ op: 'set', element: nested, value: ascii('A_much_longer_name') }])));
      assert.equal(text(find(out, '(0008,1115)[0].(0010,0010)')), 'A_much_longer_name');
      assert.equal(text(out.get(0x00100010)), 'Doe^John');
      const groupLength = out.get(0x00080000)!;
      const group = [...out.datasetElements].filter((element) => element.tag >>> 16 === 8 && element.tag !== 0x00080000);
      const groupBytes = group.reduce((sum, element) => sum + element.end - element.offset, 0);
      assert.equal(new DataView(groupLength.value().buffer).getUint32(0, encoding.littleEndian), groupBytes);
      assert.equal(out.get(0x00100000)!.value().join(), file.get(0x00100000)!.value().join());
    });
  }

  it('pads odd values: a space for text, NUL for UIDs', () => {
    const file = parseDicom(bytesSource(encodeDataset([
      { tag: 0x00080018, vr: 'UI', value: ascii('1.2.3.4') },
      { tag: 0x00100010, vr: 'PN', value: ascii('Doe^John') },
    ], EXPLICIT_LE)));
    const out = parseDicom(bytesSource(rewrite(file, [
      { op: 'set', element: file.get(0x00080018)!, value: ascii('1.2.3') },
      { op: 'set', element: file.get(0x00100010)!, value: ascii('abc') },
    ])));
    assert.deepEqual(out.get(0x00080018)!.value(), ascii('1.2.3\0'));
    assert.deepEqual(out.get(0x00100010)!.value(), ascii('abc '));
  });

  it('inserts an element in tag order and removes another; nothing else moves', () => {
    const file = parseDicom(bytesSource(part10('1.2.840.10008.1.2.1', encodeDataset([
      { tag: 0x00080060, vr: 'CS', value: ascii('CT') },
      { tag: 0x00101040, vr: 'LO', value: ascii('1 Main Street ') },
      { tag: 0x00200010, vr: 'SH', value: ascii('S1') },
    ], EXPLICIT_LE))));
    const bytes = rewrite(file, [
      { op: 'insert', tag: 0x00100010, vr: 'PN', value: ascii('subj_1') },
      { op: 'remove', element: file.get(0x00101040)! },
    ]);
    const out = parseDicom(bytesSource(bytes));
    assert.deepEqual(out.datasetElements.map((element) => element.tag), [0x00080060, 0x00100010, 0x00200010]);
    assert.equal(text(out.get(0x00100010)), 'subj_1');
    const tail = file.get(0x00200010)!;
    assert.deepEqual(bytes.subarray(bytes.length - (tail.end - tail.offset)), file.source.read(tail.offset, tail.end - tail.offset));
  });

  it('writes several insertions at one place in tag order, whatever the order of the edits', () => {
    const file = parseDicom(bytesSource(encodeDataset([{ tag: 0x00080060, vr: 'CS', value: ascii('CT') }, { tag: 0x00200010, vr: 'SH', value: ascii('S1') }], EXPLICIT_LE)));
    const out = parseDicom(bytesSource(rewrite(file, [
      { op: 'insert', tag: 0x00100020, vr: 'LO', value: ascii('subj_1') },
      { op: 'insert', tag: 0x00100010, vr: 'PN', value: ascii('subj_1') },
    ])));
    assert.deepEqual(out.datasetElements.map((element) => element.tag), [0x00080060, 0x00100010, 0x00100020, 0x00200010]);
  });

  it('recomputes (0002,0000) when the meta group changes', () => {
    const file = parseDicom(bytesSource(part10('1.2.840.10008.1.2.1', encodeDataset([{ tag: 0x00100010, vr: 'PN', value: ascii('X') }], EXPLICIT_LE))));
    const out = parseDicom(bytesSource(rewrite(file, [{ op: 'set', element: file.get(0x00020003)!, value: ascii('1.2.3.4.5.6.7.8.9') }])));
    const meta = out.metaElements.filter((element) => element.tag !== 0x00020000);
    assert.equal(uint32At(out.get(0x00020000)!.value(), 0), meta.reduce((sum, element) => sum + element.end - element.offset, 0));
  });

  it('keeps deflated files byte-identical unless the data set changes, then re-deflates it', () => {
    const dataset = nestedDataset();
    const bytes = part10('1.2.840.10008.1.2.1.99', deflateSync(dataset));
    const file = parseDicom(bytesSource(bytes));
    assert.deepEqual(rewrite(file, []), bytes);
    const edited = rewrite(file, [{ op: 'set', element: file.get(0x00100010)!, value: ascii('subj_1') }]);
    const out = parseDicom(bytesSource(edited));
    assert.equal(text(out.get(0x00100010)), 'subj_1');
    const metaEnd = file.metaElements.at(-1)!.end;
    assert.equal(inflateSync(edited.subarray(metaEnd)).length, dataset.length - 2);
  });

  it('clears the preamble to zeros and leaves every other byte, deflated files included', () => {
    for (const syntax of ['1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99']) {
      const dataset = nestedDataset();
      const bytes = part10(syntax, syntax.endsWith('.99') ? deflateSync(dataset) : dataset);
      bytes.set(ascii('DUPONT JEAN, scanned 2020'), 0);
      const cleared = rewrite(parseDicom(bytesSource(bytes)), [{ op: 'clear-preamble' }]);
      assert.equal(cleared.length, bytes.length, syntax);
      assert.deepEqual(cleared.subarray(0, 128), new Uint8Array(128), syntax);
      assert.deepEqual(cleared.subarray(128), bytes.subarray(128), syntax);
    }
    // Beside an element edit in the meta group, and refused where there is no preamble.
    const file = parseDicom(bytesSource(part10('1.2.840.10008.1.2.1', nestedDataset())));
    const both = parseDicom(bytesSource(rewrite(file, [{ op: 'clear-preamble' }, { op: 'set', element: file.get(0x00020003)!, value: ascii('1.2.3.4.56') }])));
    assert.equal(text(both.get(0x00020003)), '1.2.3.4.56');
    assert.throws(() => rewrite(parseDicom(bytesSource(part10('1.2.840.10008.1.2.1', nestedDataset(), false))), [{ op: 'clear-preamble' }]), { code: 'E_NO_PREAMBLE' });
  });

  it('ignores edits inside an element that is removed', () => {
    const file = parseDicom(bytesSource(nestedDataset()));
    const sequence = file.get(0x00081115)!;
    const bytes = rewrite(file, [
      { op: 'remove', element: sequence },
      { op: 'set', element: find(file, '(0008,1115)[0].(0010,0010)')!, value: ascii('ignored') },
    ]);
    const out = parseDicom(bytesSource(bytes));
    assert.equal(out.get(0x00081115), undefined);
    assert.equal(bytes.length, file.source.size - (sequence.end - sequence.offset));
  });

  it('refuses edits that cannot apply', () => {
    const file = parseDicom(bytesSource(nestedDataset()));
    assert.throws(() => rewriteDicom(file, [{ op: 'insert', tag: 0x00100010, vr: 'PN', value: ascii('x') }]), { code: 'E_DUPLICATE_ELEMENT' });
    assert.throws(() => rewriteDicom(file, [{ op: 'set', element: file.get(0x00100010)!, value: new Uint8Array(70000) }]), { code: 'E_VALUE_TOO_LONG' });
    assert.throws(() => rewriteDicom(file, [{ op: 'set', element: file.get(0x00081115)!, value: ascii('x') }]), { code: 'E_SET_SEQUENCE' });
  });
});
