import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { pydicom, pydicomUnavailable } from '../../../test/support/checkers.ts';
import { CharsetError } from '../errors.ts';
import { canEncodeText, decodeText, decodeWindows1252, encodeText, isKnownCharsetTerm, replaceText, searchReadings } from './charset.ts';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const bytesOf = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
const ascii = (text: string) => hex(new TextEncoder().encode(text));
const terms = (charsets: string) => charsets.split('\\');

/**
 * Values both ways: [Specific Character Set, VR, text, bytes]. The bytes were written with
 * pydicom 2.3.1 (`PersonName.encode`, `encode_string`) and Python's codecs, except where
 * pydicom departs from PS3.5 (marked): there they follow the standard's Annexes H, I and K.
 */
const ENCODED: [string, string, string, string][] = [
  ['ISO_IR 100', 'PN', 'Buc^Jérôme', '4275635e4ae972f46d65'],
  ['ISO_IR 100', 'PN', 'Äneas^Rüdiger', 'c46e6561735e52fc6469676572'],
  ['ISO_IR 101', 'PN', 'Wałęsa^Lech', '5761b3ea73615e4c656368'],
  ['ISO_IR 109', 'PN', 'Ħal^Ġorġ', 'a1616c5ed56f72f5'],
  ['ISO_IR 110', 'PN', 'Āboliņš^Jānis', 'c0626f6c69f1b95e4ae06e6973'],
  ['ISO_IR 144', 'PN', 'Люкceмбypг', 'bbeeda6365dcd17970d3'],
  ['ISO_IR 127', 'PN', 'قباني^لنزار', 'e2c8c7e6ea5ee4e6d2c7d1'],
  ['ISO_IR 126', 'PN', 'Διονυσιος', 'c4e9efedf5f3e9eff2'],
  ['ISO_IR 138', 'PN', 'שרון^דבורה', 'f9f8e5ef5ee3e1e5f8e4'],
  ['ISO_IR 148', 'PN', 'Çelik^Ayşe', 'c7656c696b5e4179fe65'],
  // Latin-9 (pydicom 2.3 does not know ISO_IR 203; Python's iso8859_15 codec).
  ['ISO_IR 203', 'PN', 'Œuvre^Ÿves€', 'bc757672655ebe766573a4'],
  ['ISO_IR 166', 'PN', 'ใจดี^สมชาย', 'e3a8b4d55ecac1aad2c2'],
  ['ISO_IR 192', 'PN', 'Wang^XiaoDong=王^小東', '57616e675e5869616f446f6e673de78e8b5ee5b08fe69db1'],
  ['ISO_IR 192', 'LO', 'Ñandú 𠀀', 'c391616e64c3ba20f0a08080'],
  ['GB18030', 'PN', 'Wang^XiaoDong=王^小东', '57616e675e5869616f446f6e673dcdf55ed0a1b6ab'],
  ['GB18030', 'LO', '€ɑ𠀀', 'a2e3a8bb95328236'],
  ['GBK', 'PN', '王^小东', 'cdf55ed0a1b6ab'],
  ['ISO_IR 13', 'PN', 'ﾔﾏﾀﾞ^ﾀﾛｳ', 'd4cfc0de5ec0dbb3'],
  [
    '\\ISO 2022 IR 87',
    'PN',
    'Yamada^Tarou=山田^太郎=やまだ^たろう',
    '59616d6164615e5461726f753d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464245e24401b28425e1b2442243f246d24261b2842',
  ],
  [
    'ISO 2022 IR 13\\ISO 2022 IR 87',
    'PN',
    'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう',
    'd4cfc0de5ec0dbb33d1b24423b3345441b284a5e1b244242404f3a1b284a3d1b24422464245e24401b284a5e1b2442243f246d24261b284a',
  ],
  [
    '\\ISO 2022 IR 149',
    'PN',
    'Hong^Gildong=洪^吉洞=홍^길동',
    '486f6e675e47696c646f6e673d1b242943fbf35e1b242943d1ced4d73d1b242943c8ab5e1b242943b1e6b5bf',
  ],
  // Annex K: pydicom 2.3 leaves out the ESC $ ) A before each GB 2312 component.
  ['\\ISO 2022 IR 58', 'PN', 'Zhang^XiaoDong=张^小东', '5a68616e675e5869616f446f6e673d1b242941d5c55e1b242941d0a1b6ab'],
  // Korean as value 1 (not allowed, but written): the escape sequence is still written.
  ['ISO 2022 IR 149', 'PN', '홍^길동', '1b242943c8ab5e1b242943b1e6b5bf'],
  ['\\ISO 2022 IR 87\\ISO 2022 IR 159', 'PN', '鷗^林', '1b2428446c3f1b28425e1b24424e531b2842'],
  ['ISO 2022 IR 100', 'LO', 'Müller', '4dfc6c6c6572'],
  // Value 1's G1 set is designated again before the end of the value (PS3.5 §6.1.2.5.3);
  // pydicom 2.3 does not, and reads both forms alike.
  ['ISO 2022 IR 100\\ISO 2022 IR 144', 'PN', 'Müller=Мюллер', '4dfc6c6c65723d1b2d4cbceedbdbd5e01b2d41'],
  ['\\ISO 2022 IR 87', 'LO', '山田\\やまだ', '1b24423b3345441b28425c1b24422464245e24401b2842'],
  ['\\ISO 2022 IR 87', 'LT', '山田 太郎\r\n様', '1b24423b3345441b2842201b244242404f3a1b28420d0a1b24424d4d1b2842'],
];

