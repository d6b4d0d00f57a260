import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPlaceholder, isPlaceholderId } from './placeholders.ts';

describe('placeholders', () => {
  for (const value of ['', '  ', 'Anonymized', 'ANONYMOUS', 'Unknown', 'None', 'Patient', 'Test', 'NAME^PATIENT', 'Patient^Test', 'patient07', 'Test 3', 'xxxxxx', 'XXX^XXX', '99999', '0123456789', '12345', 'N/A', 'Case 12', 'Sample', 'Test Case', 'BLANK^BLANK']) {
    it(`${JSON.stringify(value)} names nobody`, () => assert.equal(isPlaceholder(value), true));
  }
  for (const value of ['Hartigan Roisin', 'NG-LI^Mei', "O'DAY", 'Li', 'Oo', 'Testard^Paul', '山田^太郎', '48213', '13579', 'CASE^PAT', 'Blank Nan', 'NO^NA']) {
    it(`${JSON.stringify(value)} is a name`, () => assert.equal(isPlaceholder(value), false));
  }
  for (const value of ['', 'UNKNOWN', '000000', 'XXXXXX', '0123456789', '12345']) {
    it(`PatientID ${JSON.stringify(value)} identifies nobody`, () => assert.equal(isPlaceholderId(value), true));
  }
  for (const value of ['PAT12345', 'CASE0042', 'Patient07', '98765', 'HRT54507']) {
    it(`PatientID ${JSON.stringify(value)} is an id`, () => assert.equal(isPlaceholderId(value), false));
  }
});
