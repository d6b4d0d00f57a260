import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { type BuildElement, type BuildEncoding, concat, encodeDataset, part10, u16 } from '../../../test/codec/dataset-builder.ts';
import { deidentificationMethod, OWN_TEXTS } from '../profiles/research.ts';
import { buildNeedles, searchText, secondOpinion, secondOpinionPath, type VerifyFinding, type VerifyPatient } from './index.ts';

const PATIENTS: VerifyPatient[] = [
  { id: 'subj_P1', spellings: ['DUPONT^Jean'], patientIds: ['PID-4471'] },
  { id: 'subj_P2', spellings: ['NG-LI^Wei'], patientIds: [] },
  { id: 'subj_P3', spellings: ["O'DAY^Ann"], patientIds: [] },
  { id: 'subj_P4', spellings: ['BRANNIGAN-MOYLE^Kate'], patientIds: [] },
  { id: 'subj_P5', spellings: ['SØRENSEN^Åse'], patientIds: [] },
  { id: 'subj_P6', spellings: ['ΣΩΚΡΑΤΗΣ^Νίκος'], patientIds: [] },
  { id: 'subj_P7', spellings: ['ИВАНОВА^Мария'], patientIds: [] },
  { id: 'subj_P8', spellings: ['王^小东'], patientIds: [] },
  { id: 'subj_P9', spellings: ['Yamada^Tarou=山田^太郎'], patientIds: ['1750'] },
  { id: 'subj_PA', spellings: ['KEPT^Dates'], patientIds: [] },
  { id: 'subj_PB', spellings: ['QIN-HEADNECK-01'], patientIds: [] },
  { id: 'subj_PC', spellings: ['Last Name^First Name'], patientIds: [] },
  { id: 'subj_PD', spellings: ['Hong^Gildong=洪^吉洞=홍^길동'], patientIds: [] },
  { id: 'subj_PE', spellings: ['やまだ^たろう'], patientIds: [] },
  { id: 'subj_PF', spellings: ['KEYED^Ids'], patientIds: [] },
  { id: 'subj_PG', spellings: ['LINDQVIST^LUCAS', 'LINDQVIST_LUCAS'], patientIds: [] },
  { id: 'subj_PH', spellings: ['FALLON GRETA'], patientIds: [] },
  { id: 'subj_PJ', spellings: ['ﾔﾏﾀﾞ^ﾀﾛｳ'], patientIds: [] },
  { id: 'subj_PK', spellings: ['KOWALCZYK^Zandra'], patientIds: [] },
  { id: 'subj_PL', spellings: ['BLANK^Arthur'], patientIds: [] },
  { id: 'subj_PM', spellings: ['Anonymized', 'NAME^PATIENT', 'XXX^XXX', 'patient07', 'Test 3'], patientIds: [] },
  { id: 'subj_PN', spellings: ['ŠIMEK^Jan'], patientIds: [] },
];
const OWN_TEXT = 'dicomveil 1.0: pseudonymised; names replaced by keyed ids; dates, age and sex kept';
const needles = buildNeedles(PATIENTS, [OWN_TEXT]);

/** The patients found in a text, as another patient's file would see them (own given names not searched). */
function foundIn(text: string, ownId?: string): string[] {
  const own = ownId === undefined ? undefined : PATIENTS.findIndex((p) => p.id === ownId);
  return [...new Set(searchText(needles, text, own).map((hit) => PATIENTS[hit.patient]!.id))].sort();
}

