/**
 * A CSV demographics file from its bytes: format check, encoding, delimiter, records, table.
 */
import { type Delimiter, DELIMITERS, detectDelimiter, parseCsv } from './csv-parse.ts';
import { sniffSpreadsheet, unreadableKindMessage } from './sniff.ts';
import { buildDemographicsTable, type DemographicsTable, findHeader, sheetError } from './table.ts';
import { decodeSpreadsheetText } from './text-decode.ts';

const SAMPLE_RECORDS = 50;

/**
 * Below this share of rows shaped like the header, the "header" is a line of prose that happens
 * to hold a word such as "names" (a README given by mistake), not a table.
 */
const MIN_CONSISTENCY = 0.6;

/** A row shaped like a header of `columns` cells: one cell more or less, or only empty cells past it. */
function fitsHeader(cells: readonly string[], columns: number): boolean {
  if (Math.abs(cells.length - columns) <= 1) return true;
  return cells.length > columns && cells.slice(columns).every((cell) => cell.trim() === '');
}

/**
 * The delimiter under which a header with a name column and other columns appears, and the rows
 * under it have as many cells. A file whose only column is the name (`Dupont, Jean` lines) has no
 * delimiter; with no header at all, the plain regularity test decides (the error then lists the
 * columns it split).
 */
function demographicsDelimiter(text: string): Delimiter | undefined {
  let best: { delimiter: Delimiter; consistency: number; columns: number } | undefined;
  for (const delimiter of DELIMITERS) {
    const { records } = parseCsv(text, delimiter, SAMPLE_RECORDS);
    const headerIndex = findHeader(records);
    const columns = records[headerIndex]?.cells.length ?? 0;
    if (columns < 2) continue;
    const body = records.slice(headerIndex + 1);
    const exact = body.length === 0 ? 1 : body.filter((record) => record.cells.length === columns).length / body.length;
    const shaped = body.length === 0 ? 1 : body.filter((record) => fitsHeader(record.cells, columns)).length / body.length;
    if (shaped < MIN_CONSISTENCY) continue;
    const consistency = exact;
    if (best === undefined || consistency > best.consistency || (consistency === best.consistency && columns > best.columns)) {
      best = { delimiter, consistency, columns };
    }
  }
  if (best !== undefined) return best.delimiter;
  if (findHeader(parseCsv(text, undefined, SAMPLE_RECORDS).records) >= 0) return undefined;
  return detectDelimiter(text, SAMPLE_RECORDS);
}

/**
 * Excel's `sep=;` first line names the delimiter; it is blanked (not removed) so line numbers
 * stay those of the file. Without it the delimiter is detected.
 */
function excelSeparatorHint(text: string): { body: string; delimiter: Delimiter | undefined } {
  const hint = /^sep=(.)[ \t]*(?=\r|\n|$)/i.exec(text);
  const named = DELIMITERS.find((candidate) => candidate === hint?.[1]);
  if (hint === null || named === undefined) return { body: text, delimiter: demographicsDelimiter(text) };
  return { body: text.slice(hint[0].length), delimiter: named };
}

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
  const { body, delimiter } = excelSeparatorHint(text);
  const parsed = parseCsv(body, delimiter);
  if (parsed.unterminatedQuoteLine !== undefined) {
    throw sheetError('E_SHEET_QUOTE', path, parsed.unterminatedQuoteLine, 'a quoted cell opens here and is never closed: expected a closing double quote (") before the end of the file');
  }
  if (parsed.tooLargeLine !== undefined) {
    throw sheetError('E_SHEET_TOO_LARGE', path, parsed.tooLargeLine, 'more rows or columns than a spreadsheet can hold (1,048,576 rows, 16,384 columns)');
  }
  return buildDemographicsTable(parsed.records, { path, format: 'csv', encoding, delimiter });
}
