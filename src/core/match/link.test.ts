import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type DemographicsRow, type LinkablePatient, type LinkOptions, type LinkOutcome, linkPatients } from './link.ts';

const T = { distance: 0.2 };
const rows = (...names: (string | Partial<DemographicsRow>)[]): DemographicsRow[] =>
  names.map((item, i) => (typeof item === 'string' ? { row: i + 2, name: item } : { row: i + 2, name: '', ...item }));
const one = (patient: LinkablePatient | string, sheet: DemographicsRow[], options: LinkOptions = T) =>
  linkPatients([typeof patient === 'string' ? { names: [patient] } : patient], sheet, options)[0]!;
/** An outcome without its evidence, for comparing the decision alone. */
const bare = (outcome: LinkOutcome) => {
  const { evidence: _evidence, ...rest } = outcome as LinkOutcome & { evidence?: unknown };
  return rest;
};

describe('fuzzy links', () => {
  const cases: [string, string[], number | 'none', string][] = [
    ['DUPONT^Jean', ['Jean Dupond', 'Marie Curie'], 2, 'swapped first/last, one typo'],
    ['Éloïse^Müller', ['Eloise Mueller'], 2, 'accents vs none, umlaut as ue'],
    ['DUPONT^Jean^Marc', ['Jean Dupont', 'Jean-Paul Martin'], 2, 'extra given name in the DICOM'],
    ['DUPONT^Jean^Marc', ['Jean Dupont', 'Jean-Paul Martinez'], 2, 'extra given name in the DICOM, a longer name beside it'],
    ['DE LA FONTAINE^Jean', ['Jean Delafontaine'], 2, 'particles written glued'],
    ['Martin^Jean', ['Jeanne Martinez'], 'none', 'the contract example: no match'],
    ['Dupont^Jean', ['Jean Dubois'], 'none', 'typo beyond the threshold'],
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
    assert.deepEqual(bare(outcome), { status: 'linked', row: 2, score: 0, by: 'match' });
  });

  test('without a birth date, the closest spelling is only suggested when another row is as close by the measures', () => {
    const outcome = one('Dupont^Jean', rows('Jean Dupond', 'Jean Dupont'));
    assert.deepEqual(bare(outcome), { status: 'suggested', row: 3, score: 0 });
  });
  test('the same birth date settles it', () => {
    const outcome = one({ names: ['Dupont^Jean'], birthDate: '19800315' }, rows({ name: 'Jean Dupond', birthDate: '19800315' }, { name: 'Jean Dupont' }));
    assert.deepEqual(bare(outcome), { status: 'linked', row: 2, score: 0, by: 'match' });
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
  test('sex breaks the tie too (twins of the same name and birth date)', () => {
    const sheet = rows({ name: 'Camille Martin', sex: 'F', birthDate: '20010203' }, { name: 'Camille Martin', sex: 'M', birthDate: '20010203' });
    const outcome = one({ names: ['MARTIN^Camille'], sex: 'M', birthDate: '20010203' }, sheet);
    assert.equal(outcome.status === 'linked' && outcome.row, 3);
  });
  test('a row whose birth date differs is never linked, only suggested (a homonym, or a wrong date)', () => {
    const sheet = rows({ name: 'Jean Dupont', birthDate: '19500101' });
    assert.equal(one({ names: ['DUPONT^Jean'], birthDate: '19800315' }, sheet).status, 'suggested');
  });
  test('a row written twice is one row, not an ambiguity', () => {
    const sheet = rows({ name: 'Jean Dupont', content: 'Jean Dupont;42' }, { name: 'Jean Dupont', content: 'Jean Dupont;42' });
    assert.deepEqual(bare(one('DUPONT^Jean', sheet)), { status: 'linked', row: 2, score: 0, by: 'match' });
    const different = rows({ name: 'Jean Dupont', content: 'Jean Dupont;42' }, { name: 'Jean Dupont', content: 'Jean Dupont;43' });
    assert.equal(one('DUPONT^Jean', different).status, 'ambiguous');
  });
  test('two patients claiming one row: the strictly better one keeps it, the other is ambiguous', () => {
    const outcomes = linkPatients([{ names: ['DUPONT^Jean'] }, { names: ['DUPOND^Jean'] }], rows('Jean Dupont'), T);
    assert.deepEqual(outcomes.map(bare), [
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
    assert.deepEqual(bare(outcome), { status: 'linked', row: 3, score: 0, by: 'choice' });
  });
  test('override a fuzzy link, even to a row that does not match', () => {
    const outcome = one('DUPONT^Jean', sheet, { ...T, choices: [{ dicomName: 'Jean Dupont', demographicsName: 'Marie Curie' }] });
    assert.equal(outcome.status === 'linked' && outcome.row, 4);
  });
  test('say "no row"', () => {
    const outcome = one('DUPONT^Jean', sheet, { ...T, choices: [{ dicomName: 'DUPONT^Jean', demographicsName: undefined }] });
    assert.deepEqual(outcome, { status: 'missing', reason: 'chosen-none' });
  });
  test('confirm a suggestion: the same pair, now linked by choice', () => {
    const sheet = rows({ name: 'Talia', birthDate: '19830601' });
    assert.equal(one({ names: ['MILLAR^TALIA'], birthDate: '19830602' }, sheet).status, 'suggested');
    const outcome = one({ names: ['MILLAR^TALIA'], birthDate: '19830602' }, sheet, { ...T, choices: [{ dicomName: 'MILLAR^TALIA', demographicsName: 'Talia' }] });
    assert.equal(outcome.status === 'linked' && `${outcome.row} ${outcome.by}`, '2 choice');
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
    assert.deepEqual(bare(outcomes[1]!), { status: 'linked', row: 2, score: 0, by: 'match' });
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
  test('with birth dates (same, near, other, invalid), sexes, ids, marked family names and names from a folder or none', () => {
    const date = fc.constantFrom(undefined, '19830601', '19830610', '19830106', '19830604', '19541103', '19831345');
    const sex = fc.constantFrom(undefined, 'M', 'F');
    const id = fc.constantFrom(undefined, 'A1', 'B2');
    const pn = fc.tuple(word, word).map(([family, given]) => `${family}^${given}`);
    const patient = fc.record({
      names: fc.array(fc.oneof(pn, name), { minLength: 0, maxLength: 2 }),
      namesFromSource: fc.boolean(),
      birthDate: date,
      sex,
      patientIds: id.map((v) => (v === undefined ? [] : [v])),
    });
    const row = fc.record({ name: fc.oneof(name, fc.constant('')), birthDate: date, sex, id });
    fc.assert(
      fc.property(fc.array(patient, { minLength: 1, maxLength: 6 }), fc.array(row, { minLength: 1, maxLength: 25 }), (patients, sheet) => {
        const r = sheet.map((item, i) => ({ row: i + 2, ...item }));
        assert.deepEqual(linkPatients(patients, r, { distance: 0.2 }), linkPatients(patients, r, { distance: 0.2, exhaustive: true }));
      }),
      { numRuns: 300 },
    );
  });
});

describe('the contract rules, one case each', () => {
  type Side = { name: string; birthDate?: string; sex?: string; id?: string };
  const cases: [rule: string, patient: Side, row: Side, expected: LinkOutcome['status'], evidence?: Partial<Record<'name' | 'birthDate' | 'sex' | 'id', string>>][] = [
    ['names agree fully, same birth date', { name: 'BENNELL^HANNAH', birthDate: '19830601' }, { name: 'hannah bennell', birthDate: '19830601' }, 'linked', { name: 'full', birthDate: 'same' }],
    ['names agree fully, birth date unknown on the row', { name: 'BENNELL^HANNAH', birthDate: '19830601' }, { name: 'Hannah Benell' }, 'linked', { name: 'full', birthDate: 'unknown' }],
    ['an invalid date in the sheet counts as unknown', { name: 'BENNELL^HANNAH', birthDate: '19830601' }, { name: 'Hannah Bennell', birthDate: '19831345' }, 'linked', { birthDate: 'unknown' }],
    ['the family name agrees, same birth date (a replaced given name)', { name: 'BENNELL^HANNAH', birthDate: '19830601' }, { name: 'lachlan bennell', birthDate: '19830601' }, 'linked', { name: 'partial' }],
    ['only a given name agrees, same birth date', { name: 'BENNELL^HANNAH', birthDate: '19830601' }, { name: 'Hannah Crowe', birthDate: '19830601' }, 'suggested', { name: 'partial' }],
    ['the family name agrees, no birth date', { name: 'BENNELL^HANNAH' }, { name: 'lachlan bennell' }, 'suggested', { name: 'partial', birthDate: 'unknown' }],
    ['one-word row, same birth date', { name: 'MILLAR^TALIA', birthDate: '19830601' }, { name: 'talia', birthDate: '19830601' }, 'linked'],
    ['one-word row (the family name), no birth date', { name: 'MILLAR^TALIA', birthDate: '19830601' }, { name: 'millar' }, 'suggested'],
    ['one-word row (a given name), no birth date: too weak to suggest', { name: 'MILLAR^TALIA', birthDate: '19830601' }, { name: 'talia' }, 'missing'],
    ['one-word name in the images, same birth date', { name: 'TALIA', birthDate: '19830601' }, { name: 'Talia Millar', birthDate: '19830601' }, 'linked'],
    ['one-word name in the images, near birth date', { name: 'TALIA', birthDate: '19830601' }, { name: 'Talia Millar', birthDate: '19830607' }, 'suggested', { birthDate: 'near' }],
    ['one-word names on both sides, no birth date', { name: 'CHARLOTTE' }, { name: 'charlotte' }, 'suggested'],
    ['one digit wrong', { name: 'DUPONT^Jean', birthDate: '19830601' }, { name: 'Jean Dupont', birthDate: '19830604' }, 'suggested', { birthDate: 'near' }],
    ['two digits swapped', { name: 'DUPONT^Jean', birthDate: '19830601' }, { name: 'Jean Dupont', birthDate: '19830610' }, 'suggested', { birthDate: 'near' }],
    ['day and month swapped', { name: 'DUPONT^Jean', birthDate: '19830612' }, { name: 'Jean Dupont', birthDate: '19831206' }, 'suggested', { birthDate: 'near' }],
    ['a different birth date', { name: 'DUPONT^Jean', birthDate: '19830612' }, { name: 'Jean Dupont', birthDate: '19541103' }, 'suggested', { birthDate: 'different' }],
    ['different sexes never link', { name: 'DUPONT^Camille', birthDate: '19830612', sex: 'F' }, { name: 'Camille Dupont', birthDate: '19830612', sex: 'M' }, 'suggested', { sex: 'different' }],
    ['… unless the id is equal', { name: 'DUPONT^Camille', birthDate: '19830612', sex: 'F', id: 'IPP042' }, { name: 'Camille Dupont', birthDate: '19830612', sex: 'M', id: 'IPP042' }, 'linked', { id: 'equal' }],
    ['an equal id with a name that disagrees is a suggestion', { name: 'DUPONT^Camille', id: 'IPP042' }, { name: 'Marc Lenoir', id: 'IPP042' }, 'suggested', { name: 'none', id: 'equal' }],
    ['a sheet without names: the id alone links', { name: 'DUPONT^Camille', id: 'IPP042' }, { name: '', id: 'IPP042' }, 'linked', { id: 'equal' }],
    ['a sheet without names: another id is no candidate', { name: 'DUPONT^Camille', id: 'IPP042' }, { name: '', id: 'IPP043' }, 'missing'],
    ['names that disagree: no candidate', { name: 'DUPONT^Camille', birthDate: '19830612' }, { name: 'Marc Lenoir', birthDate: '19830612' }, 'missing'],
  ];
  for (const [rule, patient, row, expected, evidence] of cases) {
    test(`${rule}: ${expected}`, () => {
      const outcome = one(
        { names: [patient.name], birthDate: patient.birthDate, sex: patient.sex, patientIds: patient.id === undefined ? [] : [patient.id] },
        rows({ ...row }),
      );
      assert.equal(outcome.status, expected);
      if (evidence === undefined) return;
      assert.ok(outcome.status === 'linked' || outcome.status === 'suggested');
      const found = { name: outcome.evidence.name.agreement, birthDate: outcome.evidence.birthDate, sex: outcome.evidence.sex, id: outcome.evidence.id };
      for (const [key, value] of Object.entries(evidence)) assert.equal(found[key as keyof typeof found], value, key);
    });
  }

  test('ties between the best candidates stay ambiguous', () => {
    const sheet = rows({ name: 'Jean Dupont', birthDate: '19830612', content: 'a' }, { name: 'Jean Dupont', birthDate: '19830612', content: 'b' });
    assert.deepEqual(one({ names: ['DUPONT^Jean'], birthDate: '19830612' }, sheet), { status: 'ambiguous', rows: [2, 3], score: 0 });
  });

  test('the id column breaks a tie between two rows of the same name', () => {
    const sheet = rows({ name: 'Jean Dupont', id: 'A1' }, { name: 'Jean Dupont', id: 'B2' });
    const outcome = one({ names: ['DUPONT^Jean'], patientIds: ['B2'] }, sheet);
    assert.equal(outcome.status === 'linked' && outcome.row, 3);
    assert.equal(one({ names: ['DUPONT^Jean'], patientIds: ['C3'] }, sheet).status, 'ambiguous');
  });

  describe('an equal id, the patient\'s files holding no name', () => {
    const sheet = rows({ name: 'Jean Dupont', birthDate: '19600101', id: 'MRN4417' }, { name: 'Anne Morel', id: 'MRN5521' });
    const linkedTo = (patient: LinkablePatient, to: DemographicsRow[] = sheet) => {
      const outcome = one(patient, to);
      return outcome.status === 'linked' ? { row: outcome.row, name: outcome.evidence.name.agreement, id: outcome.evidence.id } : outcome.status;
    };

    test('no name at all: nothing speaks against the id, it links', () => {
      assert.deepEqual(linkedTo({ names: [], patientIds: ['MRN4417'] }), { row: 2, name: 'none', id: 'equal' });
    });

    test('a source folder named otherwise ("Study A") is no other person: it links', () => {
      assert.deepEqual(linkedTo({ names: ['Study A'], namesFromSource: true, patientIds: ['MRN4417'] }), { row: 2, name: 'none', id: 'equal' });
    });

    test('a source folder that spells the row\'s name links as any agreeing name does', () => {
      assert.deepEqual(linkedTo({ names: ['Dupont Jean'], namesFromSource: true, patientIds: ['MRN4417'] }), { row: 2, name: 'full', id: 'equal' });
    });

    test('a source folder that spells another row\'s name holds the id back: a suggestion', () => {
      const outcome = one({ names: ['Morel Anne'], namesFromSource: true, patientIds: ['MRN4417'] }, sheet);
      assert.deepEqual([outcome.status, outcome.status === 'suggested' && outcome.row], ['suggested', 2]);
    });

    test('a name the files hold that disagrees stays a suggestion, the same words from a folder do not', () => {
      assert.equal(one({ names: ['LENOIR^Marc'], patientIds: ['MRN4417'] }, sheet).status, 'suggested');
      assert.deepEqual(linkedTo({ names: ['LENOIR^Marc'], namesFromSource: true, patientIds: ['MRN4417'] }), { row: 2, name: 'none', id: 'equal' });
    });

    test('two rows of the id stay ambiguous', () => {
      const twice = rows({ name: 'Jean Dupont', id: 'MRN4417', content: 'a' }, { name: 'Marc Lenoir', id: 'MRN4417', content: 'b' });
      assert.equal(one({ names: [], patientIds: ['MRN4417'] }, twice).status, 'ambiguous');
    });
  });

  test('a strong pair is not applied when another row is nearly as likely', () => {
    // Full name without a birth date against the family name with the same one: a review decides.
    const sheet = rows({ name: 'Hannah Bennell' }, { name: 'Lachlan Bennell', birthDate: '19830601' });
    assert.equal(one({ names: ['BENNELL^HANNAH'], birthDate: '19830601' }, sheet).status, 'suggested');
  });
});
