import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type DemographicsRow, type LinkablePatient, type LinkOptions, linkPatients } from './link.ts';

const T = { distance: 0.2 };
const rows = (...names: (string | Partial<DemographicsRow>)[]): DemographicsRow[] =>
  names.map((item, i) => (typeof item === 'string' ? { row: i + 2, name: item } : { row: i + 2, name: '', ...item }));
const one = (patient: LinkablePatient | string, sheet: DemographicsRow[], options: LinkOptions = T) =>
  linkPatients([typeof patient === 'string' ? { names: [patient] } : patient], sheet, options)[0]!;

describe('fuzzy links', () => {
  const cases: [string, string[], number | 'none', string][] = [
    ['DUPONT^Jean', ['Jean Dupond', 'Marie Curie'], 2, 'swapped first/last, one typo'],
    ['Éloïse^Müller', ['Eloise Mueller'], 2, 'accents vs none, umlaut as ue'],
    ['DUPONT^Jean^Marc', ['Jean Dupont', 'Jean-Paul Martin'], 2, 'extra given name in the DICOM'],
    ['Dupont^J', ['Jean Dupont'], 2, 'initial'],
    ['DE LA FONTAINE^Jean', ['Jean Delafontaine'], 2, 'particles written glued'],
    ['Martin^Jean', ['Jeanne Martinez'], 'none', 'the contract example: no match'],
    ['Dupont^Jean', ['Jean Dubois'], 'none', 'typo beyond the threshold'],
    ['Dupont^Jean', ['Dupont'], 'none', 'missing given name on the row'],
    ['Yamada^Tarou', ['山田 太郎', 'Yamada Taro'], 3, 'alphabetic group vs romaji row; taro/tarou 1/5'],
    ['山田^太郎', ['山田太郎'], 2, 'ideographic group vs a row in kanji'],
  ];
  for (const [patient, sheet, expected, why] of cases) {
    test(`${patient} → ${expected === 'none' ? 'no row' : `row ${expected}`} (${why})`, () => {
      const outcome = one(patient, rows(...sheet));
      if (expected === 'none') assert.deepEqual(outcome, { status: 'missing', reason: 'no-match' });
      else assert.equal(outcome.status === 'linked' && outcome.row, expected);
    });
  }

  test('each PN group is a spelling: the phonetic or ideographic one may be the one that links', () => {
    const outcome = one({ names: ['Hong^Gildong', '洪^吉洞', '홍^길동'] }, rows('홍길동'));
    assert.deepEqual(outcome, { status: 'linked', row: 2, score: 0, by: 'match' });
  });

  test('the best score wins over another row within the threshold', () => {
    const outcome = one('Dupont^Jean', rows('Jean Dupond', 'Jean Dupont'));
    assert.deepEqual(outcome, { status: 'linked', row: 3, score: 0, by: 'match' });
  });
});

describe('ambiguity and tie-breakers', () => {
  test('two rows equally close, nothing to tell them apart: ambiguous, not guessed', () => {
    const outcome = one('Dupont^Jean', rows('Jean Dupond', 'Jean Dupons'));
    assert.deepEqual(outcome, { status: 'ambiguous', rows: [2, 3], score: 0 });
  });
  test('the birth date breaks the tie when both sides have one', () => {
    const sheet = rows({ name: 'Jean Dupont', birthDate: '19500101' }, { name: 'Jean Dupont', birthDate: '19800315' });
    assert.equal(one({ names: ['DUPONT^Jean'], birthDate: '19800315' }, sheet).status === 'linked' && 3, 3);
    assert.equal(one({ names: ['DUPONT^Jean'] }, sheet).status, 'ambiguous');
  });
  test('sex breaks the tie too', () => {
    const sheet = rows({ name: 'Camille Martin', sex: 'F' }, { name: 'Camille Martin', sex: 'M' });
    const outcome = one({ names: ['MARTIN^Camille'], sex: 'M' }, sheet);
    assert.equal(outcome.status === 'linked' && outcome.row, 3);
  });
  test('a row whose birth date differs is never linked (a homonym)', () => {
    const sheet = rows({ name: 'Jean Dupont', birthDate: '19500101' });
    assert.deepEqual(one({ names: ['DUPONT^Jean'], birthDate: '19800315' }, sheet), { status: 'missing', reason: 'conflict', rows: [2] });
  });
  test('a row written twice is one row, not an ambiguity', () => {
    const sheet = rows({ name: 'Jean Dupont', content: 'Jean Dupont;42' }, { name: 'Jean Dupont', content: 'Jean Dupont;42' });
    assert.deepEqual(one('DUPONT^Jean', sheet), { status: 'linked', row: 2, score: 0, by: 'match' });
    const different = rows({ name: 'Jean Dupont', content: 'Jean Dupont;42' }, { name: 'Jean Dupont', content: 'Jean Dupont;43' });
    assert.equal(one('DUPONT^Jean', different).status, 'ambiguous');
  });
  test('two patients claiming one row: the strictly better one keeps it, the other is ambiguous', () => {
    const outcomes = linkPatients([{ names: ['DUPONT^Jean'] }, { names: ['DUPOND^Jean'] }], rows('Jean Dupont'), T);
    assert.deepEqual(outcomes, [
      { status: 'linked', row: 2, score: 0, by: 'match' },
      { status: 'ambiguous', rows: [2], score: 0 },
    ]);
  });
  test('homonyms (same name, no way to tell) are both ambiguous', () => {
    const outcomes = linkPatients([{ names: ['DUPONT^Jean'] }, { names: ['Dupont^Jean'] }], rows('Jean Dupont'), T);
    assert.deepEqual(outcomes.map((outcome) => outcome.status), ['ambiguous', 'ambiguous']);
  });
});

