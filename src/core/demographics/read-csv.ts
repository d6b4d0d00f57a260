/**
 * A CSV demographics file from its bytes: format check, encoding, delimiter, records, table.
 */
import { detectDelimiter, parseCsv } from './csv-parse.ts';
import { sniffSpreadsheet, unreadableKindMessage } from './sniff.ts';
import { buildDemographicsTable, type DemographicsTable, sheetError } from './table.ts';
import { decodeSpreadsheetText } from './text-decode.ts';

/**
 * Reads a demographics CSV. `path` only names the file in messages. Throws SpreadsheetError
 * (`E_SHEET_FORMAT` for a workbook, DICOM, PDF or binary file given as CSV; `E_SHEET_EMPTY`,
 * `E_SHEET_QUOTE`, `E_SHEET_TOO_LARGE`, `E_SHEET_NO_NAME_COLUMN`, `E_SHEET_NO_ROWS`).
 */
export function parseDemographicsCsv(bytes: Uint8Array, path: string): DemographicsTable {
  const kind = sniffSpreadsheet(bytes);
  if (kind === 'xlsx') {
    throw sheetError('E_SHEET_FORMAT', path, undefined, 'this is a zip or .xlsx workbook, not CSV text: expected a CSV file here');
  }
  const problem = unreadableKindMessage(kind);
  if (problem !== undefined) throw sheetError(kind === 'empty' ? 'E_SHEET_EMPTY' : 'E_SHEET_FORMAT', path, undefined, problem);
  const { text, encoding } = decodeSpreadsheetText(bytes);
  if (text.trim() === '') throw sheetError('E_SHEET_EMPTY', path, undefined, unreadableKindMessage('empty')!);
  const delimiter = detectDelimiter(text);
  const parsed = parseCsv(text, delimiter);
  if (parsed.unterminatedQuoteLine !== undefined) {
    throw sheetError('E_SHEET_QUOTE', path, parsed.unterminatedQuoteLine, 'a quoted cell opens here and is never closed: expected a closing double quote (") before the end of the file');
  }
  if (parsed.tooLargeLine !== undefined) {
    throw sheetError('E_SHEET_TOO_LARGE', path, parsed.tooLargeLine, 'more rows or columns than a spreadsheet can hold (1,048,576 rows, 16,384 columns)');
  }
  return buildDemographicsTable(parsed.records, { path, format: 'csv', encoding, delimiter });
}
