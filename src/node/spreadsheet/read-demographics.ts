/**
 * `--demographics <file>`: reads a CSV or `.xlsx` file into a {@link DemographicsTable}. The
 * format is told by the content, not the extension, so a renamed file is still read right and a
 * DICOM, PDF or `.xls` given by mistake is refused with a message saying what it is.
 */
import { readFile, stat } from 'node:fs/promises';
import { parseDemographicsCsv } from '../../core/demographics/read-csv.ts';
import { sniffSpreadsheet, unreadableKindMessage } from '../../core/demographics/sniff.ts';
import { buildDemographicsTable, type DemographicsTable, sheetError } from '../../core/demographics/table.ts';
import { readWorkbookRecords } from './read-workbook.ts';

/** Larger than any demographics sheet (Excel's limit is about 1 M rows); refuses a wrong path to a huge file. */
export const MAX_SPREADSHEET_BYTES = 512 * 1024 * 1024;

/** Reads a file whole, with errors that say which file and why, as SpreadsheetError `E_SHEET_UNREADABLE`. */
export async function readSpreadsheetBytes(path: string): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw sheetError('E_SHEET_UNREADABLE', path, undefined, 'this is a folder: expected a CSV or .xlsx file');
    // A FIFO or a device would block or never end: only regular files are read.
    if (!info.isFile()) throw sheetError('E_SHEET_UNREADABLE', path, undefined, 'this is not a regular file (a pipe or a device?): expected a CSV or .xlsx file');
    size = info.size;
  } catch (error) {
    if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('E_SHEET')) throw error;
    throw unreadable(path, error);
  }
  if (size > MAX_SPREADSHEET_BYTES) {
    throw sheetError('E_SHEET_TOO_LARGE', path, undefined, `the file is ${size} bytes: expected a spreadsheet of at most ${MAX_SPREADSHEET_BYTES} bytes`);
  }
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw unreadable(path, error);
  }
}

function unreadable(path: string, error: unknown) {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : error instanceof Error ? error.message : String(error);
  return Object.assign(sheetError('E_SHEET_UNREADABLE', path, undefined, `cannot be read (${why}): expected a CSV or .xlsx file`), { cause: error });
}

/**
 * Reads `--demographics`. Throws SpreadsheetError (exit 2 upstream) whose message names the
 * file, the line when there is one, and what was expected.
 */
export async function readDemographics(path: string): Promise<DemographicsTable> {
  const bytes = await readSpreadsheetBytes(path);
  const kind = sniffSpreadsheet(bytes);
  if (kind === 'xlsx') {
    const records = await readWorkbookRecords(bytes, path);
    return buildDemographicsTable(records, { path, format: 'xlsx', delimiter: undefined });
  }
  const problem = unreadableKindMessage(kind);
  if (problem !== undefined) throw sheetError(kind === 'empty' ? 'E_SHEET_EMPTY' : 'E_SHEET_FORMAT', path, undefined, problem);
  return parseDemographicsCsv(bytes, path);
}
