/**
 * A demographics sheet as plain data: the header, the columns that spell the name, and one row
 * per patient with its name, birth date and sex read out. Built from records (line + cells), so
 * CSV and workbook readers share every rule after the cells are known.
 */
import { SpreadsheetError } from '../errors.ts';
import { isPlaceholder } from '../text/placeholders.ts';
import { type ColumnRoles, EXPECTED_NAME_COLUMNS, findColumnRoles, nameColumnIndices } from './columns.ts';
import type { CsvRecord, Delimiter } from './csv-parse.ts';
import type { TextEncodingName } from './text-decode.ts';
import { inferDayOrder, normalizeDate, normalizeSex, type Sex } from './values.ts';

export interface DemographicsRow {
  /** 1-based line of the file (CSV: physical line where the row starts; workbook: row number). */
  line: number;
  /** The row's cells aligned with {@link DemographicsTable.columns}, as written (padded with ""). */
  cells: string[];
  /** The patient's name: the name cell, or the family then the given name joined by a space. */
  name: string;
  /** Family and given names when the sheet has separate columns. */
  family?: string;
  given?: string;
  /** Name at birth, from a "nom de naissance"/"birth name" column next to the usual family name. */
  birthName?: string;
  /** `YYYYMMDD` when the birth date cell could be read for sure. */
  birthDate?: string;
  sex?: Sex;
  /** The patient id column's value: linked exactly to a PatientID. */
  id?: string;
}

/** Rows that spell the same name (case, accents, word order and punctuation ignored). */
export interface DuplicateName {
  name: string;
  lines: number[];
  /** True when every pair of these rows differs on a birth date or sex that both have. */
  distinguishable: boolean;
}

export interface DemographicsTable {
  /** The path as the caller gave it (used in messages only). */
  path: string;
  format: 'csv' | 'xlsx';
  /** Text encoding of a CSV file. */
  encoding?: TextEncodingName;
  /** The delimiter outputs must use: the file's own, or `;` when it has none (one column, workbook). */
  delimiter: Delimiter;
  /** 1-based line of the header row. */
  headerLine: number;
  /** Header cells as written (an empty header becomes `column_N`). */
  columns: string[];
  roles: ColumnRoles;
  /** Headers of the columns that spell the name (`["name"]`, `["nom", "prenom"]`…); empty when rows link by id alone. */
  nameColumns: string[];
  rows: DemographicsRow[];
  duplicates: DuplicateName[];
  /** Lines that are not patient rows, and why (no name, more cells than the header…). */
  warnings: { line: number; message: string }[];
}

/** Where a record came from, and how its text was read. */
export interface TableSource {
  path: string;
  format: 'csv' | 'xlsx';
  encoding?: TextEncodingName;
  delimiter: Delimiter | undefined;
}

/** A SpreadsheetError whose message names the file, the line when known, and what was expected. */
export function sheetError(code: string, path: string, line: number | undefined, message: string): SpreadsheetError {
  return new SpreadsheetError(code, `${path}${line === undefined ? '' : `, line ${line}`}: ${message}`, { file: path });
}

/**
 * Header cells for a message, bounded: a binary file taken for text must not print a megabyte
 * of garbage as "the columns found".
 */