describe('decodeText and encodeText: exact bytes both ways', () => {
  for (const [charsets, vr, text, bytes] of ENCODED) {
    test(`${charsets} ${vr} ${text}`, () => {
      assert.equal(decodeText(bytesOf(bytes), terms(charsets), vr), text);
      assert.equal(hex(encodeText(text, terms(charsets), vr)), bytes);
    });
  }

  test('pydicom reads every encoded value back to the same text', { skip: pydicomUnavailable() }, () => {
    const rows = ENCODED.filter(([charsets]) => charsets !== 'ISO_IR 203').map(([charsets, vr, text]) => [terms(charsets), vr, text, hex(encodeText(text, terms(charsets), vr))]);
    const script = `
import json, sys
from pydicom.charset import convert_encodings, decode_bytes
from pydicom.valuerep import PersonName
out = []
for charsets, vr, text, data in json.loads(sys.argv[1]):
    encodings = convert_encodings(charsets)
    raw = bytes.fromhex(data)
    out.append(str(PersonName(raw, encodings)) if vr == 'PN' else decode_bytes(raw, encodings, set() if vr == 'LT' else {'\\\\'}))
print(json.dumps(out, ensure_ascii=False))`;
    const decoded = JSON.parse(pydicom(script, [JSON.stringify(rows)])) as string[];
    // pydicom 2.3 cannot read GB 2312 behind its escape sequence (it decodes the escape as text).
    const expected = rows.map(([charsets, , text]) => ((charsets as string[]).includes('ISO 2022 IR 58') ? undefined : text));
    assert.deepEqual(
      decoded.map((text, i) => (expected[i] === undefined ? undefined : text)),
      expected,
    );
  });
});

