/**
 * The finder and the second opinion read the same rules separately (CONTRACT.md "Names"; the
 * second opinion is built with no part of the finder). In a binary private value, whatever the
 * finder misses and the second opinion finds stops a run at a residue where the element should
 * simply have gone. Here every patient the second opinion finds in such a value, the finder finds
 * too: names planted between random bytes in the spellings folding makes equal (full-width,
 * circled, mathematical, NFD, half-width kana, soft hyphen, transliterated) and in UTF-8, Latin-1
 * and UTF-16 LE/BE.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildNeedles, readings, searchText } from '../verify/index.ts';
import { findNamesInBytes } from './byte-search.ts';
import { type KnownPatient, buildNameIndex } from './name-index.ts';

const RUNS: readonly (readonly KnownPatient[])[] = [
  [
    { id: 'subj_D', spellings: ['DUPONT^JEAN'], patientIds: ['FR-4471'] },
    { id: 'subj_N', spellings: ['NG^LI'], patientIds: [] },
    { id: 'subj_M', spellings: ['MÜLLER^Zoë'], patientIds: [] },
  ],
  [
    { id: 'subj_C', spellings: ['千葉^太郎'], patientIds: [] },
    { id: 'subj_L', spellings: ['李^明'], patientIds: [] },
    { id: 'subj_D', spellings: ['DUPONT^JEAN'], patientIds: [] },
  ],
  [
    { id: 'subj_V', spellings: ['ВОЛКОВА^Ирина'], patientIds: [] },
    { id: 'subj_D', spellings: ['DUPONT^JEAN'], patientIds: [] },
  ],
  [
    { id: 'subj_K', spellings: ['ﾔﾏﾀﾞ^ﾀﾛｳ'], patientIds: [] },
    { id: 'subj_H', spellings: ['Hong^Gildong=洪^吉洞=홍^길동'], patientIds: [] },
  ],
];

const PLANTED = [
  'DUPONT JEAN',
  'ｊｅａｎ\u3000ｄｕｐｏｎｔ',
  'ⒹⓊⓅⓄⓃⓉ',
  '𝐃𝐔𝐏𝐎𝐍𝐓',
  'Du\u0301pont',
  'DU\u00ADPONT',
  'Ng·Li',
  'ＮＧＬＩ',
  'fr-4471',
  'MUELLER',
  'Mu\u0308ller',
  '千葉太郎',
  '太郎 千葉',
  '千葉大学',
  '李明',
  'Волкова',
  'ＶＯＬＫＯＶＡ',
  'ﾔﾏﾀﾞ ﾀﾛｳ',
  'ヤマダ タロウ'.normalize('NFD'),
  '홍길동',
  '홍길동'.normalize('NFD'),
];

/** `text` in UTF-8 (0), one byte per unit as Latin-1 writes it (1), UTF-16LE (2) or UTF-16BE (3). */
function encode(text: string, encoding: number): Uint8Array {
  if (encoding === 0) return new TextEncoder().encode(text);
  if (encoding === 1) return Uint8Array.from([...text].map((ch) => ch.charCodeAt(0) & 0xff));
  const out = new Uint8Array(text.length * 2);
  const [low, high] = encoding === 2 ? [0, 1] : [1, 0];
  for (let i = 0; i < text.length; i++) {
    out[2 * i + low] = text.charCodeAt(i) & 0xff;
    out[2 * i + high] = text.charCodeAt(i) >> 8;
  }
  return out;
}

const value = fc
  .array(fc.oneof(fc.uint8Array({ maxLength: 12 }), fc.tuple(fc.constantFrom(...PLANTED), fc.integer({ min: 0, max: 3 })).map(([text, encoding]) => encode(` ${text} `, encoding))), { maxLength: 6 })
  .map((parts) => Uint8Array.from(parts.flatMap((part) => [...part])));

describe('the finder finds in a binary private value every name the second opinion finds there', () => {
  for (const patients of RUNS) {
    it(`with patients ${patients.map((p) => p.spellings[0]).join(', ')}`, () => {
      const index = buildNameIndex(patients);
      const needles = buildNeedles(patients);
      fc.assert(
        fc.property(value, (bytes) => {
          const second = new Set<string>();
          for (const reading of readings(needles, bytes, [], 'OB')) for (const hit of searchText(needles, reading.text, undefined)) second.add(patients[hit.patient]!.id);
          const finder = new Set(findNamesInBytes(index, bytes).map((hit) => hit.patientId));
          assert.deepEqual([...second].filter((id) => !finder.has(id)), [], Buffer.from(bytes).toString('hex'));
        }),
        { numRuns: 300 },
      );
    });
  }
});
