/**
 * `demographics_anonymized.csv`: the rows of the linked patients, keyed by pseudonym id, with
 * every column that names or points back to a person left out, and every remaining cell that
 * still holds a patient's name or PatientID blanked.
 */
import { headerKey, isIdentifyingColumn, isNameColumn } from './columns.ts';
import type { CsvTable } from './csv-write.ts';
import type { DemographicsRow, DemographicsTable } from './table.ts';

/** A demographics row linked to the patient with pseudonym `id`. */
export interface LinkedRow {
  id: string;
  row: DemographicsRow;
}

export interface ShareableOptions {
  /** Headers to leave out too (`--drop-columns`), compared ignoring case, accents and spacing. */
  dropColumns?: readonly string[];
  /**
   * True when a text holds any patient's spelling or PatientID: the name scanner, or {@link identityPredicate}.
   * `own` is the id of the patient whose row the text is in: a row is theirs as their files are,
   * so every word of four letters or more of their names counts alone there ("Zbigniew arrived late").
   */
  containsIdentity: (text: string, own?: string) => boolean;
}

/** Why a column is not in the shareable file. */
export type DropReason = 'name' | 'identifying' | 'requested';

export interface ShareableDemographics {
  /** First column `id`, then the kept columns in file order; rows sorted by id. */
  table: CsvTable;
  /** Columns left out, in file order, and why (the CLI lists them on stderr). */
  dropped: { column: string; reason: DropReason }[];
  /** `--drop-columns` entries that match no column (probably a typo the user must hear of). */
  unknownDropColumns: string[];
  /** Cells emptied because they held a name or PatientID. */
  blanked: { id: string; line: number; column: string }[];
}

function dropReason(table: Pick<DemographicsTable, 'columns' | 'roles'>, index: number, requested: Set<string>, contains: (text: string) => boolean): DropReason | undefined {
  const header = table.columns[index]!;
  const { roles } = table;
  const nameRoles = [roles.name, roles.family, roles.given, roles.birthName];
  if (nameRoles.includes(index) || isNameColumn(header)) return 'name';
  if (isIdentifyingColumn(header) || contains(header)) return 'identifying';
  if (requested.has(headerKey(header))) return 'requested';
  return undefined;
}

/**
 * Builds the shareable demographics of `linked` rows from `table`. Pure: the caller writes the
 * table with {@link encodeCsv} in `table.delimiter` and reports `dropped` and `blanked`.
 */
export function buildShareableDemographics(table: Pick<DemographicsTable, 'columns' | 'roles'>, linked: readonly LinkedRow[], options: ShareableOptions): ShareableDemographics {
  const requested = new Set((options.dropColumns ?? []).map(headerKey).filter((key) => key !== ''));
  const dropped: ShareableDemographics['dropped'] = [];
  const kept: number[] = [];
  table.columns.forEach((column, index) => {
    const reason = dropReason(table, index, requested, options.containsIdentity);
    if (reason === undefined) kept.push(index);
    else dropped.push({ column, reason });
  });
  const known = new Set(table.columns.map(headerKey));
  const unknownDropColumns = (options.dropColumns ?? []).filter((column) => !known.has(headerKey(column)));
  const blanked: ShareableDemographics['blanked'] = [];
  const sorted = [...linked].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.row.line - b.row.line));
  const rows = sorted.map(({ id, row }) => [
    id,
    ...kept.map((index) => {
      const cell = row.cells[index] ?? '';
      if (cell.trim() === '' || !options.containsIdentity(cell, id)) return cell;
      blanked.push({ id, line: row.line, column: table.columns[index]! });
      return '';
    }),
  ]);
  return { table: { columns: ['id', ...kept.map((index) => table.columns[index]!)], rows }, dropped, unknownDropColumns, blanked };
}