describe('8-bit sets byte for byte', () => {
  const CODECS: Record<string, [string, string]> = {
    'ISO_IR 100': ['latin_1', '-A'],
    'ISO_IR 101': ['iso8859_2', '-B'],
    'ISO_IR 109': ['iso8859_3', '-C'],
    'ISO_IR 110': ['iso8859_4', '-D'],
    'ISO_IR 144': ['iso8859_5', '-L'],
    'ISO_IR 127': ['iso8859_6', '-G'],
    'ISO_IR 126': ['iso8859_7', '-F'],
    'ISO_IR 138': ['iso8859_8', '-H'],
    'ISO_IR 148': ['iso8859_9', '-M'],
    'ISO_IR 203': ['iso8859_15', '-b'],
    'ISO_IR 166': ['tis_620', '-T'],
  };
  test("all 256 bytes read as Python's codecs read them, alone and through ISO 2022", { skip: pydicomUnavailable() }, () => {
    const script = `
import json, sys
print(json.dumps({term: bytes(range(256)).decode(codec, 'replace') for term, codec in json.loads(sys.argv[1]).items()}))`;
    const python = JSON.parse(pydicom(script, [JSON.stringify(Object.fromEntries(Object.entries(CODECS).map(([term, [codec]]) => [term, codec])))])) as Record<string, string>;
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const [term, [, final]] of Object.entries(CODECS)) {
      const expected = python[term]!;
      assert.equal(decodeText(all, [term], 'LT'), expected, term);
      // Through code extensions: G1 designated by its escape sequence, then the upper half.
      const extended = Uint8Array.from([0x1b, final.charCodeAt(0), final.charCodeAt(1), ...all.subarray(0xa0)]);
      assert.equal(decodeText(extended, ['', term.replace('ISO_IR', 'ISO 2022 IR')], 'LT'), expected.slice(0xa0), term);
      // Every character the set holds is written back as its byte.
      const held = [...expected].filter((char) => char !== '\uFFFD').join('');
      assert.equal(decodeText(encodeText(held, [term], 'LT'), [term], 'LT'), held, term);
    }
  });
});

describe('double-byte sets code for code', () => {
  // Each 94×94 set through its escape sequence, against Python's codecs. Where they differ
  // we keep what GBK and the Web read (· — in GB 2312, ～ for JIS X 0212's tilde, not ASCII ~).
  const SETS: [string[], string, string, boolean, string[]][] = [
    [['', 'ISO 2022 IR 87'], 'iso2022_jp', '$B', true, []],
    [['', 'ISO 2022 IR 159'], 'iso2022_jp_2', '$(D', true, ['2237']],
    [['', 'ISO 2022 IR 149'], 'euc_kr', '$)C', false, []],
    [['', 'ISO 2022 IR 58'], 'gb2312', '$)A', false, ['a1a4', 'a1aa']],
  ];
  test("every code Python's codec reads, read alike and written back", { skip: pydicomUnavailable() }, () => {
    const script = `
import json, sys
out = []
for codec, designation, g0 in json.loads(sys.argv[1]):
    base = 0x21 if g0 else 0xa1
    codes = {}
    for row in range(94):
        for cell in range(94):
            pair = bytes([base + row, base + cell])
            try:
                codes[pair.hex()] = ((b'\\x1b' + designation.encode() if g0 else b'') + pair).decode(codec)
            except UnicodeDecodeError:
                pass
    out.append(codes)
print(json.dumps(out, ensure_ascii=False))`;
    const python = JSON.parse(pydicom(script, [JSON.stringify(SETS.map(([, codec, designation, g0]) => [codec, designation, g0]))])) as Record<string, string>[];
    SETS.forEach(([charsets, codec, designation, g0, exceptions], i) => {
      const codes = python[i]!;
      assert.ok(Object.keys(codes).length > 6000, codec);
      const differ: string[] = [];
      for (const [pair, char] of Object.entries(codes)) {
        const bytes = Uint8Array.from([0x1b, ...Array.from(designation, (c) => c.charCodeAt(0)), ...bytesOf(pair)]);
        const text = decodeText(bytes, charsets, 'LT');
        if (text !== char) differ.push(pair);
        else assert.equal(decodeText(encodeText(text, charsets, 'LT'), charsets, 'LT'), text, `${codec} ${pair}`);
      }
      assert.deepEqual(differ, exceptions, `${codec}${g0 ? '' : ' (G1)'}`);
    });
  });
});

