import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findNames, replaceNames } from './find-names.ts';
import { personNameSpellings } from '../match/name.ts';
import { sourceSpelling } from '../match/source-name.ts';
import { type KnownPatient, buildNameIndex } from './name-index.ts';

const dupont: KnownPatient = { id: 'subj_A', spellings: ['DUPONT^Jean'], patientIds: ['PAT12345'] };
const index = buildNameIndex([dupont]);

/** What `findNames` matched, as the original substrings. */
function matched(text: string, idx = index): string[] {
  return findNames(idx, text).map((span) => text.slice(span.start, span.end));
}

describe('findNames: forms of one name', () => {
  const cases: [string, string[]][] = [
    ['DUPONT^JEAN', ['DUPONT^JEAN']],
    ['Jean Dupont', ['Jean Dupont']],
    ['dupont jean', ['dupont jean']],
    ['DUPONTJEAN', ['DUPONTJEAN']],
    ['JEANDUPONT', ['JEANDUPONT']],
    ['Dupont_Jean', ['Dupont_Jean']],
    ['jean.dupont@example.org', ['jean.dupont']],
    ['DUPONT, Jean', ['DUPONT, Jean']],
    ['Dupont-Jean', ['Dupont-Jean']],
    ['Mr Dupont came', ['Dupont']],
    ['DÛPÔNT Jéan', ['DÛPÔNT Jéan']],
    ['Du\u0302pont', ['Du\u0302pont']],
    ['DUPONTJEAN_001.dcm', ['DUPONTJEAN']],
    ['2019DUPONT3', ['DUPONT']],
    ['(dupont)', ['dupont']],
    ['id PAT12345 here', ['PAT12345']],
    ['pat12345', ['pat12345']],
    ['PAT12345_scan', ['PAT12345']],
    ['DUPONT Jean-Pierre', ['DUPONT Jean']],
  ];
  for (const [text, expected] of cases) {
    it(`finds ${JSON.stringify(expected)} in ${JSON.stringify(text)}`, () => {
      assert.deepEqual(matched(text), expected);
    });
  }
});

