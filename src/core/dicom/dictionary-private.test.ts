import assert from 'node:assert/strict';
import { test } from 'node:test';
import { privateDictionaryEntry, privateVrForTag } from './dictionary-private.ts';

// [tag, creator, VR, why] — expectations read from dcmtk's private.dic and the vendors' statements.
const cases: [number, string | undefined, string | undefined, string][] = [
  [0x00291010, 'SIEMENS CSA HEADER', 'OB', 'CSA image header, block 10'],
  [0x00291110, 'SIEMENS CSA HEADER', 'OB', 'the same element in block 11'],
  [0x00291008, 'SIEMENS CSA HEADER ', 'CS', 'creator padded with a space'],
  [0x00291008, 'siemens csa header', 'CS', 'creator in other case'],
  [0x00111010, 'GEMS_PATI_01', 'SS', 'GE patient status'],
  [0x00291010, 'NO SUCH VENDOR', undefined, 'unknown creator'],
  [0x00291010, undefined, undefined, 'no creator'],
  [0x00290010, 'SIEMENS CSA HEADER', undefined, 'the creator element itself'],
  [0x00281010, 'SIEMENS CSA HEADER', undefined, 'even group: not private'],
];
for (const [tag, creator, vr, why] of cases) {
  test(`${tag.toString(16).padStart(8, '0')} of ${JSON.stringify(creator)} is ${vr ?? 'unknown'} (${why})`, () => {
    assert.equal(privateVrForTag(tag, creator), vr);
  });
}

test('keeps the keyword the vendor gives', () => {
  assert.equal(privateDictionaryEntry(0x00291010, 'SIEMENS CSA HEADER')?.keyword, 'CSAImageHeaderInfo');
});