describe('GB18030 code for code', () => {
  // The platform reads GB18030 as its 2022 edition: 21 codes that the 2005 edition (Python's)
  // put in the Private Use Area are real characters now (and A8BC / 8135F437 swapped).
  const EDITION_2022 = 'a3a0 a6d9 a6da a6db a6dc a6dd a6de a6df a6ec a6ed a6f3 a8bc fe59 fe61 fe66 fe67 fe6d fe7e fe90 fea0 8135f437'.split(' ');
  test("every two-byte and BMP four-byte code Python's codec reads, read alike and written back", { skip: pydicomUnavailable() }, () => {
    const script = `
import json
codes = {}
for lead in range(0x81, 0xff):
    for trail in list(range(0x40, 0x7f)) + list(range(0x80, 0xff)):
        codes[bytes([lead, trail]).hex()] = bytes([lead, trail]).decode('gb18030', 'replace')
for p in range(39420):
    code = bytes([0x81 + p // 12600, 0x30 + (p // 1260) % 10, 0x81 + (p // 10) % 126, 0x30 + p % 10])
    codes[code.hex()] = code.decode('gb18030', 'replace')
print(json.dumps(codes, ensure_ascii=False))`;
    const codes = JSON.parse(pydicom(script)) as Record<string, string>;
    const differ: string[] = [];
    for (const [code, char] of Object.entries(codes)) {
      const text = decodeText(bytesOf(code), ['GB18030'], 'LO');
      if (text !== char) differ.push(code);
      else if (char !== '\uFFFD' || code === '8431a437') assert.equal(decodeText(encodeText(text, ['GB18030'], 'LO'), ['GB18030'], 'LO'), text, code);
    }
    assert.deepEqual(differ, EDITION_2022);
  });
});

describe('UTF-8 with stray bytes', () => {
  test("valid sequences read as UTF-8 and every other byte as Latin-1, as Python's surrogateescape marks them", { skip: pydicomUnavailable() }, () => {
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0x80, max: 0xbf }), fc.constantFrom(0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0x41));
    const values = fc.sample(fc.array(byte, { maxLength: 12 }), { numRuns: 400, seed: 42 }).map((bytes) => hex(Uint8Array.from(bytes)));
    const script = `
import json, sys
def lenient(raw):
    text = raw.decode('utf-8', 'surrogateescape')
    return ''.join(chr(ord(c) - 0xdc00) if 0xdc80 <= ord(c) <= 0xdcff else c for c in text)
print(json.dumps([lenient(bytes.fromhex(v)) for v in json.loads(sys.argv[1])]))`;
    const expected = JSON.parse(pydicom(script, [JSON.stringify(values)])) as string[];
    assert.deepEqual(
      values.map((value) => decodeText(bytesOf(value), ['ISO_IR 192'], 'LT')),
      expected,
    );
    assert.deepEqual(
      values.map((value) => decodeText(bytesOf(value), [], 'LT')),
      expected,
    );
  });
});

