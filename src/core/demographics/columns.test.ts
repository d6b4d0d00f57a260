import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findColumnRoles, headerKey, isIdentifyingColumn, isNameColumn, nameColumnIndices } from './columns.ts';

describe('findColumnRoles', () => {
  const cases: [string, string[], number[] | undefined][] = [
    ['a name column', ['Name', 'age'], [0]],
    ['first/last in English', ['first_name', 'Last Name', 'dob'], [1, 0]],
    ['camelCase', ['patientId', 'firstName', 'lastName'], [2, 1]],
    ['given/family', ['Given', 'Family'], [1, 0]],
    ['surname alone', ['Surname', 'age'], [0]],
    ['French nom/prénom', ['NOM', 'Prénom', 'Sexe'], [0, 1]],
    ['French with spaces and accents', ['Nom de famille', 'PRÉNOMS', 'Date de naissance (JJ/MM/AAAA)'], [0, 1]],
    ['birth name as the only family name', ['nom de naissance', 'prenom'], [0, 1]],
    ['German', ['Vorname', 'Nachname', 'Geburtsdatum', 'Geschlecht'], [1, 0]],
    ['Italian nome is the given name', ['Cognome', 'Nome', 'Sesso'], [0, 1]],
    ['no name column', ['patient_id', 'age', 'weight'], undefined],
    ['first name alone is not enough', ['first_name', 'age'], undefined],
  ];
  for (const [label, headers, expected] of cases) {
    it(label, () => assert.deepEqual(nameColumnIndices(findColumnRoles(headers)), expected));
  }

  it('finds the patient id column, not a study subject code', () => {
    const cases: [string[], number | undefined][] = [
      [['patient_id', 'name'], 0], [['Name', 'MRN'], 1], [['nom', 'IPP'], 1], [['PID', 'name'], 0], [['ID', 'name'], 0],
      [['name', 'N° patient'], 1], [['name', 'subject_id'], undefined], [['name', 'age'], undefined],
    ];
    for (const [headers, expected] of cases) assert.equal(findColumnRoles(headers).id, expected, headers.join(','));
  });

  it('finds birth date, sex and the birth name next to the usual name', () => {
    const roles = findColumnRoles(['Nom', 'Nom de naissance', 'Prénom', 'DDN', 'sexe']);
    assert.deepEqual(roles, { family: 0, given: 2, birthName: 1, birthDate: 3, sex: 4 });
    assert.equal(findColumnRoles(['name', 'Date of birth', 'Gender']).birthDate, 1);
    assert.equal(findColumnRoles(['name', 'date_naissance', 'Gender']).sex, 2);
  });
});

describe('headerKey', () => {
  it('ignores case, accents, spaces, underscores and bracketed notes', () => {
    assert.equal(headerKey(' Prénom_Patient '), 'prenompatient');
    assert.equal(headerKey('Date de naissance (JJ/MM/AAAA)'), 'datedenaissance');
    assert.equal(headerKey('lastName'), 'lastname');
  });
});

describe('identifying and name columns', () => {
  const identifying = ['Email', 'e-mail', 'Courriel', 'Phone number', 'Tél.', 'Mobile', 'Adresse', 'Street', 'City', 'Zip code',
    'Code postal', 'CP', 'Hospital number', 'IPP', 'N° IPP', 'MRN', 'NIP', 'NSS', 'SSN', 'Social security number',
    'N° sécurité sociale', 'Patient ID', 'patientId', 'ID', 'Lieu de naissance', 'Telefon', 'Straße', 'PLZ', 'Codice fiscale'];
  for (const header of identifying) it(`${header} is identifying`, () => assert.equal(isIdentifyingColumn(header), true));
  const kept = ['age', 'weight', 'Poids', 'diagnosis', 'Date de naissance', 'sex', 'study_arm', 'Taille (cm)', 'telomere_length', 'hotel', 'description', 'Cell type', 'Emergency admission', 'subject_id', "Nombre d'examens"];
  for (const header of kept) it(`${header} is kept`, () => assert.equal(isIdentifyingColumn(header) || isNameColumn(header), false));
  const names = ['name', 'Nom', 'prénom', 'Nom de naissance', 'maiden name', 'Referring doctor name', 'Initiales'];
  for (const header of names) it(`${header} is a name column`, () => assert.equal(isNameColumn(header), true));
});
