import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { type Identity, groupIdentities } from './group.ts';
import { matchDistance } from './measures.ts';
import { prepareName } from './name.ts';

const T = { distance: 0.2 };
let n = 0;
const id = (names: string | string[], more: Partial<Identity> = {}): Identity => ({
  key: `k${n++}`,
  names: typeof names === 'string' ? [names] : names,
  source: 'S1',
  ...more,
});
const shape = (identities: Identity[]) =>
  groupIdentities(identities, T)
    .patients.map((patient) => patient.members.map((member) => member.key).sort().join('+'))
    .sort();

describe('grouping identities into patients', () => {
  test('spellings of one patient in one source are one patient', () => {
    const a = id('DUPONT^Jean');
    const b = id('Dupont^Jean^Marc');
    const c = id('DUPOND^JEAN');
    assert.deepEqual(shape([a, b, c]), [[a, b, c].map((x) => x.key).sort().join('+')]);
  });

  test('across sources a matching name needs the same PatientID or birth date', () => {
    const a = id('DUPONT^Jean', { source: 'visit1', patientId: '123' });
    const b = id('dupont jean-marc', { source: 'visit2', patientId: '123' });
    const c = id('Dupont^Jean', { source: 'visit3', birthDate: '19800315' });
    const d = id('Dupont^Jean', { source: 'visit4', birthDate: '19800315' });
    const e = id('Dupont^Jean', { source: 'visit5' });
    const grouping = groupIdentities([a, b, c, d, e], T);
    assert.deepEqual(shape([a, b, c, d, e]).length, 3);
    const byKey = (key: string) => grouping.patients.findIndex((p) => p.members.some((m) => m.key === key));
    assert.equal(byKey(a.key), byKey(b.key));
    assert.equal(byKey(c.key), byKey(d.key));
    assert.ok(grouping.homonyms.some((h) => h.differs.length === 0 && h.patients.includes(byKey(e.key))), 'the unlinked same name is reported');
  });

  test('different PatientIDs, birth dates or sexes never merge, and are reported as homonyms', () => {
    for (const [field, x, y, difference] of [
      ['patientId', '1', '2', 'patient-id'],
      ['birthDate', '19500101', '19800315', 'birth-date'],
      ['sex', 'M', 'F', 'sex'],
    ] as const) {
      const a = id('Martin^Camille', { [field]: x });
      const b = id('MARTIN^CAMILLE', { [field]: y });
      const grouping = groupIdentities([a, b], T);
      assert.equal(grouping.patients.length, 2, field);
      assert.deepEqual(grouping.homonyms, [{ patients: [0, 1], differs: [difference] }]);
      assert.deepEqual(grouping.splitSources, ['S1']);
    }
  });

  test('a value on one side only is no conflict', () => {
    assert.equal(groupIdentities([id('Martin^Camille', { sex: 'F' }), id('Martin^Camille')], T).patients.length, 1);
  });

  test('identities with no usable name: by PatientID, else their source’s only patient, else the source', () => {
    const named = id('DUPONT^Jean', { source: 'A', patientId: '77' });
    const anonymizedSameId = id('Anonymized', { source: 'B', patientId: '77' });
    const emptyInA = id('', { source: 'A' });
    const emptyInC = id('^^', { source: 'C' });
    const emptyInC2 = id('Unknown', { source: 'C' });
    const grouping = groupIdentities([named, anonymizedSameId, emptyInA, emptyInC, emptyInC2], T);
    assert.deepEqual(
      grouping.patients.map((p) => [p.basis, p.members.map((m) => m.key).sort().join('+'), p.identity]),
      [
        ['name', [named.key, anonymizedSameId.key, emptyInA.key].sort().join('+'), 'dupont jean'],
        ['source', [emptyInC.key, emptyInC2.key].sort().join('+'), 'source:C'],
      ],
    );
  });

  test('Japanese, Korean and Chinese PN groups: any group can match', () => {
    const a = id(['Yamada^Tarou', '山田^太郎', 'やまだ^たろう'], { source: 'x', patientId: 'J1' });
    const b = id(['山田^太郎'], { source: 'y', patientId: 'J1' });
    const c = id(['Hong^Gildong', '洪^吉洞', '홍^길동'], { source: 'x' });
    const d = id(['홍^길동'], { source: 'x' });
    const e = id(['Wang^XiaoDong', '王^小东'], { source: 'x' });
    assert.equal(groupIdentities([a, b, c, d, e], T).patients.length, 3);
  });

  test('the identity an id comes from: the first sorted spelling, plus the birth date', () => {
    const grouping = groupIdentities([id('Jean DUPONT', { birthDate: '19800315' }), id('DUPONT^Jean^Marc')], T);
    assert.equal(grouping.patients[0]!.identity, 'dupont jean|19800315');
  });
});

describe('grouping properties', () => {
  const syllable = fc.constantFrom('ma', 'ri', 'du', 'pon', 'jean', 'an', 'ne', 'lu', 'ka', 'mar', 'tin', 'o');
  const word = fc.array(syllable, { minLength: 2, maxLength: 3 }).map((parts) => parts.join(''));
  const identity = fc.record({
    // Placeholders such as "ooo" (one repeated character) are no names: the property is about names.
    names: fc
      .array(word, { minLength: 1, maxLength: 3 })
      .map((words) => [words.join('^')])
      .filter(([name]) => prepareName(name!) !== undefined),
    source: fc.constantFrom('A', 'B'),
    patientId: fc.option(fc.constantFrom('1', '2'), { nil: undefined }),
    birthDate: fc.option(fc.constantFrom('19800101', '19900101'), { nil: undefined }),
  });
  const identities = fc.array(identity, { minLength: 1, maxLength: 12 }).map((list) => list.map((item, i) => ({ ...item, key: `k${i}` })));

  test('never chains: every member matches the group’s first spelling, and no group mixes conflicting values', () => {
    fc.assert(
      fc.property(identities, (list) => {
        for (const patient of groupIdentities(list, T).patients) {
          const anchor = patient.members[0]!.names.map((name) => prepareName(name)!);
          for (const member of patient.members) {
            const names = member.names.map((name) => prepareName(name)!);
            assert.ok(matchDistance(names, anchor, 0.2) <= 0.2 + 1e-9, `${member.names} ~ ${patient.members[0]!.names}`);
          }
          for (const field of ['patientId', 'birthDate'] as const) {
            assert.ok(new Set(patient.members.map((m) => m[field]).filter((v) => v !== undefined)).size <= 1, field);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  test('does not depend on the order identities are given in', () => {
    fc.assert(
      fc.property(identities, (list) => {
        const forward = groupIdentities(list, T).patients.map((p) => p.members.map((m) => m.key).join('+'));
        const backward = groupIdentities([...list].reverse(), T).patients.map((p) => p.members.map((m) => m.key).join('+'));
        assert.deepEqual(backward, forward);
      }),
      { numRuns: 300 },
    );
  });
});
