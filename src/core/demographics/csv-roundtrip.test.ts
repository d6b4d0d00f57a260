import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SpreadsheetError } from '../errors.ts';
import { DELIMITERS, parseCsv } from './csv-parse.ts';
import { encodeCsv, neutralizeFormula } from './csv-write.ts';
import { parseDemographicsCsv } from './read-csv.ts';
import { decodeSpreadsheetText } from './text-decode.ts';

/** Text full of what breaks CSV: delimiters, quotes, line breaks, formula starts, spaces. */
const nastyText = fc.string({ unit: fc.constantFrom('a', 'é', '日', ' ', ';', ',', '\t', '|', '"', '\n', '\r', '=', '+', '-', '@', "'", '1', '.'), maxLength: 12 });

describe('CSV round trip (property)', () => {
  it('every table written by encodeCsv reads back cell for cell, formulas neutralised', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DELIMITERS),
        fc.integer({ min: 2, max: 5 }).chain((width) => fc.array(fc.array(nastyText, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 })),
        (delimiter, table) => {
          const [columns, ...rows] = table;
          const { text, encoding } = decodeSpreadsheetText(encodeCsv({ columns: columns!, rows }, delimiter));
          assert.equal(encoding, 'utf-8-bom');
          const parsed = parseCsv(text, delimiter);
          assert.equal(parsed.unterminatedQuoteLine, undefined);
          assert.deepEqual(parsed.records.map((record) => record.cells), table.map((row) => row.map(neutralizeFormula)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any bytes give a table or a SpreadsheetError, never another failure', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), nastyText.map((text) => new TextEncoder().encode(`name;nom;prenom;dob\n${text}`))), (bytes) => {
        try {
          parseDemographicsCsv(bytes, 'fuzz.csv');
        } catch (error) {
          assert.ok(error instanceof SpreadsheetError, String(error));
        }
      }),
      { numRuns: 500 },
    );
  });
});