export function listColumns(cells: readonly string[], max = 20): string {
  const shown = cells.slice(0, max).map((cell) => {
    const text = cell.trim().replace(/\s+/g, ' ');
    return `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
  });
  return cells.length > max ? `${shown.join(', ')} and ${cells.length - max} more` : shown.join(', ');
}

/**
 * Words standing where no name is known. Such a row is no patient: linked, its "name" would be
 * searched and replaced in every text of the images (every "Unknown" would become an id).
 */
export function isPlaceholderName(name: string): boolean {
  return isPlaceholder(name);
}

/** How many leading rows may hold titles or notes above the header. */
const HEADER_SEARCH_ROWS = 20;

/**
 * Index of the header record: the first row with a name (or patient id) column among several filled cells; a lone cell (a title such as
 * "Patient") is the header only when no fuller row has a name column.
 */
export function findHeader(records: readonly CsvRecord[]): number {
  const limit = Math.min(records.length, HEADER_SEARCH_ROWS);
  let lone = -1;
  for (let index = 0; index < limit; index++) {
    const { cells } = records[index]!;
    const roles = findColumnRoles(cells);
    if (nameColumnIndices(roles) === undefined && roles.id === undefined) continue;
    if (cells.filter((cell) => cell.trim() !== '').length > 1) return index;
    if (lone < 0) lone = index;
  }
  return lone;
}

/** Folded, sorted words: the key under which two rows spell "the same name". */
export function sameNameKey(name: string): string {
  // Most names are plain ASCII: skip the Unicode folding they do not need.
  const folded = /^[\x20-\x7e]*$/.test(name) ? name : name.normalize('NFKD').replace(/\p{M}/gu, '');
  return folded
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .sort()
    .join(' ');
}

function distinguishable(rows: readonly DemographicsRow[]): boolean {
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = rows[i]!;
      const b = rows[j]!;
      const dates = a.birthDate !== undefined && b.birthDate !== undefined && a.birthDate !== b.birthDate;
      const sexes = a.sex !== undefined && b.sex !== undefined && a.sex !== b.sex;
      if (!dates && !sexes) return false;
    }
  }
  return true;
}

function findDuplicates(rows: readonly DemographicsRow[]): DuplicateName[] {
  const groups = new Map<string, DemographicsRow[]>();
  for (const row of rows) {
    if (row.name === '') continue;
    const key = sameNameKey(row.name);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()]
    .filter((group) => group.length > 1)
    .map((group) => ({ name: group[0]!.name, lines: group.map((row) => row.line), distinguishable: distinguishable(group) }));
}

/**
 * A cell that swallowed rows: one quote left open joins every line up to the next quote into one
 * cell, and those lines still split into a full row. Returns that cell's column.
 */
function runawayQuoteColumn(cells: readonly string[], delimiter: Delimiter | undefined, width: number): number | undefined {
  if (delimiter === undefined || width < 2) return undefined;
  const index = cells.findIndex((cell) => cell.split(/\r\n|\r|\n/).slice(1).some((inner) => inner.split(delimiter).length >= width));
  return index < 0 ? undefined : index;
}

/**
 * Builds the table from a sheet's records. Throws SpreadsheetError when there is no record, no
 * header with a name column among the first rows, or no patient row under the header.
 */
export function buildDemographicsTable(records: readonly CsvRecord[], source: TableSource): DemographicsTable {
  const { path } = source;
  if (records.length === 0) {
    throw sheetError('E_SHEET_EMPTY', path, undefined, 'the file is empty: expected a header line with a name column, then one line per patient');
  }
  const headerIndex = findHeader(records);
  if (headerIndex < 0) {
    const first = records[0]!;
    const found = listColumns(first.cells);
    throw sheetError('E_SHEET_NO_NAME_COLUMN', path, first.line, `no name column: found columns ${found}; expected ${EXPECTED_NAME_COLUMNS}`);
  }
  const header = records[headerIndex]!;
  const dataRecords = records.slice(headerIndex + 1);
  // Spreadsheet programs export trailing empty columns (`name;age;;;`): they are no columns.
  const filledWidth = (cells: readonly string[]) => {
    let end = cells.length;
    while (end > 0 && cells[end - 1]!.trim() === '') end--;
    return end;
  };
  const width = Math.min(header.cells.length, dataRecords.reduce((widest, record) => Math.max(widest, filledWidth(record.cells)), filledWidth(header.cells)));
  const columns = header.cells.slice(0, width).map((cell, index) => (cell.trim() === '' ? `column_${index + 1}` : cell.trim()));
  const roles = findColumnRoles(columns);
  // Without a name column, the id column links the rows (CONTRACT.md `--demographics`).
  const nameIndices = nameColumnIndices(roles) ?? [];
  const warnings: DemographicsTable['warnings'] = [];
  const order = roles.birthDate === undefined ? 'dmy' : inferDayOrder(dataRecords.map((record) => record.cells[roles.birthDate!] ?? ''));
  const rows: DemographicsRow[] = [];
  for (const record of dataRecords) {
    if (record.cells.every((cell) => cell.trim() === '')) continue;
    const extra = record.cells.slice(columns.length).filter((cell) => cell.trim() !== '');
    if (extra.length > 0) {
      // Usually an unquoted delimiter inside a cell: every cell after it has moved one column right.
      warnings.push({ line: record.line, message: `has ${record.cells.length} cells but the header has ${columns.length}; the extra cells are ignored` });
    }
    const cells = columns.map((_, index) => record.cells[index] ?? '');
    const runaway = runawayQuoteColumn(cells, source.delimiter, columns.length);
    if (runaway !== undefined) {
      warnings.push({ line: record.line, message: `the quoted cell in "${columns[runaway]}" holds lines that look like whole rows: check for a missing closing quote (")` });
    }
    const cell = (index: number | undefined) => (index === undefined ? '' : cells[index]!.trim().replace(/\s+/g, ' '));
    const joined = (indices: readonly (number | undefined)[]) => indices.map(cell).filter((part) => part !== '').join(' ');
    // A sheet with both a full-name column and family/given columns: either may be the filled one.
    const name = joined(nameIndices) || joined([roles.family, roles.given]);
    const id = cell(roles.id);
    if (nameIndices.length === 0 && id === '') {
      warnings.push({ line: record.line, message: `has no patient id in "${columns[roles.id!]}"; the row is ignored` });
      continue;
    }
    if (nameIndices.length > 0 && (name === '' || isPlaceholderName(name))) {
      const what = name === '' ? 'has no name' : 'has a placeholder instead of a name';
      warnings.push({ line: record.line, message: `${what} in ${nameIndices.map((index) => `"${columns[index]}"`).join(' or ')}; the row is ignored` });
      continue;
    }
    const row: DemographicsRow = { line: record.line, cells, name };
    if (id !== '') row.id = id;
    if (roles.name === undefined || cell(roles.name) === '') {
      if (cell(roles.family) !== '') row.family = cell(roles.family);
      if (cell(roles.given) !== '') row.given = cell(roles.given);
    }
    if (cell(roles.birthName) !== '') row.birthName = cell(roles.birthName);
    const birthDate = normalizeDate(cell(roles.birthDate), order);
    if (birthDate !== undefined) row.birthDate = birthDate;
    const sex = normalizeSex(cell(roles.sex));
    if (sex !== undefined) row.sex = sex;
    rows.push(row);
  }
  if (rows.length === 0) {
    const under = (nameIndices.length > 0 ? nameIndices : [roles.id!]).map((index) => `"${columns[index]}"`).join(' and ');
    throw sheetError('E_SHEET_NO_ROWS', path, header.line, `the header is here but no line under it has a name: expected one line per patient under ${under}`);
  }
  const table: DemographicsTable = {
    path,
    format: source.format,
    delimiter: source.delimiter ?? ';',
    headerLine: header.line,
    columns,
    roles,
    nameColumns: nameIndices.map((index) => columns[index]!),
    rows,
    duplicates: findDuplicates(rows),
    warnings,
  };
  if (source.encoding !== undefined) table.encoding = source.encoding;
  return table;
}
