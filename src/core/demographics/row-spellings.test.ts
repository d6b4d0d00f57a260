import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildNameIndex, findNames } from '../anonymize/index.ts';
import { buildNeedles, searchText } from '../verify/index.ts';
import { parseDemographicsCsv } from './read-csv.ts';
import { rowSpellings } from './row-spellings.ts';

const sheet = (text: string) => parseDemographicsCsv(new TextEncoder().encode(text), 'demo.csv').rows;

describe('rowSpellings: what a linked row adds to its patient', () => {
  it('spells a row of family and given columns as a PN, so the family name is known', () => {
    const [row] = sheet('patient_id;last_name;first_name;birth_name\r\nBM4242;Brannigan-Moyle;Ciara;Kerr\r\n');
    assert.deepEqual(rowSpellings(row!), ['Brannigan-Moyle^Ciara', 'Kerr^Ciara']);
  });

  it('keeps a name column as written: it does not say which words are the family name', () => {
    const [row] = sheet('name;dob\r\nCiara Brannigan-Moyle;1980-01-02\r\n');
    assert.deepEqual(rowSpellings(row!), ['Ciara Brannigan-Moyle']);
  });

  it("has each long part of a compound family name found in other patients' text, never the given name", () => {
    const [row] = sheet('patient_id;last_name;first_name\r\nBM4242;Brannigan-Moyle;Ciara\r\n');
    // The files spell only part of the family name; the row links by its id.
    const patient = { id: 'subj_B', spellings: ['BRANNIGAN^Ciara', ...rowSpellings(row!)], patientIds: ['BM4242'] };
    const text = 'Moyle saw Ciara, then Dr Moyle';
    const finder = findNames(buildNameIndex([patient]), text).map((span) => text.slice(span.start, span.end));
    const verifier = searchText(buildNeedles([patient]), text, undefined).map((hit) => text.slice(hit.start, hit.end));
    assert.deepEqual(finder, ['Moyle', 'Moyle']);
    assert.deepEqual(verifier, ['Moyle', 'Moyle']);
  });
});