describe('forms searched (CONTRACT.md, "Forms searched")', () => {
  const cases: [string, string, string[]][] = [
    ['full name glued', 'DUPONTJEAN', ['subj_P1']],
    ['full name, other order, two dots', 'jean..dupont', ['subj_P1']],
    ['full name split over two values', 'Dupont\\Jean', ['subj_P1']],
    ['eight separators between words', 'Jean -_.,;:/ Dupont'.replace(' Dupont', 'Dupont'), ['subj_P1']],
    ['family alone', 'seen by dr. Dupont today', ['subj_P1']],
    ['family inside a word is no name', 'dupontel', []],
    ['digits and underscores are bounds', 'x_DUPONT2', ['subj_P1']],
    ['compound family joined', 'NGLI', ['subj_P2']],
    ['compound family with a space', 'Ng Li', ['subj_P2']],
    ['apostrophe dropped', 'ODAY', ['subj_P3']],
    ['long part of a compound family alone', 'MOYLE', ['subj_P4']],
    ['short words never alone, nor a part of the full name', 'Ng Wei', []],
    ['ø as o', 'Sorensen', ['subj_P5']],
    ['ø as oe', 'SOERENSEN', ['subj_P5']],
    ['full-width letters', 'ＤＵＰＯＮＴ', ['subj_P1']],
    ['soft hyphen inside', 'Du\u00ADpont', ['subj_P1']],
    ['zero-width space inside', 'Du\u200Bpont', ['subj_P1']],
    ['final sigma written as σ', 'σωκρατησ', ['subj_P6']],
    ['final sigma in lower case', 'Σωκράτης', ['subj_P6']],
    ['NFD text', 'Sørensen Åse'.normalize('NFD'), ['subj_P5']],
    ['Cyrillic', 'Иванова', ['subj_P7']],
    ['CJK full name inside CJK text', '患者王小东检查', ['subj_P8']],
    ['PatientID as a whole token', 'id PID-4471.', ['subj_P1']],
    ['PatientID inside a longer token', 'XPID-4471', []],
    ['text written on purpose', OWN_TEXT, []],
    ['a protected family name elsewhere', 'Kept Dates', ['subj_PA']],
    ['text written on purpose, shortened to fit its VR', `${OWN_TEXT.slice(0, 64)}  `, []],
    ['a family name it holds, elsewhere', 'keyed', ['subj_PF']],
    ['a folder-like spelling takes its family name from a PN spelling', 'Lindqvist', ['subj_PG']],
    ['and its given name is not searched alone in other files', 'Dr Lucas', []],
    ['a PN value without ^ is all family name', 'Greta', ['subj_PH']],
    ['pseudonym ids', 'subj_P1 subj_PA', []],
    ['a long part of a family name alone', 'headneck study', ['subj_PB']],
    ['a word of a name is never in two pieces', 'Thorax^1HEAD_NECK_PETCT', []],
    ['Hangul in NFC', '환자 홍길동 검사', ['subj_PD']],
    ['kana in NFC', 'やまだたろう', ['subj_PE']],
    ['half-width voiced kana spelled, full-width text', 'ヤマダ タロウ', ['subj_PJ']],
    ['full-width kana in NFD', 'ヤマダ タロウ'.normalize('NFD'), ['subj_PJ']],
    ['a voiced kana is not its unvoiced one', 'ヤマタ タロウ', []],
    ['circled letters (NFKC)', 'ⓀⓄⓌⒶⓁⒸⓏⓎⓀ', ['subj_PK']],
    ['squared letters (NFKC)', '🄺🄾🅆🄰🄻🄲🅉🅈🄺', ['subj_PK']],
    ['an emoji between the words', 'Jean \u{1F642} Dupont', ['subj_P1']],
    ['an emoji joining a short compound family name', 'NG\u{1F600}LI', ['subj_P2']],
    ['eight symbols outside the BMP between the words', `Jean${'\u{1F642}'.repeat(8)}Dupont`, ['subj_P1']],
    ['nine are too many', `Ng${'\u{1F642}'.repeat(9)}Li`, []],
    ['a family word that is also a placeholder word is searched, as any family word', 'name left in (0018,0015)', ['subj_PC']],
    ['and the rest of such a name', 'first name last name', ['subj_PC']],
    ['a family name that is a placeholder word (BLANK, CASE, SAMPLE…)', 'ref Mr BLANK', ['subj_PL']],
    ['a placeholder value is no spelling', 'anonymized patient, name unknown, XXX^XXX, patient07', ['subj_PC']],
  ];
  for (const [what, text, expected] of cases) test(`${what}: ${JSON.stringify(text)}`, () => assert.deepEqual(foundIn(text), expected));

  test('a PatientID as a whole token inside a pseudonym id is found: an id is excused only for the names it cannot hold', () => {
    const numbered = buildNeedles([
      { id: 'subj_00000002', spellings: ['ALPHA^Ann'], patientIds: ['00000009'] },
      { id: 'subj_00000005', spellings: ['BRAVO^Ben'], patientIds: ['00000002'] },
    ]);
    assert.deepEqual(
      searchText(numbered, 'seen as subj_00000002', 0).map((hit) => hit.patient),
      [1],
    );
    assert.deepEqual(searchText(numbered, 'seen as subj_00000005', 1), []);
    // Other text written on purpose still excuses what it holds: a code value that is also a PatientID.
    const coded = buildNeedles([{ id: 'subj_00000005', spellings: ['BRAVO^Ben'], patientIds: ['113100'] }], ['113100']);
    assert.deepEqual(searchText(coded, '113100', undefined), []);
  });

  test("a given name alone only in the patient's own files", () => {
    assert.deepEqual(foundIn('Jean arrived late'), []);
    assert.deepEqual(foundIn('Jean arrived late', 'subj_P1'), ['subj_P1']);
    assert.deepEqual(foundIn('Jean arrived late', 'subj_P2'), []);
  });
});