describe('findNames: what must not match', () => {
  const cases: string[] = [
    'Martinez',
    'dupontel',
    'Dupontel jean',
    'Jean alone',
    'Jeanne',
    'XPAT12345',
    'PAT123456',
    '1PAT12345',
    'PAT1234',
    'ceci est un texte',
  ];
  for (const text of cases) {
    it(`finds nothing in ${JSON.stringify(text)}`, () => assert.deepEqual(matched(text), []));
  }

  it('does not search a family name shorter than 4 letters alone, but finds the full name', () => {
    const li = buildNameIndex([{ id: 'subj_L', spellings: ['LI^Wei'], patientIds: [] }]);
    assert.deepEqual(matched('Li was here; Wei too', li), []);
    assert.deepEqual(matched('Patient Wei Li, LIWEI, li^wei', li), ['Wei Li', 'LIWEI', 'li^wei']);
  });

  it('takes a symbol outside the BMP (an emoji, two UTF-16 units) as one separator between words', () => {
    const ngli = buildNameIndex([{ id: 'subj_N', spellings: ['NG^Li'], patientIds: [] }]);
    assert.deepEqual(matched('Li \u{1F642} Ng; NG\u{1F600}LI; ref NG \u{1F600} LI', ngli), ['Li \u{1F642} Ng', 'NG\u{1F600}LI', 'NG \u{1F600} LI']);
    assert.deepEqual(matched(`NG${'\u{1F600}'.repeat(8)}LI`, ngli), [`NG${'\u{1F600}'.repeat(8)}LI`]);
    assert.deepEqual(matched(`NG${'\u{1F600}'.repeat(9)}LI; Li \u{1F642}`, ngli), []);
  });

  it('searches a given name of 4 letters outside the BMP (Adlam) alone in the own files only', () => {
    const given = '\u{1E905}\u{1E922}\u{1E924}\u{1E92D}';
    const adlam = buildNameIndex([{ id: 'subj_A', spellings: [`\u{1E900}\u{1E923}\u{1E922}\u{1E925}\u{1E922}^${given}`], patientIds: [] }]);
    const text = `${given} came`;
    assert.deepEqual(findNames(adlam, text, { own: 'subj_A' }).map((span) => text.slice(span.start, span.end)), [given]);
    assert.deepEqual(findNames(adlam, text).map((span) => text.slice(span.start, span.end)), []);
  });

  it('finds Hangul written in NFD (conjoining jamo) like NFC, and replaces every jamo of it', () => {
    const hong = buildNameIndex([{ id: 'subj_H', spellings: ['홍^길동'], patientIds: [] }]);
    const text = '홍길동 님, 길동 홍'.normalize('NFD');
    assert.deepEqual(matched(text, hong), ['홍길동'.normalize('NFD'), '길동 홍'.normalize('NFD')]);
    assert.equal(replaceNames(text, hong), `subj_H ${'님'.normalize('NFD')}, subj_H`);
  });

  it('reads letters outside the BMP (Adlam) as letters: words bounded by non-letters, short family names never alone', () => {
    const [family, given, short, other] = ['\u{1E900}\u{1E923}\u{1E922}\u{1E925}\u{1E922}', '\u{1E905}\u{1E922}\u{1E924}\u{1E92D}', '\u{1E910}\u{1E93A}', '\u{1E902}\u{1E92D}'];
    const adlam = buildNameIndex([
      { id: 'subj_A', spellings: [`${family}^${given}`], patientIds: [] },
      { id: 'subj_B', spellings: [`${short}^${other}`], patientIds: [] },
    ]);
    assert.deepEqual(matched(`seen ${family.toLowerCase()}, ${family}${other} and ${other}${family}`, adlam), [family.toLowerCase()]);
    assert.deepEqual(matched(`${short} came; ${other}${short}; ${other} \u{1F642} ${short}`, adlam), [`${other}${short}`, `${other} \u{1F642} ${short}`]);
  });

  it('finds a Han name with an ideograph outside the BMP (𠮷田) inside CJK text, counting it as one letter', () => {
    const yoshida = buildNameIndex([{ id: 'subj_Y', spellings: ['\u{20BB7}田^太郎'], patientIds: [] }]);
    assert.deepEqual(matched('患者\u{20BB7}田太郎様; \u{20BB7}田さん', yoshida), ['\u{20BB7}田太郎']);
    // Three characters in four UTF-16 units: not searched alone; four characters are.
    const three = buildNameIndex([{ id: 'subj_3', spellings: ['\u{20BB7}田川^太郎'], patientIds: [] }]);
    assert.deepEqual(matched('\u{20BB7}田川病院', three), []);
    const four = buildNameIndex([{ id: 'subj_4', spellings: ['\u{20BB7}田川原^太郎'], patientIds: [] }]);
    assert.deepEqual(matched('\u{20BB7}田川原病院', four), ['\u{20BB7}田川原']);
  });

  it('does not match "Martin" inside "Martinez", nor "Jean" inside "Jeanne"', () => {
    const martin = buildNameIndex([{ id: 'subj_M', spellings: ['MARTIN^Jean'], patientIds: [] }]);
    assert.deepEqual(matched('Martinez Jeanne', martin), []);
    assert.deepEqual(matched('Martin Jeanne', martin), ['Martin']);
  });

  it('does not take particles alone as a name', () => {
    const fontaine = buildNameIndex([{ id: 'subj_F', spellings: ['DE LA FONTAINE^Jean'], patientIds: [] }]);
    assert.deepEqual(matched('vue de la fenetre', fontaine), []);
    assert.deepEqual(matched('Mme de la Fontaine', fontaine), ['de la Fontaine']);
    assert.deepEqual(matched('JEAN DE LA FONTAINE', fontaine), ['JEAN DE LA FONTAINE']);
  });
});