describe('real-world spellings and undeclared bytes', () => {
  const latin1Bytes = '4dfc6c6c6572'; // Müller in Latin-1
  const cases: [string[], string, string, string][] = [
    [['ISO-IR 100'], 'PN', latin1Bytes, 'Müller'],
    [['ISO_IR100'], 'PN', latin1Bytes, 'Müller'],
    [['iso_ir 100 '], 'PN', latin1Bytes, 'Müller'],
    [['ISO 2022 IR 6', 'ISO 2022 IR 100'], 'PN', `${'4d'}1b2d41fc6c6c6572`, 'Müller'],
    [[], 'PN', latin1Bytes, 'Müller'],
    [[], 'PN', '4dc3bc6c6c6572', 'Müller'], // UTF-8 with nothing declared
    [['ISO_IR 6'], 'LO', '4dc3bc6c6c6572', 'Müller'],
    [[], 'LO', '4dc3bc6c6c6572e9', 'Mülleré'], // UTF-8 and a stray Latin-1 byte, each read as such
    [['ISO_IR 192'], 'PN', '4dfc6c6c6572', 'Müller'], // Latin-1 labelled UTF-8
    [['ISO_IR 192'], 'PN', 'e98041', 'é\x80A'], // a cut UTF-8 sequence: its bytes as Latin-1
    [['ISO 2022 IR 149'], 'PN', 'c8ab', '홍'], // Korean without the escape sequence
    [['', 'ISO 2022 IR 149'], 'PN', '41c8ab', 'A홍'], // …also when value 1 is empty
    [['ISO_IR 13'], 'PN', '8e52', '山'], // Shift_JIS kanji behind an ISO_IR 13 label
    [['ISO_IR 100'], 'CS', 'c4', 'Ä'], // CS is default repertoire: bytes stay readable
    [['', 'ISO 2022 IR 87'], 'CS', '1b2442', '\x1b$B'], // …and escapes mean nothing there
    [['ISO_IR 999'], 'LO', '4d6f', 'Mo'], // unknown term: ASCII still reads
    [['', 'ISO 2022 IR 87'], 'PN', '1b2458', '\x1b$X'], // unknown escape sequence kept as text
    [['ISO 2022 IR 13', 'ISO 2022 IR 87'], 'PN', '1b2442', ''], // a lone escape: no text
    [['ISO_IR 100'], 'PN', '81', '\u0081'], // C1 controls of ISO 8859, not Windows-1252
    [['ISO_IR 13'], 'LT', '1a1c7f', '\x1a\x1c\x7f'], // controls as they are (Node's Shift_JIS swaps them)
  ];
  for (const [charsets, vr, bytes, text] of cases) {
    test(`${JSON.stringify(charsets)} ${vr} ${bytes} reads ${JSON.stringify(text)}`, () => {
      assert.equal(decodeText(bytesOf(bytes), charsets, vr), text);
    });
  }

  test('knows the defined terms and their spellings, not others', () => {
    for (const term of ['', 'ISO_IR 6', 'ISO-IR 100', 'ISO 2022 IR 87', 'GB18030', 'GBK', 'ISO_IR 192', 'ISO_IR 203']) assert.ok(isKnownCharsetTerm(term), term);
    for (const term of ['ISO_IR 999', 'ISO 2022 IR 88', 'LATIN1X']) assert.ok(!isKnownCharsetTerm(term), term);
  });
});

describe('searchReadings: C1 bytes of a Latin-1 reading as Windows-1252 writes them, then as Latin-1', () => {
  const cases: [string[], string, string, string][] = [
    [['ISO_IR 100'], 'LO', '4f9244415920', 'O\u2019DAY '], // Windows' typographic apostrophe in O'DAY
    [['ISO_IR 100'], 'LT', '8a696d656b2c2093ab9c9420', '\u0160imek, \u201c\u00ab\u0153\u201d '], // Š, curly quotes, œ; « as Latin-1
    [['ISO_IR 100'], 'LO', '818d8f909d', '\u0081\u008d\u008f\u0090\u009d'], // Windows-1252 has none there: controls still
    [[], 'LO', '4f924441', 'O\u2019DA'], // not UTF-8 where nothing is declared: read as Latin-1
    [['ISO_IR 144'], 'LO', '92b1', '\u0092\u0411'], // another 8859 set: its own C1 controls
    [['ISO_IR 100'], 'CS', '4f92', 'O\u2019'], // default repertoire, bytes as Latin-1
  ];
  for (const [charsets, vr, bytes, text] of cases) {
    test(`${JSON.stringify(charsets)} ${vr} ${bytes} reads ${JSON.stringify(text)}, one character a byte`, () => {
      const plain = decodeText(bytesOf(bytes), charsets, vr);
      const [read, ...others] = searchReadings(bytesOf(bytes), charsets, vr);
      assert.equal(read, text);
      assert.equal(read!.length, plain.length);
      // The Latin-1 reading follows wherever the first differs from it, and only then.
      assert.deepEqual(others, read === plain ? [] : [plain]);
    });
  }
  test("decodeWindows1252 reads all 256 bytes as Python's cp1252 does (its five unassigned bytes as C1 controls)", { skip: pydicomUnavailable() }, () => {
    const all = Uint8Array.from({ length: 256 }, (_, b) => b);
    const python = JSON.parse(pydicom("import json\nprint(json.dumps(''.join(bytes([b]).decode('cp1252', errors='ignore') or chr(b) for b in range(256))))")) as string;
    assert.equal(decodeWindows1252(all), python);
  });
  test('a name read so is replaced in place, every other byte kept', () => {
    const spaced = (hex: string) => bytesOf(hex.replaceAll(' ', ''));
    const bytes = spaced('93736565209420627920 4f924441592c20 9620 8a');
    const text = searchReadings(bytes, ['ISO_IR 100'], 'LT')[0]!;
    const start = text.indexOf('O\u2019DAY');
    const out = replaceText(bytes, ['ISO_IR 100'], 'LT', [{ start, end: start + 5, text: 'subj_1' }]);
    assert.deepEqual(out, spaced('93736565209420627920 7375626a5f31 2c20 9620 8a'));
  });
});