describe("a family name that is a word of dicomveil's own wording (Dates, Kept, Keyed, Modified)", () => {
  const words: VerifyPatient[] = [
    { id: 'subj_W1', spellings: ['DATES^Anna'], patientIds: [] },
    { id: 'subj_W2', spellings: ['KEPT^Otto'], patientIds: [] },
    { id: 'subj_W3', spellings: ['KEYED^Ida'], patientIds: [] },
    { id: 'subj_W4', spellings: ['MODIFIED^Jo'], patientIds: [] },
    { id: 'subj_W5', spellings: ['REMOVED^Al'], patientIds: [] },
  ];
  const own = buildNeedles(words, OWN_TEXTS);
  const found = (text: string) => [...new Set(searchText(own, text, undefined).map((hit) => words[hit.patient]!.id))];

  test('DeidentificationMethod is no finding, whichever wording a version leaves room for', () => {
    for (const version of ['0.1.0', '0.10.0', '1.0.0-rc.1']) assert.deepEqual(found(deidentificationMethod(version)), [], version);
    // The short wording: a version of ten characters leaves no room for the long one.
    assert.match(deidentificationMethod('1.0.0-rc.1'), /^dicomveil 1\.0\.0-rc\.1: keyed/);
  });

  test('nor is LongitudinalTemporalInformationModified, as the basic profile writes it', () => {
    for (const value of ['UNMODIFIED', 'MODIFIED', 'REMOVED']) assert.deepEqual(found(value), [], value);
  });

  test('the same words elsewhere are still found', () => {
    assert.deepEqual(found('Dates of scans kept by Dr Kept, keyed in'), ['subj_W1', 'subj_W2', 'subj_W3']);
  });
});

