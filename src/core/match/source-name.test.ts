import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sourceNameMatch, sourceSpelling } from './source-name.ts';

test('a folder or zip name without dates, numbers and extension', () => {
  assert.equal(sourceSpelling('DUPONT_Jean_2024-03-01.zip'), 'DUPONT Jean');
  assert.equal(sourceSpelling('0042 - Martin Camille'), 'Martin Camille');
  assert.equal(sourceSpelling('20240301'), undefined);
  assert.equal(sourceSpelling('CQ500-CT-310'), 'CQ500-CT');
});

test('keeps the words a hyphen alone joins joined: a compound family name', () => {
  assert.equal(sourceSpelling('Brannigan-Moyle_Ciara.zip'), 'Brannigan-Moyle Ciara');
  assert.equal(sourceSpelling('Brannigan - Moyle'), 'Brannigan Moyle');
  assert.equal(sourceSpelling('Brannigan-2024-Moyle'), 'Brannigan Moyle');
  assert.equal(sourceSpelling('Brannigan.Moyle'), 'Brannigan Moyle');
});

test('a placeholder folder name is no spelling', () => {
  for (const name of ['patient07', 'Case 12', 'anonymous.zip', 'XXXX', 'subject_0042']) assert.equal(sourceSpelling(name), undefined, name);
  assert.equal(sourceSpelling('Hartigan Roisin'), 'Hartigan Roisin');
});

test('counts as a spelling only when it matches the patient', () => {
  assert.equal(sourceNameMatch('DUPONT_Jean_2024-03-01.zip', ['Dupont^Jean'], 0.2), 'DUPONT Jean');
  // One extra word beside the two of the name: 1 − 4/5 = 0.2, still a match.
  assert.equal(sourceNameMatch('Jean Dupond (IRM)', ['Dupont^Jean'], 0.2), 'Jean Dupond IRM');
  assert.equal(sourceNameMatch('Jean Dupond IRM cerebrale', ['Dupont^Jean'], 0.2), undefined);
  assert.equal(sourceNameMatch('case_0042', ['Dupont^Jean'], 0.2), undefined);
  assert.equal(sourceNameMatch('山田太郎', ['Yamada^Tarou', '山田^太郎'], 0.2), '山田太郎');
});