describe('encodeText refuses what the character set cannot hold', () => {
  const cases: [string[], string, string, RegExp][] = [
    [[], 'PN', 'Müller', /no Specific Character Set.*only ASCII/],
    [['ISO_IR 100'], 'PN', '山田', /"山" cannot be written in the Specific Character Set ISO_IR 100/],
    [['ISO_IR 100'], 'DA', 'é', /DA values use the default repertoire/],
    [['', 'ISO 2022 IR 149'], 'PN', 'قباني', /ISO 2022 IR 149/],
    [['GBK'], 'LO', '𠀀', /GBK/],
    [['ISO_IR 13'], 'PN', '山', /ISO_IR 13/],
    [['ISO_IR 192'], 'LO', '\ud800', /ISO_IR 192/],
  ];
  for (const [charsets, vr, text, message] of cases) {
    test(`${JSON.stringify(text)} in ${JSON.stringify(charsets)} ${vr}`, () => {
      assert.throws(() => encodeText(text, charsets, vr), (error: unknown) => error instanceof CharsetError && error.code === 'unencodable-text' && message.test(error.message));
      assert.equal(canEncodeText(text, charsets, vr), false);
    });
  }
});

describe('replaceText keeps every byte outside the spans', () => {
  const cases: [string, string, string, { start: number; end: number; text: string }[], string][] = [
    ['ISO_IR 100', 'PN', '4275635e4ae972f46d65', [{ start: 4, end: 10, text: 'Zoë' }], '4275635e5a6feb'],
    ['ISO_IR 192', 'PN', '57616e675e5869616f446f6e673de78e8b5ee5b08fe69db1', [{ start: 14, end: 15, text: 'ID1' }], `57616e675e5869616f446f6e673d${ascii('ID1')}5ee5b08fe69db1`],
    // ISO 2022: the kanji family name becomes ASCII; its escape sequences go with it.
    [
      '\\ISO 2022 IR 87',
      'PN',
      '59616d6164615e5461726f753d1b24423b3345441b28425e1b244242404f3a1b2842',
      [{ start: 13, end: 15, text: 'ID1' }],
      `59616d6164615e5461726f753d${ascii('ID1')}5e1b244242404f3a1b2842`,
    ],
    // …and ASCII becomes kanji, switching to JIS X 0208 and back before the delimiter.
    ['\\ISO 2022 IR 87', 'PN', '59616d6164615e5461726f75', [{ start: 0, end: 6, text: '山田' }], '1b24423b3345441b28425e5461726f75'],
    // Half of a two-kanji run: the other kanji is read in JIS X 0208 again after the ASCII.
    ['\\ISO 2022 IR 87', 'LO', '1b24423b3345441b2842', [{ start: 0, end: 1, text: 'X' }], `${ascii('X')}1b244245441b2842`],
    // Korean: the G1 set stays designated after the replacement, as the next byte needs it.
    [
      '\\ISO 2022 IR 149',
      'PN',
      '3d1b242943c8ab5e1b242943b1e6b5bf',
      [
        { start: 1, end: 2, text: 'A' },
        { start: 3, end: 4, text: 'B' },
      ],
      `3d415e${ascii('B')}1b242943b5bf`,
    ],
    // An insertion, and a span cutting into an undeclared UTF-8 value.
    ['ISO_IR 100', 'LO', '4142', [{ start: 1, end: 1, text: '-' }], '412d42'],
    ['', 'LO', '4dc3bc6c6c6572', [{ start: 0, end: 1, text: 'N' }], '4ec3bc6c6c6572'],
  ];
  for (const [charsets, vr, bytes, spans, expected] of cases) {
    test(`${charsets || '(default)'} ${vr} ${bytes} ${JSON.stringify(spans)}`, () => {
      const out = replaceText(bytesOf(bytes), terms(charsets), vr, spans);
      assert.equal(hex(out), expected);
    });
  }

  test('refuses text the value cannot hold, and spans that overlap', () => {
    assert.throws(() => replaceText(bytesOf('4275635e'), ['ISO_IR 100'], 'PN', [{ start: 0, end: 3, text: '山' }]), CharsetError);
    assert.throws(() => replaceText(bytesOf('4d6f'), [], 'PN', [{ start: 0, end: 1, text: 'é' }]), CharsetError);
    assert.throws(
      () =>
        replaceText(bytesOf('41424344'), [], 'LO', [
          { start: 0, end: 2, text: 'x' },
          { start: 1, end: 3, text: 'y' },
        ]),
      /ordered, disjoint/,
    );
    assert.throws(() => replaceText(bytesOf('4142'), [], 'LO', [{ start: 0, end: 3, text: 'x' }]), /within the 2 decoded/);
  });

  const LATIN = 'AZaz ';
  const samples: [string, string, string][] = [
    ['ISO_IR 100', 'PN', `${LATIN}ÀéÿÆ^=`],
    ['ISO_IR 144', 'LO', `${LATIN}АЯжё\\`],
    ['ISO_IR 192', 'LT', `${LATIN}é王𠀀🙂\r\n`],
    ['GB18030', 'PN', `${LATIN}王小东张𠀀€ɑ^=`],
    ['GBK', 'LO', `${LATIN}王小东€\\`],
    ['\\ISO 2022 IR 87', 'PN', `${LATIN}山田太郎やまだ^=`],
    ['ISO 2022 IR 13\\ISO 2022 IR 87', 'LO', `${LATIN}ﾔﾏﾀﾞ山田やま\\`],
    ['\\ISO 2022 IR 87\\ISO 2022 IR 159', 'LT', `${LATIN}山田鷗\r\n`],
    ['\\ISO 2022 IR 149', 'PN', `${LATIN}홍길동洪吉洞^=`],
    ['\\ISO 2022 IR 58', 'PN', `${LATIN}王小东张^=`],
    ['ISO 2022 IR 100\\ISO 2022 IR 144\\ISO 2022 IR 87', 'PN', `${LATIN}éüМюл山田^=`],
  ];
  for (const [charsets, vr, alphabet] of samples) {
    test(`any span replaced in ${charsets} ${vr} reads as the text with the span replaced`, () => {
      const cs = terms(charsets);
      const texts = fc.array(fc.constantFrom(...alphabet), { maxLength: 16 }).map((chars) => chars.join(''));
      // Spans fall between characters, never inside a surrogate pair.
      const boundary = (text: string, at: number) => (/[\uDC00-\uDFFF]/.test(text[at] ?? '') ? at - 1 : at);
      const spanned = texts.chain((text) =>
        fc.tuple(fc.constant(text), fc.nat(text.length), fc.nat(text.length), texts).map(([t, a, b, replacement]) => ({
          text: t,
          start: boundary(t, Math.min(a, b)),
          end: boundary(t, Math.max(a, b)),
          replacement,
        })),
      );
      fc.assert(
        fc.property(spanned, ({ text, start, end, replacement }) => {
          const bytes = encodeText(text, cs, vr);
          assert.equal(decodeText(bytes, cs, vr), text);
          const out = replaceText(bytes, cs, vr, [{ start, end, text: replacement }]);
          const expected = text.slice(0, start) + replacement + text.slice(end);
          assert.equal(decodeText(out, cs, vr), expected);
          if (!charsets.includes('2022')) {
            // One byte sequence per character: what precedes and follows the span is untouched.
            const before = encodeText(text.slice(0, start), cs, vr);
            const after = encodeText(text.slice(end), cs, vr);
            assert.deepEqual(out.subarray(0, before.length), before);
            assert.deepEqual(out.subarray(out.length - after.length), after);
          }
        }),
        { numRuns: 200 },
      );
    });
  }
});