describe('names in a script outside the BMP (Adlam: two UTF-16 units a letter, with case)', () => {
  const ADLAM = { family: '\u{1E900}\u{1E923}\u{1E922}\u{1E925}\u{1E922}', given: '\u{1E905}\u{1E922}\u{1E924}\u{1E92D}', short: '\u{1E910}\u{1E93A}', other: '\u{1E902}\u{1E92D}' };
  const found = (spelling: string, text: string, own?: number) => searchText(buildNeedles([{ id: 'subj_A', spellings: [spelling], patientIds: [] }]), text, own).map((hit) => text.slice(hit.start, hit.end));
  const pn = `${ADLAM.family}^${ADLAM.given}`;
  test('the family name alone, in any case, bounded by non-letters', () => {
    assert.deepEqual(found(pn, `seen ${ADLAM.family} today`), [ADLAM.family]);
    assert.deepEqual(found(pn, `seen ${ADLAM.family.toLowerCase()}.`), [ADLAM.family.toLowerCase()]);
    assert.deepEqual(found(pn, `seen ${ADLAM.family}${ADLAM.other}`), []);
  });
  test('the full name in any order; the given name alone only in the own files', () => {
    assert.deepEqual(found(pn, `${ADLAM.given} \u{1F642} ${ADLAM.family}`), [`${ADLAM.given} \u{1F642} ${ADLAM.family}`]);
    assert.deepEqual(found(pn, `${ADLAM.given} came`), []);
    assert.deepEqual(found(pn, `${ADLAM.given} came`, 0), [ADLAM.given]);
  });
  test('an ideograph outside the BMP (𠮷 of 𠮷田) is a CJK character: a word of its own, glued to the next', () => {
    assert.deepEqual(found('\u{20BB7}田^太郎', '患者\u{20BB7}田太郎様'), ['\u{20BB7}田太郎']);
    assert.deepEqual(found('\u{20BB7}田^太郎', '太郎 \u{20BB7}田'), ['太郎 \u{20BB7}田']);
  });
  test('an ideograph is one letter: a family name of two (千葉) is never searched alone, in any file or its own; of four it is', () => {
    assert.deepEqual(found('千葉^太郎', '千葉大学病院'), []);
    assert.deepEqual(found('千葉^太郎', '千葉大学病院', 0), []);
    for (const text of ['千葉太郎', '太郎千葉', '千葉 太郎', '太郎・千葉']) assert.deepEqual(found('千葉^太郎', `所見：${text}様`), [text]);
    assert.deepEqual(found('\u{20BB7}田川^太郎', '\u{20BB7}田川病院'), []);
    assert.deepEqual(found('勅使河原^宏', '勅使河原医院'), ['勅使河原']);
  });
  test('letters are counted as characters: a family name of two is never searched alone', () => {
    assert.deepEqual(found(`${ADLAM.short}^${ADLAM.other}`, `${ADLAM.short} came; ${ADLAM.other} too`, 0), []);
    assert.deepEqual(found(`${ADLAM.short}^${ADLAM.other}`, `${ADLAM.other}_${ADLAM.short}`), [`${ADLAM.other}_${ADLAM.short}`]);
  });
});

describe('a source folder or zip name as the only spelling (its files hold no usable PatientName)', () => {
  const alone = (spelling: string, text: string) => {
    const only = buildNeedles([{ id: 'subj_F', spellings: [spelling], patientIds: [] }]);
    return searchText(only, text, undefined).map((hit) => text.slice(hit.start, hit.end));
  };
  test('each part of 4 letters or more of a compound family name alone, in every file', () => {
    for (const spelling of ['Brannigan-Moyle', 'Brannigan_Moyle', 'Brannigan.Moyle', 'Brannigan Moyle', 'BRANNIGAN MOYLE']) {
      assert.deepEqual(alone(spelling, 'Dr Moyle saw him, then Brannigan'), ['Moyle', 'Brannigan'], spelling);
    }
  });
  test('a short part never alone, the parts together', () => assert.deepEqual(alone('Ng-Li', 'Li and Ng; NGLI'), ['NGLI']));
  test('a word hyphened to a known family word is part of it, unless known as a given name', () => {
    const hits = (spellings: string[], text: string) => searchText(buildNeedles([{ id: 'subj_B', spellings, patientIds: [] }]), text, undefined).map((hit) => text.slice(hit.start, hit.end));
    assert.deepEqual(hits(['BRANNIGAN^Ciara', 'Ciara Brannigan-Moyle'], 'Moyle saw Ciara, then Dr Moyle'), ['Moyle', 'Moyle']);
    assert.deepEqual(hits(['MOYLE^Ciara', 'Ciara Brannigan-Moyle'], 'Brannigan saw Ciara'), ['Brannigan']);
    assert.deepEqual(hits(['Ciara BRANNIGAN-Moyle'], 'Moyle saw Ciara'), ['Moyle']);
    assert.deepEqual(hits(['DUPONT^Jean', 'Dupont-Jean'], 'Jean came, Dupont left'), ['Dupont']);
  });
  test('a spelling that says the family name keeps the given name to the own files', () => {
    for (const said of ['DURAND^Marie', 'Durand, Marie', 'Marie DURAND', 'Durand']) {
      const two = buildNeedles([{ id: 'subj_D', spellings: [said, 'marie_durand'], patientIds: [] }]);
      const text = 'Marie came; Durand left';
      assert.deepEqual(searchText(two, text, undefined).map((hit) => text.slice(hit.start, hit.end)), ['Durand'], said);
    }
  });
});

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const BIG_ENDIAN = '1.2.840.10008.1.2.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';
const LE: BuildEncoding = { explicitVr: true, littleEndian: true };

