import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { nameDistance, namesMatch, normalizedLevenshtein, wordDistance } from './measures.ts';
import { prepareName } from './name.ts';

const T = 0.2;
const distance = (a: string, b: string) => nameDistance(prepareName(a)!, prepareName(b)!, T);

describe('the contract examples', () => {
  test('"DUPONT^Jean" and "dupont jean-marc" match at exactly 1 − 4/5 = 0.2', () => {
    assert.equal(distance('DUPONT^Jean', 'dupont jean-marc'), 0.2);
    assert.ok(namesMatch(prepareName('DUPONT^Jean')!, prepareName('dupont jean-marc')!, T));
  });
  test('"Martin Jean" and "Martinez Jeanne" do not match', () => {
    // words: martin/martinez 2/8, jean/jeanne 2/6, both above 0.2: m = 0; strings "martinjean" vs
    // "martinezjeanne": 4 insertions / 14.
    assert.equal(distance('Martin Jean', 'Martinez Jeanne'), 4 / 14);
    assert.ok(!namesMatch(prepareName('Martin Jean')!, prepareName('Martinez Jeanne')!, T));
  });
});

// Each row: two spellings, the hand-computed distance at threshold 0.2, and why.
const TABLE: [string, string, number, string][] = [
  ['DUPONT^Jean', 'Jean Dupond', 0, 'swapped, one typo: dupont/dupond 1/6 ≤ 0.2, m = 2'],
  ['José Éloïse', 'JOSE ELOISE', 0, 'accents vs none'],
  ['Müller^Jörg', 'Mueller Joerg', 0, 'umlauts as ue/oe: the second key'],
  ['Müller^Jörg', 'Muller Jorg', 0, 'umlauts without dots: the first key'],
  ['Łukasz Żółw', 'Lukasz Zolw', 0, 'letters NFD does not decompose'],
  ['Дмитрий Иванов', 'Dmitrii Ivanov', 0, 'Cyrillic transliterated'],
  ['Jean Dupont', 'J Dupont', 0, 'an initial pairs with its word'],
  ['Dupont Jean', 'Dupont Jean Marc', 1 / 5, 'one extra given name: 1 − 4/5'],
  ['Dupont Jean', 'Dupont Jean Marc Paul', 2 / 6, 'two extra given names: 1 − 4/6'],
  ['Dupont Jean', 'Dupont', 1 / 3, 'missing given name: 1 − 2/3 (strings 4/10 further)'],
  ['Dupont Jean', 'Dupomt Jean', 0, 'a typo within the threshold: 1/6'],
  ['Dupont Jean', 'Dubois Jean', 3 / 10, 'beyond: dupont/dubois 3/6, strings 3/10'],
  ['DUPONTJEAN', 'Jean Dupont', 0, 'no separator: the sorted run-together strings are equal'],
  ['van der Berg^Anna', 'Anna Vanderberg', 0, 'particles glued to the name they precede'],
  ['Jean de la Fontaine', 'DE LA FONTAINE^Jean', 0, 'particles, swapped'],
  ['El-Amin^Ahmed', 'Ahmed Elamin', 0, 'el- glued'],
  ['Dupont-Durand^Marie', 'Marie Durand Dupont', 0, 'compound family name split on the hyphen'],
  ['Dupont-Durand^Marie', 'Marie Dupont', 1 / 5, 'one half of a compound name: 1 − 4/5'],
  ['O\'Brien^Sean', 'Sean OBrien', 0, 'apostrophes join'],
  ['山田^太郎', '山田太郎', 0, 'Japanese ideographic group, with and without the caret'],
  ['홍^길동', '홍길동', 0, 'Korean Hangul group run together'],
  ['王^小东', '王^小東', 1 / 3, 'simplified vs traditional: one character of 3 in the run-together string'],
  ['Hong^Gildong', '홍^길동', 1, 'scripts are not transliterated into each other'],
];

describe('hand-computed distances', () => {
  for (const [a, b, expected, why] of TABLE) {
    test(`${a} ~ ${b} = ${expected.toFixed(3)} (${why})`, () => {
      assert.ok(Math.abs(distance(a, b) - expected) < 1e-12, `got ${distance(a, b)}`);
      assert.ok(Math.abs(distance(b, a) - expected) < 1e-12, 'symmetric');
    });
  }
});

describe('word distance', () => {
  test('uses a maximum matching, not a greedy one', () => {
    // "jon" relates to both "jo" and "jon" is taken first by greedy order; "jo" only relates to
    // "jo". At 0.34, greedy pairing jon→jo would leave "jo" unmatched.
    const a = ['jon', 'jo'];
    const b = ['jo', 'jonx'];
    // jon~jo (1/3), jon~jonx (1/4), jo~jo: the maximum pairs jon–jonx and jo–jo, m = 2.
    assert.equal(wordDistance(a, b, 0.34), 0);
  });
  test('an initial is a single letter, not any prefix', () => {
    assert.equal(wordDistance(['je', 'dupont'], ['jean', 'dupont'], T), 1 - 2 / 4);
  });
  test('normalized Levenshtein divides by the longer length', () => {
    assert.equal(normalizedLevenshtein('dupont', 'dupond'), 1 / 6);
    assert.equal(normalizedLevenshtein('', ''), 0);
    assert.equal(normalizedLevenshtein('abc', ''), 1);
  });
});

const word = fc.stringMatching(/^[a-z]{4,9}$/);

describe('properties', () => {
  test('the word distance ignores word order', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.array(word, { minLength: 1, maxLength: 4 }), fc.nat(), (a, b, seed) => {
        const shuffled = [...a].sort((x, y) => ((x.charCodeAt(0) * 31 + seed) % 7) - ((y.charCodeAt(0) * 31 + seed) % 7));
        return wordDistance(a, b, T) === wordDistance(shuffled.reverse(), b, T);
      }),
    );
  });
  test('the canonical spelling does not depend on word order or separators', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), (words) => {
        // A lone placeholder word ("name", "none") is no usable name in either order: both undefined.
        return prepareName(words.join('^'))?.canonical === prepareName([...words].reverse().join(', '))?.canonical;
      }),
    );
  });
  test('one typo in a long enough two-word name still matches', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{5,10}$/), fc.stringMatching(/^[a-z]{5,10}$/), fc.nat(), fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), (family, given, at, letter) => {
        const i = at % family.length;
        const typo = family.slice(0, i) + letter + family.slice(i + 1);
        return distance(`${family}^${given}`, `${given} ${typo}`) <= T;
      }),
    );
  });
  test('unrelated random names do not match', () => {
    // Disjoint alphabets: no word, initial or run-together string can come within 0.2.
    const left = fc.stringMatching(/^[a-m]{4,9}$/);
    const right = fc.stringMatching(/^[n-z]{4,9}$/);
    fc.assert(fc.property(left, left, right, right, (a1, a2, b1, b2) => distance(`${a1}^${a2}`, `${b1} ${b2}`) > T));
  });
});
