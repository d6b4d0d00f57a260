/**
 * The CSV outputs other than the shareable demographics, as tables built from plain data
 * (CONTRACT "Output layout"). Write each with {@link encodeCsv} in the demographics delimiter.
 */
import type { CsvTable } from './csv-write.ts';
import type { DemographicsRow, DemographicsTable } from './table.ts';

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** One patient of `mapping.csv` (private): who each id is. */
export interface MappingEntry {
  id: string;
  /** The patient's main spelling (as read from its files). */
  name: string;
  otherSpellings: readonly string[];
  /** The linked demographics row's name, when linked. */
  demographicsName?: string;
  /** The link's distance (0 = same name), when linked by matching. */
  score?: number;
  /** Input folders or zips (relative to the input) the patient's files came from. */
  inputFolders: readonly string[];
  /** Days the patient's dates were moved back (`--retain modified-dates`). */
  dateShiftDays?: number;
}

/**
 * `mapping.csv`: id, name, other_spellings, demographics_name, score, input_folders (`|`-joined
 * lists), and date_shift_days when dates were shifted; by id.
 */
export function mappingCsv(entries: readonly MappingEntry[]): CsvTable {
  const shifted = entries.some((entry) => entry.dateShiftDays !== undefined);
  return {
    columns: ['id', 'name', 'other_spellings', 'demographics_name', 'score', 'input_folders', ...(shifted ? ['date_shift_days'] : [])],
    rows: [...entries].sort(byId).map((entry) => [
      entry.id,
      entry.name,
      entry.otherSpellings.join('|'),
      entry.demographicsName ?? '',
      entry.score === undefined ? '' : Number(entry.score.toFixed(4)),
      entry.inputFolders.join('|'),
      ...(shifted ? [entry.dateShiftDays ?? ''] : []),
    ]),
  };
}

/** `demographics_matched.csv` (private): `id`, then the original columns of each linked row, in file order. */
export function matchedDemographicsCsv(table: DemographicsTable, linked: readonly { id: string; row: DemographicsRow }[]): CsvTable {
  const rows = [...linked].sort((a, b) => a.row.line - b.row.line || (a.id < b.id ? -1 : 1));
  return { columns: ['id', ...table.columns], rows: rows.map(({ id, row }) => [id, ...row.cells]) };
}

/** `demographics_unmatched.csv` (private): the original rows that no patient of the images links to. */
export function unmatchedDemographicsCsv(table: DemographicsTable, linkedLines: Iterable<number>): CsvTable {
  const linked = new Set(linkedLines);
  return { columns: table.columns, rows: table.rows.filter((row) => !linked.has(row.line)).map((row) => row.cells) };
}

/** Why a patient has no demographics row. */
export type MissingReason = 'no_match' | 'ambiguous' | 'unlinked_by_choice' | 'no_demographics';

/** One patient of the private `missing_demographics.csv`. */
export interface MissingPatient {
  id: string;
  name: string;
  reason: MissingReason;
  /** For `ambiguous`: the names of the rows it could be. */
  candidates?: readonly string[];
}

/** The shareable `missing_demographics.csv`: column `id` only. */
export function missingDemographicsShareableCsv(ids: readonly string[]): CsvTable {
  return { columns: ['id'], rows: [...ids].sort().map((id) => [id]) };
}

/** The private `missing_demographics.csv`: id, name, reason, candidates (`|`-joined). */
export function missingDemographicsPrivateCsv(entries: readonly MissingPatient[]): CsvTable {
  return {
    columns: ['id', 'name', 'reason', 'candidates'],
    rows: [...entries].sort(byId).map((entry) => [entry.id, entry.name, entry.reason, (entry.candidates ?? []).join('|')]),
  };
}