const bytesOf = (text: string) => new TextEncoder().encode(text);
const hex = (text: string) => Uint8Array.from(text.match(/../g)!, (pair) => Number.parseInt(pair, 16));
const pad = (bytes: Uint8Array, filler: number) => (bytes.length % 2 ? concat([bytes, new Uint8Array([filler])]) : bytes);
const text = (tag: number, vr: string, value: string): BuildElement => ({ tag, vr, value: pad(bytesOf(value), 0x20) });
const binary = (tag: number, vr: string, value: Uint8Array): BuildElement => ({ tag, vr, value: pad(value, 0) });
const CREATOR: BuildElement = text(0x00090010, 'LO', 'ACME 1.0');
const noise = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 73 + 11) & 0xff);

/** A file of `elements` (sorted here) after a plain header. */
function fileOf(elements: BuildElement[], options: { charset?: string; ts?: string; enc?: BuildEncoding; preamble?: Uint8Array } = {}): Uint8Array {
  const all = [text(0x00080005, 'CS', options.charset ?? 'ISO_IR 100'), text(0x00080060, 'CS', 'CT'), text(0x00100010, 'PN', 'subj_P1'), ...elements];
  all.sort((a, b) => (a.tag >>> 0) - (b.tag >>> 0));
  let dataset = encodeDataset(all, options.enc ?? LE);
  if (options.ts === DEFLATED) dataset = deflateRawSync(dataset);
  const file = part10(options.ts ?? EXPLICIT_LE, dataset);
  if (options.preamble) file.set(options.preamble, 0);
  return file;
}

function findings(file: Uint8Array, ownId = 'subj_PZ'): VerifyFinding[] {
  return secondOpinion(file, needles, { ownId, window: 4096 }).findings;
}

function places(file: Uint8Array, ownId?: string): string[] {
  return [...new Set(findings(file, ownId).map((f) => `${f.place} ${f.patientId}`))].sort();
}