describe('findNames: how family names are known', () => {
  it('knows "LAST, First" from a spreadsheet', () => {
    const idx = buildNameIndex([{ id: 's', spellings: ['Durand, Marie'], patientIds: [] }]);
    assert.deepEqual(matched('Durand', idx), ['Durand']);
    assert.deepEqual(matched('Marie', idx), []);
  });

  it('knows the capitalised word of "Marie DURAND"', () => {
    const idx = buildNameIndex([{ id: 's', spellings: ['Marie DURAND'], patientIds: [] }]);
    assert.deepEqual(matched('Durand', idx), ['Durand']);
  });

  it('knows the words hyphened to a capitalised word as its compound family name', () => {
    const idx = buildNameIndex([{ id: 's', spellings: ['Ciara BRANNIGAN-Moyle'], patientIds: [] }]);
    assert.deepEqual(matched('Moyle saw Ciara', idx), ['Moyle']);
  });

  it('reads a name that says no family name as all family name when no spelling of the patient says, and the full name either way', () => {
    const idx = buildNameIndex([{ id: 's', spellings: ['marie durand'], patientIds: [] }]);
    assert.deepEqual(matched('Durand or Marie', idx), ['Durand', 'Marie']);
    assert.deepEqual(matched('DURAND MARIE; marie.durand', idx), ['DURAND MARIE', 'marie.durand']);
  });

  it('borrows the family name of another spelling of the same patient when close', () => {
    const idx = buildNameIndex([{ id: 's', spellings: ['DUPONT^Jean', 'Jean Dupond'], patientIds: [] }]);
    assert.deepEqual(matched('Dupond', idx), ['Dupond']);
  });

  it('borrows with it the words hyphened to it, a compound family name, but never a known given name', () => {
    const idx = buildNameIndex([{ id: 's', spellings: ['BRANNIGAN^Ciara', 'Ciara Brannigan-Moyle'], patientIds: [] }]);
    assert.deepEqual(matched('Moyle saw Ciara, then Dr Moyle', idx), ['Moyle', 'Moyle']);
    const before = buildNameIndex([{ id: 's', spellings: ['MOYLE^Ciara', 'Ciara Brannigan-Moyle'], patientIds: [] }]);
    assert.deepEqual(matched('Brannigan saw Ciara', before), ['Brannigan']);
    const dupont = buildNameIndex([{ id: 's', spellings: ['DUPONT^Jean', 'Dupont-Jean'], patientIds: [] }]);
    assert.deepEqual(matched('Jean came, Dupont left', dupont), ['Dupont']);
  });

  it('finds "dupont jean-marc" as a full name and its parts with the family name', () => {
    const idx = buildNameIndex([{ id: 's', spellings: ['DUPONT^Jean-Marc'], patientIds: [] }]);
    assert.deepEqual(matched('Jean-Marc DUPONT, then Jean Dupont, and Marc, Dupont', idx), ['Jean-Marc DUPONT', 'Jean Dupont', 'Marc, Dupont']);
  });

  it('writes umlauts both ways', () => {
    const idx = buildNameIndex([{ id: 's', spellings: ['MÜLLER^Jürgen'], patientIds: [] }]);
    assert.deepEqual(matched('Mueller, Muller, Müller, MUELLERJUERGEN', idx), ['Mueller', 'Muller', 'Müller', 'MUELLERJUERGEN']);
  });

  it('folds circled and squared letters as the letters they are (NFKC)', () => {
    assert.deepEqual(matched('seen by ⒹⓊⓅⓄⓃⓉ'), ['ⒹⓊⓅⓄⓃⓉ']);
    assert.deepEqual(matched('🄳🅄🄿🄾🄽🅃 🄹🄴🄰🄽'), ['🄳🅄🄿🄾🄽🅃 🄹🄴🄰🄽']);
  });

  it('folds ß and ligatures', () => {
    const idx = buildNameIndex([{ id: 's', spellings: ['STRAẞER^Œdipe'], patientIds: [] }]);
    assert.deepEqual(matched('Oedipe Strasser', idx), ['Oedipe Strasser']);
  });
});