describe('replaceText on any bytes', () => {
  // Whatever the bytes, as long as they read without error (no U+FFFD, no stray ESC, UTF-8
  // where UTF-8 is taken): the new value reads as the old text with the span replaced. (Bytes
  // that are not UTF-8 read as Latin-1 each; a span cut between such a byte and a continuation
  // byte can join them into one character.)
  const strict = new TextDecoder('utf-8', { fatal: true });
  const isUtf8 = (bytes: Uint8Array) => {
    try {
      strict.decode(bytes);
      return true;
    } catch {
      return false;
    }
  };
  const CHARSETS = [['ISO_IR 100'], ['ISO_IR 148'], ['ISO_IR 166'], ['ISO_IR 192'], ['GB18030'], ['GBK'], ['ISO_IR 13'], ['', 'ISO 2022 IR 87'], ['ISO 2022 IR 13', 'ISO 2022 IR 87'], ['', 'ISO 2022 IR 149'], ['ISO 2022 IR 149'], ['', 'ISO 2022 IR 58'], ['ISO 2022 IR 100', 'ISO 2022 IR 144', 'ISO 2022 IR 87', 'ISO 2022 IR 159'], []];
  // Bytes that make escape sequences, delimiters and double-byte codes likely.
  const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x1b, 0x24, 0x28, 0x29, 0x2d, 0x41, 0x42, 0x43, 0x4a, 0x5e, 0x3d, 0x5c, 0x0d, 0x0a, 0x81, 0x30, 0xa1, 0xb0, 0xc8));
  const cases = fc.record({
    charsets: fc.constantFrom(...CHARSETS),
    vr: fc.constantFrom('PN', 'LO', 'LT'),
    bytes: fc.array(byte, { maxLength: 24 }).map((bytes) => Uint8Array.from(bytes)),
    a: fc.nat(),
    b: fc.nat(),
    replacement: fc.stringMatching(/^[A-Z0-9]{0,6}$/),
  });
  test('reads as the old text with the span replaced', () => {
    fc.assert(
      fc.property(cases, ({ charsets, vr, bytes, a, b, replacement }) => {
        const text = decodeText(bytes, charsets, vr);
        fc.pre(!/[\uFFFD\x1b]/.test(text) && ((charsets.length > 0 && charsets[0] !== 'ISO_IR 192') || isUtf8(bytes)));
        const within = (at: number) => (/[\uDC00-\uDFFF]/.test(text[at % (text.length + 1)] ?? '') ? (at % (text.length + 1)) - 1 : at % (text.length + 1));
        const [start, end] = [within(a), within(b)].sort((x, y) => x - y) as [number, number];
        const out = replaceText(bytes, charsets, vr, [{ start, end, text: replacement }]);
        assert.equal(decodeText(out, charsets, vr), text.slice(0, start) + replacement + text.slice(end));
      }),
      { numRuns: 2000 },
    );
  });
});
