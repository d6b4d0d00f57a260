import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findNamesInBytes, utf8Offset } from './byte-search.ts';
import { findNames } from './find-names.ts';
import { buildNameIndex } from './name-index.ts';

const index = buildNameIndex([
  { id: 'subj_A', spellings: ['MÜLLER^Jürgen'], patientIds: ['ID-7788'] },
  { id: 'subj_Y', spellings: ['山田^太郎'], patientIds: [] },
]);

/** `text` encoded as UTF-16LE, as Windows tools write it. */
function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[2 * i] = text.charCodeAt(i) & 0xff;
    out[2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const binary = new Uint8Array([0x02, 0x00, 0x10, 0x00, 0x4f, 0x42, 0x00, 0x00, 0xff, 0x01]);

describe('findNamesInBytes: Windows-1252', () => {
  it('reads 0x8A as Š: ŠIMEK written by Windows software is found', () => {
    const simek = buildNameIndex([{ id: 'subj_S', spellings: ['ŠIMEK^Jan'], patientIds: [] }]);
    const bytes = Uint8Array.from([0x20, 0x8a, 0x69, 0x6d, 0x65, 0x6b, 0x20]);
    assert.deepEqual(findNamesInBytes(simek, bytes).map((hit) => [hit.offset, hit.length, hit.patientId]), [[1, 5, 'subj_S']]);
  });

  it('still finds a name beside a C1 byte that Windows-1252 reads as a letter: 0x9E is ž there, a control in Latin-1', () => {
    const bytes = Uint8Array.from([0xf1, 0x9e, ...new TextEncoder().encode('MULLER^JURGEN'), 0x69, 0xcf]);
    assert.ok(findNamesInBytes(index, bytes).some((hit) => hit.offset === 2 && hit.patientId === 'subj_A'));
  });
});

describe('findNamesInBytes', () => {
  it('finds ASCII and Latin-1 bytes, case-insensitively, with their offset', () => {
    const bytes = concat(binary, new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]), binary);
    assert.deepEqual(findNamesInBytes(index, bytes), [{ offset: 10, length: 6, patientId: 'subj_A', encoding: 'latin-1' }]);
    const upper = concat(binary, new TextEncoder().encode('mueller'), binary);
    assert.equal(findNamesInBytes(index, upper)[0]?.offset, 10);
  });

  it('finds UTF-8 names and gives the byte offset of the match', () => {
    const bytes = concat(binary, new TextEncoder().encode('é Müller'), binary);
    const hit = findNamesInBytes(index, bytes).find((h) => h.encoding === 'utf-8');
    assert.deepEqual(hit, { offset: 13, length: 7, patientId: 'subj_A', encoding: 'utf-8' });
  });

  it('finds UTF-16LE names at an odd offset too', () => {
    const bytes = concat(binary, new Uint8Array([0x07]), utf16le('x Jürgen Müller;'), binary);
    const hit = findNamesInBytes(index, bytes).find((h) => h.encoding === 'utf-16le');
    assert.equal(hit?.offset, 11 + 4);
    assert.equal(hit?.length, 26);
    assert.equal(hit?.patientId, 'subj_A');
  });

  it('finds CJK names in UTF-8 and UTF-16LE, and PatientIDs as tokens', () => {
    assert.equal(findNamesInBytes(index, concat(binary, new TextEncoder().encode('山田太郎'), binary)).length, 1);
    assert.equal(findNamesInBytes(index, concat(binary, utf16le('山田太郎'), binary)).length, 1);
    // A family name of two ideographs is never searched alone; a full name of two is, as the second opinion does.
    assert.equal(findNamesInBytes(index, concat(binary, utf16le('山田'), binary)).length, 0);
    const li = buildNameIndex([{ id: 'subj_L', spellings: ['李^明'], patientIds: [] }]);
    assert.deepEqual(findNamesInBytes(li, concat(binary, utf16le('李明'), binary)).map((hit) => [hit.encoding, hit.offset]), [['utf-16le', binary.length]]);
    assert.equal(findNamesInBytes(index, new TextEncoder().encode('\0ID-7788\0')).length, 1);
    assert.equal(findNamesInBytes(index, new TextEncoder().encode('\0ID-77889\0')).length, 0);
  });

  it('finds nothing in clean bytes', () => {
    assert.deepEqual(findNamesInBytes(index, concat(binary, new TextEncoder().encode('CT ABDOMEN'), utf16le('Mull'), binary)), []);
  });
});