describe('findNames: CJK names', () => {
  const yamada = buildNameIndex([{ id: 'subj_Y', spellings: ['Yamada^Tarou=山田^太郎=やまだ^たろう'], patientIds: [] }]);

  it('finds ideographic and phonetic groups as substrings', () => {
    assert.deepEqual(matched('患者山田太郎さん', yamada), ['山田太郎']);
    assert.deepEqual(matched('やまだ たろう', yamada), ['やまだ たろう']);
    assert.deepEqual(matched('太郎', yamada), []);
    assert.deepEqual(matched('YAMADA^TAROU', yamada), ['YAMADA^TAROU']);
  });

  // CONTRACT.md "Names": the family name alone from 4 letters, and an ideograph is one letter.
  const chiba = buildNameIndex([{ id: 'subj_C', spellings: ['千葉^太郎'], patientIds: [] }]);

  it('never searches a family name of two ideographs alone, in any file or in its own', () => {
    assert.deepEqual(matched('千葉大学病院', chiba), []);
    assert.deepEqual(matched('山田様', yamada), []);
    assert.deepEqual(findNames(chiba, '千葉大学病院', { own: 'subj_C' }), []);
  });

  it('finds the full name in either order, with separators or none', () => {
    for (const text of ['千葉太郎', '太郎千葉', '千葉 太郎', '千葉^太郎', '太郎・千葉', '千葉\u3000太郎']) {
      assert.deepEqual(matched(`所見：${text}様`, chiba), [text], text);
    }
  });

  it('finds part of a CJK name (family and another word) only when it has four characters', () => {
    const middle = buildNameIndex([{ id: 'subj_M', spellings: ['千葉^太郎^一'], patientIds: [] }]);
    assert.deepEqual(matched('千葉一丁目', middle), []);
    assert.deepEqual(matched('患者千葉太郎様', middle), ['千葉太郎']);
    assert.deepEqual(matched('千葉太郎一', middle), ['千葉太郎一']);
  });

  it('searches a family name of four ideographs alone, as four letters', () => {
    const teshigawara = buildNameIndex([{ id: 'subj_T', spellings: ['勅使河原^宏'], patientIds: [] }]);
    assert.deepEqual(matched('勅使河原医院', teshigawara), ['勅使河原']);
    assert.deepEqual(matched('河原医院', teshigawara), []);
  });

  it('finds half-width kana with their voicing marks as the full-width kana, and in NFD', () => {
    const halfWidth = buildNameIndex([{ id: 'subj_K', spellings: ['ﾔﾏﾀﾞ^ﾀﾛｳ'], patientIds: [] }]);
    assert.deepEqual(matched('所見 ヤマダ タロウ 様', halfWidth), ['ヤマダ タロウ']);
    assert.deepEqual(matched('ヤマダ タロウ'.normalize('NFD'), halfWidth), ['ヤマダ タロウ'.normalize('NFD')]);
    assert.deepEqual(matched('ヤマタ タロウ', halfWidth), []);
  });

  it('finds Korean names written without a separator', () => {
    const hong = buildNameIndex([{ id: 'subj_H', spellings: ['Hong^Gildong=洪^吉洞=홍^길동'], patientIds: [] }]);
    assert.deepEqual(matched('환자 홍길동 님', hong), ['홍길동']);
    assert.deepEqual(matched('홍', hong), []);
  });
});

