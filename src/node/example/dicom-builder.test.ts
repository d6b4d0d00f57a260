import assert from 'node:assert/strict';
import { test } from 'node:test';
import { concat, dicomFile, encodeElements, encodeText } from './dicom-builder.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').replace(/(..)/g, '$1 ').trim();
const explicit = { implicit: false, charset: 'ISO_IR 100', undefinedLengths: false } as const;

test('explicit VR: short and long headers, even padding by VR', () => {
  const bytes = concat(encodeElements([
    { tag: 0x00100010, vr: 'PN', value: 'ABC' },
    { tag: 0x00080018, vr: 'UI', value: '1.2' },
    { tag: 0x00331014, vr: 'OB', value: Uint8Array.of(1, 2, 3) },
  ], explicit));
  assert.equal(hex(bytes), [
    '08 00 18 00 55 49 04 00', '31 2e 32 00', //       (0008,0018) UI, length 4: "1.2" + NUL
    '10 00 10 00 50 4e 04 00', '41 42 43 20', //       (0010,0010) PN, length 4: "ABC" + space
    '33 00 14 10 4f 42 00 00 04 00 00 00', '01 02 03 00', // (0033,1014) OB, reserved, 32-bit length
  ].join(' '));
});

test('implicit VR with undefined-length sequences and items', () => {
  const bytes = concat(encodeElements([
    { tag: 0x00400275, vr: 'SQ', value: [[{ tag: 0x00400007, vr: 'LO', value: 'XY' }]] },
  ], { implicit: true, charset: 'ISO_IR 100', undefinedLengths: true }));
  assert.equal(hex(bytes), [
    '40 00 75 02 ff ff ff ff', //                      (0040,0275), undefined length
    'fe ff 00 e0 ff ff ff ff', //                      item, undefined length
    '40 00 07 00 02 00 00 00 58 59', //                (0040,0007), 32-bit length 2
    'fe ff 0d e0 00 00 00 00', //                      item delimiter
    'fe ff dd e0 00 00 00 00', //                      sequence delimiter
  ].join(' '));
});

test('defined-length items hold their exact byte count', () => {
  const bytes = concat(encodeElements([{ tag: 0x00400275, vr: 'SQ', value: [[{ tag: 0x00400007, vr: 'LO', value: 'XY' }]] }], explicit));
  // SQ header (12) + item header (8) + element (8 + 2)
  assert.equal(hex(bytes), '40 00 75 02 53 51 00 00 12 00 00 00 fe ff 00 e0 0a 00 00 00 40 00 07 00 4c 4f 02 00 58 59');
});

test('text is Latin-1 in ISO_IR 100 and UTF-8 in ISO_IR 192', () => {
  assert.equal(hex(encodeText('É', 'ISO_IR 100')), 'c9');
  assert.equal(hex(encodeText('É', 'ISO_IR 192')), 'c3 89');
  assert.throws(() => encodeText('山', 'ISO_IR 100'), RangeError);
});

test('a Part 10 file: preamble, DICM, meta group with its length', () => {
  const file = dicomFile({ sopClassUid: '1.2', sopInstanceUid: '1.3', transferSyntaxUid: '1.2.840.10008.1.2' }, [], explicit);
  assert.equal(Buffer.from(file.subarray(128, 132)).toString(), 'DICM');
  const view = new DataView(file.buffer, file.byteOffset);
  assert.equal(view.getUint32(140, true), file.length - 144, 'the group length counts every meta byte after it');
});