describe('explicit choices (links.csv)', () => {
  const sheet = rows('Jean Dupond', 'Jean Dupons', 'Marie Curie');
  test('resolve an ambiguity', () => {
    const outcome = one('DUPONT^Jean', sheet, { ...T, choices: [{ dicomName: 'DUPONT^Jean', demographicsName: 'Jean Dupons' }] });
    assert.deepEqual(outcome, { status: 'linked', row: 3, score: 0, by: 'choice' });
  });
  test('override a fuzzy link, even to a row that does not match', () => {
    const outcome = one('DUPONT^Jean', sheet, { ...T, choices: [{ dicomName: 'Jean Dupont', demographicsName: 'Marie Curie' }] });
    assert.equal(outcome.status === 'linked' && outcome.row, 4);
  });
  test('say "no row"', () => {
    const outcome = one('DUPONT^Jean', sheet, { ...T, choices: [{ dicomName: 'DUPONT^Jean', demographicsName: undefined }] });
    assert.deepEqual(outcome, { status: 'missing', reason: 'chosen-none' });
  });
  test('name a row that is not there', () => {
    const outcome = one('DUPONT^Jean', sheet, { ...T, choices: [{ dicomName: 'DUPONT^Jean', demographicsName: 'Paul Durand' }] });
    assert.deepEqual(outcome, { status: 'missing', reason: 'choice-not-found' });
  });
  test('a chosen row is no longer open to other patients', () => {
    const outcomes = linkPatients([{ names: ['DUPONS^Jean'] }, { names: ['DUPONT^Jean'] }], sheet, {
      ...T,
      choices: [{ dicomName: 'Dupons Jean', demographicsName: 'Jean Dupons' }],
    });
    assert.deepEqual(outcomes[1], { status: 'linked', row: 2, score: 0, by: 'match' });
  });
});

describe('link properties', () => {
  const word = fc.stringMatching(/^[a-m]{5,10}$/);
  const stranger = fc.stringMatching(/^[n-z]{4,10}$/);
  test('a typo within the threshold still links to the right row, among unrelated rows', () => {
    fc.assert(
      fc.property(word, word, fc.nat(), fc.array(fc.tuple(stranger, stranger), { maxLength: 20 }), (family, given, at, others) => {
        const i = at % family.length;
        const typo = `${family.slice(0, i)}${family[i] === 'a' ? 'b' : 'a'}${family.slice(i + 1)}`;
        const sheet = rows(...others.map(([f, g]) => `${g} ${f}`), `${given} ${family}`);
        const outcome = one(`${typo.toUpperCase()}^${given}`, sheet);
        return outcome.status === 'linked' && outcome.row === sheet.length + 1;
      }),
    );
  });
  test('unrelated random names never link', () => {
    fc.assert(
      fc.property(word, word, fc.array(fc.tuple(stranger, stranger), { minLength: 1, maxLength: 20 }), (family, given, others) => {
        const outcome = one(`${family}^${given}`, rows(...others.map(([f, g]) => `${g} ${f}`)));
        return outcome.status === 'missing';
      }),
    );
  });
});

describe('the index gives the same links as comparing every pair', () => {
  const syllable = fc.constantFrom('ma', 'ri', 'du', 'pon', 'jean', 'an', 'ne', 'lu', 'o', 'ka', 'z', 'e', 'mar', 'tin');
  const word = fc.array(syllable, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(''));
  const name = fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.join(' '));
  test('on random names from a small alphabet (many near misses)', () => {
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 8 }), fc.array(name, { minLength: 1, maxLength: 30 }), fc.constantFrom(0, 0.1, 0.2, 0.3, 0.5), (patients, sheet, distance) => {
        const p = patients.map((text) => ({ names: [text] }));
        const r = sheet.map((text, i) => ({ row: i, name: text }));
        assert.deepEqual(linkPatients(p, r, { distance }), linkPatients(p, r, { distance, exhaustive: true }));
      }),
      { numRuns: 300 },
    );
  });
});