describe('findNames: several patients', () => {
  const many = buildNameIndex([
    dupont,
    { id: 'subj_B', spellings: ['DUPONT^Marie'], patientIds: ['98765'] },
    { id: 'subj_C', spellings: ['MARTIN^Paul'], patientIds: [] },
  ]);

  it('names the right patient for each span, the longest match first', () => {
    const text = 'Marie Dupont, sister of Jean DUPONT; seen by Dr Martin (98765)';
    const spans = findNames(many, text).map((s) => [text.slice(s.start, s.end), s.patientId]);
    assert.deepEqual(spans, [
      ['Marie Dupont', 'subj_B'],
      ['Jean DUPONT', 'subj_A'],
      ['Martin', 'subj_C'],
      ['98765', 'subj_B'],
    ]);
  });

  it('gives a shared family name to the preferred patient', () => {
    assert.equal(findNames(many, 'Dupont', { prefer: 'subj_B' })[0]?.patientId, 'subj_B');
    assert.equal(findNames(many, 'Dupont', { prefer: 'subj_A' })[0]?.patientId, 'subj_A');
  });

  it('merges overlapping matches into one span', () => {
    assert.deepEqual(matched('Jean Dupont Jean', many), ['Jean Dupont Jean']);
  });

  it('costs the same whatever the patient count (index by word, not by patient)', () => {
    const patients = Array.from({ length: 5000 }, (_, i) => ({ id: `p${i}`, spellings: [`NAME${i}X^Given`], patientIds: [] }));
    const big = buildNameIndex([...patients, dupont]);
    assert.equal(big.size.patients, 5001);
    assert.deepEqual(matched('report for Jean Dupont', big), ['Jean Dupont']);
  });
});

describe('findNames: text we wrote is not a name', () => {
  const test = buildNameIndex([{ id: 'subj_BAUER001', spellings: ['BAUER^Patricia'], patientIds: [] }]);

  it('never finds a name inside a pseudonym id', () => {
    assert.deepEqual(matched('subj_BAUER001', test), []);
    assert.deepEqual(matched('subj_BAUER001_001.dcm; BAUER 2', test), ['BAUER']);
  });

  it('never finds a name inside a protected value', () => {
    assert.deepEqual(findNames(test, 'A9BAUER7Q', { protect: ['a9bauer7q'] }), []);
    assert.equal(findNames(test, 'A9BAUER7Q').length, 1);
  });
});

describe('replaceNames', () => {
  it('replaces each span by the id and keeps the rest', () => {
    assert.equal(replaceNames('Seen: DUPONT^JEAN (PAT12345), jean.dupont.', index), 'Seen: subj_A (subj_A), subj_A.');
  });

  it('maps ids through idFor', () => {
    assert.equal(replaceNames('Dupont', index, (id) => `<${id}>`), '<subj_A>');
  });

  it('returns the same string when nothing matches', () => {
    const text = 'nothing here';
    assert.equal(replaceNames(text, index), text);
  });
});

describe('findNames: separators', () => {
  const loy = buildNameIndex([{ id: 'subj_L', spellings: ['LOY^Bridget'], patientIds: [] }]);
  const cases: string[] = ['LOY   Bridget', 'Loy – Bridget', 'Loy — Bridget', 'LOY\\BRIDGET', 'Loy;Bridget', 'Loy: Bridget', 'Loy | Bridget', 'Loy+Bridget', 'Loy~Bridget', 'Loy·Bridget', 'Bridget (Loy', 'LOY  --  ; BRIDGET', 'LOYBRIDGET'];
  for (const text of cases) {
    it(`finds the whole of ${JSON.stringify(text)}`, () => assert.deepEqual(matched(text, loy), [text]));
  }
  it('allows at most 8 separator characters, and never digits or letters between words', () => {
    assert.deepEqual(matched('Loy - - - - - Bridget', loy), []);
    assert.deepEqual(matched('Loy 2 Bridget', loy), []);
    assert.deepEqual(matched('Loy and Bridget', loy), []);
  });
});

describe('findNames: short and compound family names', () => {
  const many = buildNameIndex([
    { id: 'subj_N', spellings: ['NG-LI^Mei'], patientIds: [] },
    { id: 'subj_O', spellings: ["O'DAY^Fenella"], patientIds: [] },
    { id: 'subj_B', spellings: ['BRANNIGAN-MOYLE^Roisin'], patientIds: [] },
    { id: 'subj_T', spellings: personNameSpellings('TAVISH QUENBY'), patientIds: [] },
  ]);
  const found = (text: string) => findNames(many, text).map((span) => `${text.slice(span.start, span.end)}=${span.patientId}`);
  it('finds a family of short parts whole, joined by any separators or none', () => {
    assert.deepEqual(found('NGLI and Ng Li and ng-li'), ['NGLI=subj_N', 'Ng Li=subj_N', 'ng-li=subj_N']);
    assert.deepEqual(found("ODAY and O'Day"), ['ODAY=subj_O', "O'Day=subj_O"]);
  });
  it('never finds one short part alone', () => assert.deepEqual(found('Li and Ng; O and Day'), []));
  it('finds each part of 4 letters or more of a compound family alone', () => assert.deepEqual(found('Mrs Moyle, Dr Brannigan'), ['Moyle=subj_B', 'Brannigan=subj_B']));
  it('takes a PN value without ^ as all family name', () => assert.deepEqual(found('Quenby waited; Tavish too'), ['Quenby=subj_T', 'Tavish=subj_T']));
});

