/**
 * The one CSV writer of every output (mapping.csv, links.csv, missing_demographics.csv,
 * demographics_*.csv): RFC 4180 quoting, CRLF line ends, UTF-8 with a BOM so Excel reads accents
 * right, and formula injection neutralised (a `'` before text that a spreadsheet would run).
 */
import type { Delimiter } from './csv-parse.ts';

/** A cell: text, a number written as is, or empty. */
export type CsvCell = string | number | null | undefined;

/** A CSV output as plain data. */
export interface CsvTable {
  columns: readonly string[];
  rows: readonly (readonly CsvCell[])[];
}

const FORMULA_START = /^[=+\-@\t\r]/;
/** Plain decimal numbers (`-1.5`, `-2,75`, `-3e5`): a spreadsheet reads them as numbers, never as formulas. */
const PLAIN_NUMBER = /^-?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Text a spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, tab or CR)
 * gets a leading `'`, except negative numbers such as `-1.5`, which stay numbers.
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** Undoes {@link neutralizeFormula} when reading back a file that dicomveil (or its GUI) wrote. */
export function unneutralizeFormula(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

function formatCell(cell: CsvCell, delimiter: Delimiter): string {
  if (cell === null || cell === undefined) return '';
  const text = typeof cell === 'number' ? (Number.isFinite(cell) ? String(cell) : '') : neutralizeFormula(cell);
  const needsQuotes = text.includes(delimiter) || text.includes('"') || text.includes('\n') || text.includes('\r') || /^\s|\s$/.test(text);
  return needsQuotes ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line of a CSV output, without its line end (a file written a row at a time). */
export function formatCsvLine(row: readonly CsvCell[], delimiter: Delimiter): string {
  return row.map((cell) => formatCell(cell, delimiter)).join(delimiter);
}

/** The CSV text of a table (no BOM), header first, each line ended by CRLF. */
export function formatCsv(table: CsvTable, delimiter: Delimiter): string {
  const lines = [table.columns, ...table.rows].map((row) => formatCsvLine(row, delimiter));
  return lines.map((line) => `${line}\r\n`).join('');
}

/** The bytes of a CSV output: UTF-8 with BOM. */
export function encodeCsv(table: CsvTable, delimiter: Delimiter): Uint8Array {
  return new TextEncoder().encode(`\uFEFF${formatCsv(table, delimiter)}`);
}
