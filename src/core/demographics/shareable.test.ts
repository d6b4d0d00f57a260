import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identityPredicate } from './identity-text.ts';
import { parseDemographicsCsv } from './read-csv.ts';
import { buildShareableDemographics } from './shareable.ts';

const SHEET = [
  'Nom;Prénom;IPP;Email;Tél.;Adresse;Code postal;Date de naissance;Sexe;Poids;Diagnostic;Commentaire;Médecin',
  'DUPONT;Jean;000123;jd@example.org;06 12 34 56 78;1 rue X;75001;15/03/1980;M;72.5;=cmd|calc;vu par Dr Martin, frère de Dupont;Dr Who',
  'Lefèvre;Zoé;000456;zl@example.org;;;;01/02/1975;F;-1.5;glioma;RAS;Dr No',
  'Absent;Paul;000789;;;;;;M;80;;;',
].join('\n');

describe('buildShareableDemographics', () => {
  const table = parseDemographicsCsv(new TextEncoder().encode(SHEET), 'd.csv');
  const linked = [
    { id: 'subj_ZZ', row: table.rows[0]! },
    { id: 'subj_AA', row: table.rows[1]! },
  ];
  const contains = identityPredicate([{ names: ['DUPONT^Jean'], ids: ['000123'] }, { names: ['Lefèvre Zoé'], ids: ['000456'] }]);
  const result = buildShareableDemographics(table, linked, { dropColumns: ['poids ', 'Nope'], containsIdentity: contains });

  it('puts id first, drops name, identifying and requested columns, and sorts rows by id', () => {
    // A physician's name is not the patient's: kept, as the research profile keeps it in the images.
    assert.deepEqual(result.table.columns, ['id', 'Date de naissance', 'Sexe', 'Diagnostic', 'Commentaire', 'Médecin']);
    assert.deepEqual(result.table.rows, [
      ['subj_AA', '01/02/1975', 'F', 'glioma', 'RAS', 'Dr No'],
      ['subj_ZZ', '15/03/1980', 'M', '=cmd|calc', '', 'Dr Who'],
    ]);
  });

  it('lists every dropped column with its reason, and --drop-columns entries that match nothing', () => {
    assert.deepEqual(result.dropped, [
      { column: 'Nom', reason: 'name' },
      { column: 'Prénom', reason: 'name' },
      { column: 'IPP', reason: 'identifying' },
      { column: 'Email', reason: 'identifying' },
      { column: 'Tél.', reason: 'identifying' },
      { column: 'Adresse', reason: 'identifying' },
      { column: 'Code postal', reason: 'identifying' },
      { column: 'Poids', reason: 'requested' },
    ]);
    assert.deepEqual(result.unknownDropColumns, ['Nope']);
  });

  it('blanks and reports a cell holding a patient name', () => {
    assert.deepEqual(result.blanked, [{ id: 'subj_ZZ', line: 2, column: 'Commentaire' }]);
  });

  it('leaves rows of patients without images out', () => {
    assert.equal(result.table.rows.some((row) => row.includes('80')), false);
  });
});