describe('findNames: a source folder or zip name as the only spelling', () => {
  // The files hold no usable PatientName: the folder or zip name is the spelling (as the plan makes it).
  const folder = (name: string) => buildNameIndex([{ id: 'subj_F', spellings: [sourceSpelling(name)!], patientIds: [] }]);
  it('finds each part of 4 letters or more of a compound family name alone, in any text', () => {
    for (const name of ['Brannigan-Moyle', 'Brannigan-Moyle.zip', 'Brannigan_Moyle', 'Brannigan.Moyle', 'BRANNIGAN MOYLE']) {
      const text = 'Dr Moyle saw him, then Brannigan';
      assert.deepEqual(findNames(folder(name), text).map((s) => `${text.slice(s.start, s.end)}=${s.patientId}`), ['Moyle=subj_F', 'Brannigan=subj_F'], name);
    }
  });
  it('never finds a short part alone, but the parts together', () => {
    assert.deepEqual(matched('Li and Ng; NGLI', folder('Ng-Li')), ['NGLI']);
  });
  it('takes the family name from a spelling that says it: the given name stays in the own files', () => {
    const idx = buildNameIndex([{ id: 'subj_L', spellings: ['LINDQVIST^Lucas', sourceSpelling('Lindqvist_Lucas')!], patientIds: [] }]);
    assert.deepEqual(matched('Dr Lucas and Lindqvist', idx), ['Lindqvist']);
    assert.deepEqual(findNames(idx, 'Dr Lucas', { own: 'subj_L' }).length, 1);
    for (const said of ['DURAND^Marie', 'Durand, Marie', 'Marie DURAND', 'Durand']) {
      const two = buildNameIndex([{ id: 'subj_D', spellings: [said, sourceSpelling('marie_durand')!], patientIds: [] }]);
      assert.deepEqual(matched('Marie came; Durand left', two), ['Durand'], said);
    }
  });
});

describe("findNames: the patient's own words", () => {
  const two = buildNameIndex([
    { id: 'subj_Z', spellings: ['MCALLISTER^Zandra'], patientIds: [] },
    { id: 'subj_C', spellings: ['CARDEW^Oswin'], patientIds: [] },
  ]);
  it("finds a given name of 4 letters or more alone in the patient's own text only", () => {
    assert.deepEqual(findNames(two, 'Zandra arrived late', { own: 'subj_Z' }).map((s) => s.patientId), ['subj_Z']);
    assert.deepEqual(findNames(two, 'Zandra arrived late', { own: 'subj_C' }), []);
    assert.deepEqual(findNames(two, 'Zandra arrived late'), []);
  });
  it('never finds a word shorter than 4 letters alone, even there', () => {
    const kim = buildNameIndex([{ id: 'subj_K', spellings: ['PARK^Kim'], patientIds: [] }]);
    assert.deepEqual(findNames(kim, 'Kim came', { own: 'subj_K' }), []);
  });
});

describe('findNames: placeholders are no spellings', () => {
  it('searches neither placeholder names nor placeholder PatientIDs', () => {
    const placeholders = buildNameIndex([{ id: 'subj_P', spellings: ['XXX^XXX', 'Anonymized', 'NAME^PATIENT'], patientIds: ['0123456789', '12345', '000000'] }]);
    assert.deepEqual(findNames(placeholders, 'XXXXXX 0123456789 12345 000000 anonymized patient name'), []);
  });
});
