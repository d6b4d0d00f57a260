import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { foldName, nameWords } from './fold.ts';
import { isUsableName, personNameSpellings, prepareName } from './name.ts';

describe('folding', () => {
  const cases: [string, string][] = [
    ['DUPONT^Jean', 'dupont^jean'],
    ['Éloïse Çağlar', 'eloise caglar'],
    ['Straße', 'strasse'],
    ['Ａｂｃ', 'abc'], // full-width forms, NFKC
    ['Ἀλέξανδρος', 'alexandros'],
    ['Люкceмбypг', 'liukcembypg'], // Cyrillic and Latin look-alikes mixed, as in a real file
    ['やまだ^たろう', 'やまだ^たろう'], // kana keep their voicing marks
    ['ﾔﾏﾀﾞ^ﾀﾛｳ', 'やまだ^たろう'], // half-width katakana: NFKC, then katakana as hiragana
    ['홍길동', '홍길동'],
  ];
  for (const [input, expected] of cases) test(`${input} → ${expected}`, () => assert.equal(foldName(input), expected));
  test('ü/ö/ä become ue/oe/ae only in the second key', () => {
    assert.equal(foldName('Müller Jörg Bär'), 'muller jorg bar');
    assert.equal(foldName('Müller Jörg Bär', true), 'mueller joerg baer');
  });
  test('words split on space ^ - , . / and keep apostrophes joined', () => {
    assert.deepEqual(nameWords("DUPONT, Jean-Marc^O'Neil/J.P"), ['dupont', 'jean', 'marc', 'oneil', 'j', 'p']);
  });
});

describe('spellings of a PN value', () => {
  test('each component group is a spelling', () => {
    assert.deepEqual(personNameSpellings('Yamada^Tarou=山田^太郎=やまだ^たろう'), ['Yamada^Tarou', '山田^太郎', 'やまだ^たろう']);
    assert.deepEqual(personNameSpellings('Wang^XiaoDong=王^小东='), ['Wang^XiaoDong', '王^小东']);
    assert.deepEqual(personNameSpellings('=洪^吉洞'), ['洪^吉洞']);
  });
  test('prefix and suffix are left out, trailing carets and empty groups dropped', () => {
    assert.deepEqual(personNameSpellings('Last^First^mid^pre'), ['Last^First^mid']);
    assert.deepEqual(personNameSpellings('Smith^John^^Dr^Jr'), ['Smith^John']);
    assert.deepEqual(personNameSpellings('OB^^^^'), ['OB']);
    assert.deepEqual(personNameSpellings('^^^^'), []);
  });
  test('several values all count', () => {
    assert.deepEqual(personNameSpellings('Doe^John\\Roe^Jane'), ['Doe^John', 'Roe^Jane']);
  });
});

describe('usable names', () => {
  for (const text of ['', '   ', '^^', 'Anonymized', 'ANONYMOUS', 'Unknown', 'NAME^NONE', 'anon^anon', 'N/A', 'Patient^Test', 'NAME^PATIENT', 'XXX^XXX', 'patient07', '12345']) {
    test(`"${text}" is no usable name`, () => assert.equal(isUsableName(text), false));
  }
  for (const text of ['OB', 'Patient^Tessier', 'Na^Ri', 'CQ500-CT-310', '김희중']) {
    test(`"${text}" is a name`, () => assert.equal(isUsableName(text), true));
  }
  test('the canonical form sorts the folded words', () => {
    assert.equal(prepareName('DUPONT^Jean')!.canonical, 'dupont jean');
    assert.equal(prepareName('Jean Dupont')!.canonical, 'dupont jean');
    assert.equal(prepareName('Müller, Jörg')!.canonical, 'jorg muller');
  });
  test('readings: plain, glued particles, umlauts expanded', () => {
    assert.deepEqual(
      prepareName('von Müller^Jörg')!.keys.map((key) => key.words.join(' ')),
      ['von muller jorg', 'vonmuller jorg', 'von mueller joerg', 'vonmueller joerg'],
    );
  });
});