describe('where the second opinion searches (CONTRACT.md, "Searched" and "Verification is a second opinion")', () => {
  const cases: [string, () => Uint8Array, string[]][] = [
    ['a text value', () => fileOf([text(0x00204000, 'LT', 'seen with Jean Dupont')]), ['(0020,4000) subj_P1']],
    ['a multi-valued LO, the name split over two values', () => fileOf([text(0x00081030, 'LO', 'Dupont\\Jean')]), ['(0008,1030) subj_P1']],
    ['a private US holding text', () => fileOf([CREATOR, binary(0x00091001, 'US', bytesOf('xx DUPONT xx'))]), ['(0009,1001) subj_P1']],
    ['a UN element', () => fileOf([CREATOR, binary(0x00091002, 'UN', bytesOf('NGLI'))]), ['(0009,1002) subj_P2']],
    ['a standard element stored as UN', () => fileOf([binary(0x00101020, 'UN', bytesOf('1750'))]), ['(0010,1020) subj_P9']],
    ['text in a DS', () => fileOf([text(0x00101020, 'DS', 'MOYLE')]), ['(0010,1020) subj_P4']],
    ['a valid DS is a number, not a PatientID', () => fileOf([text(0x00101020, 'DS', '1750')]), []],
    ['the same digits in a text value are a PatientID', () => fileOf([text(0x00081030, 'LO', '1750')]), ['(0008,1030) subj_P9']],
    [
      'a sequence three deep',
      () => fileOf([{ tag: 0x00081110, vr: 'SQ', items: [[{ tag: 0x00081111, vr: 'SQ', items: [[{ tag: 0x00081115, vr: 'SQ', items: [[text(0x00081030, 'LO', 'dupont, jean')]] }]] }]] }]),
      ['(0008,1110)[0].(0008,1111)[0].(0008,1115)[0].(0008,1030) subj_P1'],
    ],
    ['a deflated data set', () => fileOf([text(0x00204000, 'LT', 'Sorensen follow-up')], { ts: DEFLATED }), ['(0020,4000) subj_P5']],
    ['a big-endian data set', () => fileOf([CREATOR, binary(0x00091001, 'OB', bytesOf('Ng-Li'))], { ts: BIG_ENDIAN, enc: { explicitVr: true, littleEndian: false } }), ['(0009,1001) subj_P2']],
    ['Cyrillic (ISO_IR 144) in a binary private element', () => fileOf([CREATOR, binary(0x00091001, 'OB', concat([hex('0102'), hex('b8b2b0bdbeb2b0'), hex('2000')]))], { charset: 'ISO_IR 144' }), ['(0009,1001) subj_P7']],
    ['GB18030 in a binary private element', () => fileOf([CREATOR, binary(0x00091001, 'OB', concat([hex('00'), hex('cdf5d0a1b6ab'), hex('00')]))], { charset: 'GB18030' }), ['(0009,1001) subj_P8']],
    ['ISO 2022 IR 87 in a binary private element', () => fileOf([CREATOR, binary(0x00091001, 'OB', concat([hex('00'), hex('1b24423b33454442404f3a1b2842'), hex('00')]))], { charset: '\\ISO 2022 IR 87' }), ['(0009,1001) subj_P9']],
    ['UTF-16BE in a binary private element', () => fileOf([CREATOR, binary(0x00091001, 'OB', concat([noise(6), hex('004400550050004f004e0054'), noise(6)]))]), ['(0009,1001) subj_P1']],
    ['UTF-16LE at an odd offset', () => fileOf([CREATOR, binary(0x00091001, 'OB', concat([noise(5), hex('4a00650061006e0020004400750070006f006e007400'), noise(6)]))]), ['(0009,1001) subj_P1']],
    ['astral letters (mathematical bold) in UTF-16', () => fileOf([CREATOR, binary(0x00091001, 'OB', concat([hex('0000'), Uint8Array.from(Buffer.from('𝐃𝐔𝐏𝐎𝐍𝐓', 'utf16le')), hex('0000')]))]), ['(0009,1001) subj_P1']],
    ['the preamble', () => fileOf([], { preamble: bytesOf('scanned for ODAY') }), ['preamble subj_P3']],
    ['Hangul written in NFD', () => fileOf([text(0x00204000, 'LT', '환자 홍길동'.normalize('NFD'))], { charset: 'ISO_IR 192' }), ['(0020,4000) subj_PD']],
    ['Windows-1252 letters in an ISO_IR 100 value (0x8A, Š of Šimek)', () => fileOf([{ tag: 0x00204000, vr: 'LT', value: pad(hex('8a696d656b2073656e74'), 0x20) }], { charset: 'ISO_IR 100' }), ['(0020,4000) subj_PN']],
    ['kana with separate voicing marks (NFD)', () => fileOf([text(0x00204000, 'LT', 'やまだ たろう'.normalize('NFD'))], { charset: 'ISO_IR 192' }), ['(0020,4000) subj_PE']],
    ['the file meta group', () => {
      const file = fileOf([]);
      // SourceApplicationEntityTitle would be in the meta group: write it in place of the UI of equal length.
      const at = Buffer.from(file).indexOf('1.2.3.4');
      file.set(bytesOf('MOYLE\0\0'), at);
      return file;
    }, ['(0002,0003) subj_P4']],
    ['pixel data at the top level is copied bulk data', () => fileOf([binary(0x7fe00010, 'OB', bytesOf('DUPONT JEAN'))]), []],
    ['pixel data of an icon image is bulk data', () => fileOf([{ tag: 0x00880200, vr: 'SQ', items: [[binary(0x7fe00010, 'OB', bytesOf('DUPONT JEAN'))]] }]), []],
    ['pixel data inside a private sequence is searched', () => fileOf([CREATOR, { tag: 0x00091010, vr: 'SQ', items: [[binary(0x7fe00010, 'OB', bytesOf('DUPONT JEAN'))]] }]), ['(0009,1010)[0].(7FE0,0010) subj_P1']],
    ['a long value, the name across two windows', () => {
      const value = new Uint8Array(3 * 4096).fill(0x2e);
      value.set(bytesOf(' Brannigan-Moyle '), 4096 - 6);
      return fileOf([CREATOR, binary(0x00091001, 'OB', value)]);
    }, ['(0009,1001) subj_P4']],
  ];
  for (const [what, build, expected] of cases) test(what, () => assert.deepEqual(places(build()), expected));

  test("a given name alone is found in the patient's own file only", () => {
    const file = fileOf([text(0x00204000, 'LT', 'Jean arrived late')]);
    assert.deepEqual(places(file, 'subj_P1'), ['(0020,4000) subj_P1']);
    assert.deepEqual(places(file, 'subj_P2'), []);
  });

  test('a file that does not parse is searched whole, with byte offsets', () => {
    const bytes = concat([bytesOf('garbage'), u16(0xffff, true), bytesOf(' then Dupont Jean here ')]);
    const result = secondOpinion(bytes, needles, {});
    assert.ok(result.unparsed);
    assert.deepEqual(result.findings.map((f) => [f.place, f.offset, f.patientId]), [['bytes', 15, 'subj_P1']]);
  });

  test('findings name the place and the patient id, never the name', () => {
    const all = findings(fileOf([text(0x00204000, 'LT', 'seen with Jean Dupont'), CREATOR, binary(0x00091001, 'OB', hex('004400550050004f004e0054'))]));
    assert.equal(all.length, 2);
    for (const finding of all) {
      assert.match(finding.message, /subj_P1/);
      assert.doesNotMatch(finding.message, /dupont|jean/i);
    }
  });
});