describe('byte offsets of names read as UTF-8', () => {
  it('are exact after any bytes, ill-formed sequences included', () => {
    const marker = 'MÜLLER Jürgen';
    const encoded = new TextEncoder().encode(marker);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 16 }), (before, after) => {
        // A space on each side: the name stands as a word whatever the garbage decodes to.
        const bytes = new Uint8Array([...before, 0x20, ...encoded, 0x20, ...after]);
        const at = before.length + 1;
        const text = new TextDecoder('utf-8').decode(bytes);
        const index16 = text.indexOf(` ${marker} `) + 1;
        assert.equal(utf8Offset(bytes, index16), at);
        assert.equal(utf8Offset(bytes, index16 + marker.length), at + encoded.length);
        const hits = findNamesInBytes(index, bytes).filter((hit) => hit.encoding === 'utf-8' && hit.offset === at);
        assert.equal(hits.length, 1, JSON.stringify(findNamesInBytes(index, bytes)));
        assert.equal(hits[0]!.length, encoded.length);
      }),
      { numRuns: 500 },
    );
  });

  it('count a truncated sequence, an overlong form and a surrogate as the decoder does', () => {
    // E2 82 then 'A': one U+FFFD for two bytes. E0 80: two. ED A0 80: three. F0 9F 98 then 'A': one.
    for (const [bytes, units] of [
      [[0xe2, 0x82, 0x41], 1],
      [[0xe0, 0x80, 0x41], 2],
      [[0xed, 0xa0, 0x80, 0x41], 3],
      [[0xf0, 0x9f, 0x98, 0x41], 1],
      [[0xf0, 0x9f, 0x98, 0x80, 0x41], 2],
    ] as const) {
      const array = Uint8Array.from(bytes);
      assert.equal(new TextDecoder('utf-8').decode(array).indexOf('A'), units, `${bytes}`);
      assert.equal(utf8Offset(array, units), bytes.length - 1, `${bytes}`);
    }
  });
});

describe('findNamesInBytes: UTF-16 big endian', () => {
  const utf16be = (text: string) => Uint8Array.from([...text].flatMap((ch) => [ch.charCodeAt(0) >> 8, ch.charCodeAt(0) & 0xff]));
  const wide = buildNameIndex([
    { id: 'subj_V', spellings: ['ВОЛКОВА^Ирина'], patientIds: [] },
    { id: 'subj_G', spellings: ['VARGA^Ilona'], patientIds: [] },
  ]);
  it('finds a Cyrillic name in UTF-16BE bytes, at either alignment', () => {
    for (const lead of [[1, 2], [1]]) {
      const hits = findNamesInBytes(wide, Uint8Array.from([...lead, ...utf16be('к ВОЛКОВА'), 3]));
      assert.deepEqual(hits.map((h) => [h.patientId, h.encoding, h.offset]), [['subj_V', 'utf-16be', lead.length + 4]]);
    }
  });
  it('finds a Latin name in UTF-16BE bytes once, however it is read', () => {
    const hits = findNamesInBytes(wide, Uint8Array.from([1, 2, ...utf16be('note: VARGA'), 3, 4]));
    assert.deepEqual(hits.map((h) => h.patientId), ['subj_G']);
  });
  it('finds a Latin-1 name that fills a big-endian value to its last byte', () => {
    const levy = buildNameIndex([{ id: 'subj_L', spellings: ['LÉVY^Noël'], patientIds: [] }]);
    assert.deepEqual(findNamesInBytes(levy, utf16be('Lévy')).map((h) => h.patientId), ['subj_L']);
  });

  it('finds a PatientID that ends a big-endian value (a private US of characters)', () => {
    const ids = buildNameIndex([{ id: 'subj_P', spellings: ['VARGA^Ilona'], patientIds: ['11-05-25-142825'] }]);
    const hits = findNamesInBytes(ids, utf16be('11-05-25-142825'));
    assert.deepEqual(hits.map((h) => h.patientId), ['subj_P']);
  });
});

describe('findNamesInBytes: UTF-16 of letters NFKC folds to Latin ones (full-width, circled, mathematical)', () => {
  const latin = buildNameIndex([
    { id: 'subj_D', spellings: ['DUPONT^JEAN'], patientIds: [] },
    { id: 'subj_N', spellings: ['NG^LI'], patientIds: [] },
  ]);
  const utf16be = (text: string) => {
    const le = utf16le(text);
    for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
    return le;
  };
  const texts = [
    ['full-width, ideographic space', 'ＤＵＰＯＮＴ\u3000ＪＥＡＮ', 'subj_D'],
    ['full-width family name alone', 'ｄｕｐｏｎｔ', 'subj_D'],
    ['circled letters', 'ⒹⓊⓅⓄⓃⓉ', 'subj_D'],
    ['mathematical bold letters (surrogate pairs)', '𝐃𝐔𝐏𝐎𝐍𝐓 𝐉𝐄𝐀𝐍', 'subj_D'],
    ['a full name of four letters with a separator', 'Ng Li', 'subj_N'],
    ['full-width, the same', 'ＮＧ・ＬＩ', 'subj_N'],
  ] as const;
  for (const [what, text, patient] of texts) {
    it(`finds ${what} in UTF-16LE and BE, from an even or odd byte`, () => {
      for (const [encoding, encode] of [['utf-16le', utf16le], ['utf-16be', utf16be]] as const) {
        for (const lead of [[], [7]]) {
          // A space on each side: the bytes before would otherwise read as a letter glued to the name (01FF is ǿ).
          const bytes = concat(binary, Uint8Array.from(lead), encode(` ${text} `), binary);
          const hits = findNamesInBytes(latin, bytes);
          assert.deepEqual(
            hits.map((hit) => [hit.patientId, hit.encoding, hit.offset, hit.length]),
            [[patient, encoding, binary.length + lead.length + 2, 2 * text.length]],
            `${encoding} after ${lead.length}`,
          );
        }
      }
    });
  }

  it('finds nothing where the letters spell no name, or too few of them stand together', () => {
    for (const text of ['ＤＵＰＯＮＤ', 'Ｄ\u0001Ｕ\u0001Ｐ\u0001Ｏ\u0001Ｎ\u0001Ｔ', 'ＣＴ\u3000ＡＢＤＯＭＥＮ']) {
      assert.deepEqual(findNamesInBytes(latin, concat(binary, utf16le(` ${text} `), binary)), [], text);
    }
  });
});

