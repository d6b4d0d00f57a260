/**
 * The first sheet of an `.xlsx` workbook as records (line + cells as text), read with
 * read-excel-file's Node entry. Numbers keep the digits stored in the file (no float rounding
 * on the way), numbers shown zero-padded and text cells keep their leading zeros, dates become
 * `YYYY-MM-DD` (unambiguous, whatever the locale the workbook was made in).
 */
import type { CsvRecord } from '../../core/demographics/csv-parse.ts';
import { MAX_COLUMNS, MAX_RECORDS } from '../../core/demographics/csv-parse.ts';
import { sheetError } from '../../core/demographics/table.ts';
import { readSheet } from 'read-excel-file/node';
import { zeroPaddedCells } from './workbook-formats.ts';

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** A workbook date as text: the day alone (`1980-03-15`), with the time when it has one. */
function formatDate(date: Date): string {
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
  const seconds = date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds();
  if (seconds === 0) return day;
  return `${day} ${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}${date.getUTCSeconds() === 0 ? '' : `:${pad(date.getUTCSeconds(), 2)}`}`;
}

function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : formatDate(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return String(cell);
}

/**
 * Reads the first sheet of the workbook in `bytes`. Throws SpreadsheetError `E_SHEET_FORMAT`
 * when the zip is not a readable workbook, `E_SHEET_TOO_LARGE` past Excel's own limits.
 */
export async function readWorkbookRecords(bytes: Uint8Array, path: string): Promise<CsvRecord[]> {
  const padded = zeroPaddedCells(bytes, path);
  let rows: unknown[][];
  try {
    rows = await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { trim: false, parseNumber: (text: string) => text });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const problem = sheetError('E_SHEET_FORMAT', path, undefined, `not a readable .xlsx workbook (${detail}): expected an Excel workbook, or a CSV file`);
    throw Object.assign(problem, { cause: error });
  }
  if (rows.length > MAX_RECORDS) throw sheetError('E_SHEET_TOO_LARGE', path, MAX_RECORDS + 1, 'more rows than a spreadsheet can hold');
  const records: CsvRecord[] = [];
  rows.forEach((row, index) => {
    if (row.length > MAX_COLUMNS) throw sheetError('E_SHEET_TOO_LARGE', path, index + 1, 'more columns than a spreadsheet can hold');
    const cells = row.map((cell, column) => {
      const value = cellText(cell);
      const digits = padded.get(`${index + 1}:${column}`);
      return digits !== undefined && /^\d+$/.test(value) ? value.padStart(digits, '0') : value;
    });
    // Row numbers are the sheet's: the first array entry is row 1, blank rows included.
    if (cells.some((cell) => cell.trim() !== '')) records.push({ line: index + 1, cells });
  });
  return records;
}
