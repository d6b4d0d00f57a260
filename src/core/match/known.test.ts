import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KnownPatients } from './known.ts';

const T = { distance: 0.2 };
const known = new KnownPatients(
  [
    { id: 'subj_A', names: ['DUPONT^Jean'], patientIds: ['123'], birthDate: '19800315', sources: ['visit1'] },
    { id: 'subj_B', names: ['MARTIN^Camille'], sources: ['case2'] },
    { id: 'subj_C', names: ['MARTIN^Camille'], sources: ['case3'] },
    { id: 'subj_D', names: [], patientIds: ['ANON-9'], sources: ['x'] },
    { id: 'subj_E', names: [], sources: ['loose'] },
  ],
  T,
);

describe('recognising known patients on a later run', () => {
  test('a new spelling in the same source keeps the id', () => {
    assert.deepEqual(known.resolve({ names: ['dupont jean-marc'], sources: ['visit1'] }), { status: 'known', id: 'subj_A', distance: 0.2 });
  });
  test('from a new source, the same PatientID or birth date is needed', () => {
    assert.equal(known.resolve({ names: ['Jean Dupond'], patientId: '123', sources: ['visit2'] }).status, 'known');
    assert.equal(known.resolve({ names: ['Jean Dupond'], birthDate: '19800315', sources: ['visit2'] }).status, 'known');
    assert.deepEqual(known.resolve({ names: ['Jean Dupond'], sources: ['visit2'] }), { status: 'new' });
  });
  test('a different PatientID, birth date or sex is a new patient', () => {
    assert.deepEqual(known.resolve({ names: ['DUPONT^Jean'], patientId: '999', sources: ['visit1'] }), { status: 'new' });
    assert.deepEqual(known.resolve({ names: ['DUPONT^Jean'], birthDate: '19500101', sources: ['visit1'] }), { status: 'new' });
  });
  test('homonyms are told apart by their source', () => {
    assert.deepEqual(known.resolve({ names: ['Martin^Camille'], sources: ['case3'] }), { status: 'known', id: 'subj_C', distance: 0 });
  });
  test('nameless patients: by PatientID, else by source', () => {
    assert.deepEqual(known.resolve({ names: ['Anonymized'], patientId: 'ANON-9', sources: ['elsewhere'] }), { status: 'known', id: 'subj_D', distance: 0 });
    assert.deepEqual(known.resolve({ names: [], sources: ['loose'] }), { status: 'known', id: 'subj_E', distance: 0 });
    assert.deepEqual(known.resolve({ names: [], sources: ['new'] }), { status: 'new' });
  });
  test('two known patients fitting equally well: ambiguous, not guessed', () => {
    const twins = new KnownPatients(
      [
        { id: 'subj_X', names: ['Lee^Min'], sources: ['a'] },
        { id: 'subj_Y', names: ['Lee^Min'], sources: ['a'] },
      ],
      T,
    );
    assert.deepEqual(twins.resolve({ names: ['LEE^MIN'], sources: ['a'] }), { status: 'ambiguous', ids: ['subj_X', 'subj_Y'] });
  });
});
