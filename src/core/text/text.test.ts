import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { foldName } from '../match/fold.ts';
import { foldString, foldText, originalEnd, originalStart } from './fold.ts';
import { isLetterBounded, isSeparatorRun, MAX_SEPARATOR_RUN } from './separators.ts';
import { contractAlternatives, expandAlternatives, foldedVariants } from './variants.ts';

describe('the folding table', () => {
  const cases: [string, string, string][] = [
    ['full-width forms', 'ＤＵＰＯＮＴ', 'dupont'],
    ['half-width katakana', 'ﾔﾏﾀ', 'ヤマタ'],
    ['ligatures', 'ﬁnn', 'finn'],
    ['final sigma', 'ΣΟΦΟΣ', 'σοφοσ'],
    ['final sigma, lower case', 'σοφος', 'σοφοσ'],
    ['soft hyphen', 'Du\u00ADpont', 'dupont'],
    ['zero-width space', 'Du\u200Bpont', 'dupont'],
    ['zero-width joiners', 'Du\u200C\u200Dpont', 'dupont'],
    ['word joiner', 'Du\u2060pont', 'dupont'],
    ['byte order mark', '\uFEFFDupont', 'dupont'],
    ['NFD like NFC', 'Lévêque'.normalize('NFD'), 'leveque'],
    ['Hangul in NFD like NFC', '홍길동 님'.normalize('NFD'), '홍길동 님'],
    ['a Hangul syllable and its final consonant written apart', '\uAC00\u11A8', '각'],
    ['jamo that spell no syllable stay as they are', '\u1100\u1100\u11A8', '\u1100\u1100\u11A8'],
    ['ø', 'Søren', 'soren'],
    ['ł', 'Łukasz', 'lukasz'],
    ['þ', 'Þórr', 'thorr'],
    ['ß', 'STRAẞE', 'strasse'],
    ['æ', 'Ærø', 'aero'],
    ['œ', 'Œuvre', 'oeuvre'],
    ['đ', 'Đorđe', 'dorde'],
    ['full-width digits', '１２３４', '1234'],
    ['dotted capital I', 'İnan', 'inan'],
  ];
  for (const [what, input, folded] of cases) {
    test(`${what}: ${JSON.stringify(input)} → ${folded}`, () => assert.equal(foldString(input), folded));
  }

  test('the matcher folds the same letters alike', () => {
    for (const [input, other] of [['Søren', 'soren'], ['Du\u00ADpont', 'dupont'], ['Łukasz', 'lukasz'], ['ΣΟΦΟΣ', 'σοφος']]) {
      assert.equal(foldName(input!), foldName(other!));
    }
  });

  test('a Hangul syllable composed from its jamo stands for all of them', () => {
    const folded = foldText(`x${'홍길'.normalize('NFD')}`);
    assert.equal(folded.text, 'x홍길');
    assert.deepEqual([originalStart(folded, 1), originalEnd(folded, 1), originalStart(folded, 2), originalEnd(folded, 2)], [1, 4, 4, 7]);
  });

  test('a dropped format character belongs to the letter before it', () => {
    const folded = foldText('xDu\u00ADpont');
    assert.equal(folded.text, 'xdupont');
    assert.equal(originalEnd(folded, 2), 4);
    assert.equal(originalStart(folded, 3), 4);
  });
});

describe('variants', () => {
  const cases: [string, string[]][] = [
    ['søren', ['soren', 'soeren']],
    ['Müller', ['muller', 'mueller']],
    ['GRÖẞER', ['grosser', 'groesser']],
    ['dupont', ['dupont']],
    ['Jørgen Ødegård', ['jorgen odegard', 'jorgen oedegard', 'jorgen odegaard', 'jorgen oedegaard', 'joergen odegard', 'joergen oedegard', 'joergen odegaard', 'joergen oedegaard']],
    ['Håland', ['haland', 'haaland']],
    ['Đorđević', ['dordevic', 'djordevic', 'dordjevic', 'djordjevic']],
  ];
  for (const [word, variants] of cases) {
    test(`${word} → ${variants.join(', ')}`, () => assert.deepEqual(foldedVariants(word).sort(), [...variants].sort()));
  }
  test('expanded and contracted forms keep case', () => {
    assert.equal(expandAlternatives('MÜLLER Søren'), 'MUELLER Soeren');
    assert.equal(contractAlternatives('MUELLER Soeren'), 'MULLER Soren');
    assert.equal(contractAlternatives('Young'), 'Young');
    assert.equal(expandAlternatives('HÅLAND'), 'HAALAND');
    assert.equal(contractAlternatives('AAGAARD Haaland'), 'AGARD Haland');
    assert.equal(contractAlternatives('DJORDJEVIC'), 'DORDEVIC');
  });
});

describe('separators and bounds', () => {
  for (const separators of ['^', '_', '-', '–', '—', '.', ',', ';', ':', '\\', '/', '|', '+', '~', '(', ')', '·', ' ', '\t', ', ', '..', '\u3000']) {
    test(`${JSON.stringify(separators)} separates words`, () => assert.ok(isSeparatorRun(`a${separators}b`, 1, 1 + separators.length)));
  }
  test(`at most ${MAX_SEPARATOR_RUN} in a row, none counts`, () => {
    assert.ok(isSeparatorRun('a--------b', 1, 9));
    assert.ok(!isSeparatorRun('a---------b', 1, 10));
    assert.ok(isSeparatorRun('ab', 1, 1));
  });
  test('a symbol outside the BMP is one separator character (two UTF-16 units)', () => {
    for (const separators of ['\u{1F642}', ' \u{1F600} ', '\u{1D11E}', '-\u{1F642}-']) assert.ok(isSeparatorRun(`a${separators}b`, 1, 1 + separators.length), separators);
    const eight = '\u{1F642}'.repeat(MAX_SEPARATOR_RUN);
    assert.ok(isSeparatorRun(`a${eight}b`, 1, 1 + eight.length));
    assert.ok(!isSeparatorRun(`a${eight}-b`, 1, 2 + eight.length));
  });
  for (const other of ['1', 'x', '\u0000', '\u0001', '\u{1E922}', '\u{20000}']) {
    test(`${JSON.stringify(other)} does not separate`, () => assert.ok(!isSeparatorRun(`a${other}b`, 1, 2)));
  }
  const bounded: [string, number, number, boolean][] = [
    ['dupont', 0, 6, true],
    ['xdupont', 1, 7, false],
    ['dupont_1', 0, 6, true],
    ['1dupont2', 1, 7, true],
    ['dupontjean', 0, 6, false],
    ['(dupont)', 1, 7, true],
    ['\u{1E922}dupont', 2, 8, false],
    ['dupont\u{1E922}', 0, 6, false],
    ['\u{1F642}dupont\u{1F642}', 2, 8, true],
  ];
  for (const [text, start, end, expected] of bounded) {
    test(`${text}[${start},${end}) is ${expected ? '' : 'not '}bounded by non-letters`, () => assert.equal(isLetterBounded(text, start, end), expected));
  }
});