describe('paths', () => {
  const cases: [string, string | undefined, string[]][] = [
    ['subj_P1/CT/IM0001.dcm', 'subj_P1', []],
    ['subj_P1/DUPONT\\JEAN/IM0001.dcm', 'subj_P1', ['subj_P1']],
    ['subj_P5/Sørensen_1.dcm'.normalize('NFD'), 'subj_P5', ['subj_P5']],
    ['subj_P1/Jean_1.dcm', 'subj_P1', ['subj_P1']],
    ['subj_P2/Jean_1.dcm', 'subj_P2', []],
    ['subj_P3/o’day.dcm', 'subj_P3', ['subj_P3']],
    // Names in other readings of the bytes a path was read from: SØRENSEN in Latin-1 and in UTF-8,
    // O’DAY in Windows-1252, each read as CP437 (zip entries without the UTF-8 flag).
    ['subj_P1/S╪rensen/1.dcm', 'subj_P1', ['subj_P5']],
    ['subj_P1/S├ÿrensen/1.dcm', 'subj_P1', ['subj_P5']],
    ['subj_P1/OÆDAY 2.dcm', undefined, ['subj_P3']],
    ['subj_P1/SΘance 1/IM1.dcm', 'subj_P1', []],
  ];
  for (const [path, own, expected] of cases) {
    test(`${JSON.stringify(path)} in the folder of ${own}`, () => assert.deepEqual(secondOpinionPath(needles, path, own).map((f) => f.patientId), expected));
  }
});