describe('findNamesInBytes: UTF-16 read only where runs of the names\' letters stand', () => {
  const latin = buildNameIndex([
    { id: 'subj_D', spellings: ['DUPONT^JEAN'], patientIds: ['FR-4471'] },
    { id: 'subj_N', spellings: ['NG^LI'], patientIds: [] },
  ]);
  const encoders = [
    (text: string) => utf16le(text),
    (text: string) => {
      const le = utf16le(text);
      for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
      return le;
    },
  ];
  const planted = ['DUPONT JEAN', 'ｊｅａｎ\u3000ｄｕｐｏｎｔ', 'ⒹⓊⓅⓄⓃⓉ', '𝐃𝐔𝐏𝐎𝐍𝐓', 'Ng·Li', 'ＮＧＬＩ', 'fr-4471', 'αdupont', 'Du\u0301pont', 'xdupont', 'DUPONT\u0394'];

  /** Names found by decoding each UTF-16 reading whole, as `patient@start-end` byte ranges. */
  function wholeReadings(bytes: Uint8Array): { patient: string; start: number; end: number }[] {
    const out: { patient: string; start: number; end: number }[] = [];
    for (const decoder of [new TextDecoder('utf-16le'), new TextDecoder('utf-16be')]) {
      for (const align of [0, 1]) {
        const rest = bytes.subarray(align, align + ((bytes.length - align) & ~1));
        for (const span of findNames(latin, decoder.decode(rest))) out.push({ patient: span.patientId, start: align + 2 * span.start, end: align + 2 * span.end });
      }
    }
    return out;
  }

  it('reads the character before a run whole: a letter beyond the BMP under a format character and a mark still joins the name', () => {
    // Little-endian from byte 1: 𓠵 (a hieroglyph, a letter), U+13435 (a format control), U+0313
    // (a mark), then DUPONT JEAN: folded, 𓠵DUPONT, no word. Two units back from D had kept only a
    // lone low surrogate, read as a boundary.
    const bytes = concat(Uint8Array.from([0x00, 0x0e, 0xd8, 0x35, 0xdc, 0x0d, 0xd8, 0x35, 0xdc, 0x13, 0x03]), utf16le('DUPONT JEAN'));
    assert.deepEqual(wholeReadings(bytes), []);
    assert.deepEqual(findNamesInBytes(latin, bytes).filter((hit) => hit.encoding.startsWith('utf-16')), []);
    // With a space before the marks, the name is a word and found.
    const spaced = concat(Uint8Array.from([0x00, 0x20, 0x00, 0x13, 0x03]), utf16le('DUPONT JEAN'));
    assert.equal(wholeReadings(spaced).length, 1);
    assert.equal(findNamesInBytes(latin, spaced).filter((hit) => hit.encoding === 'utf-16le').length, 1);
  });

  it('finds what decoding every reading whole finds, at the same places', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.uint8Array({ maxLength: 24 }), fc.tuple(fc.constantFrom(...planted), fc.constantFrom(0, 1)).map(([text, e]) => encoders[e]!(text))), { maxLength: 8 }),
        (parts) => {
          const bytes = concat(...parts);
          const ours = findNamesInBytes(latin, bytes).filter((hit) => hit.encoding.startsWith('utf-16'));
          const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
          for (const whole of wholeReadings(bytes)) {
            assert.ok(ours.some((hit) => hit.patientId === whole.patient && overlaps({ start: hit.offset, end: hit.offset + hit.length }, whole)), JSON.stringify(whole));
          }
          const reference = wholeReadings(bytes);
          for (const hit of ours) {
            assert.ok(reference.some((whole) => whole.patient === hit.patientId && overlaps({ start: hit.offset, end: hit.offset + hit.length }, whole)), JSON.stringify(hit));
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
