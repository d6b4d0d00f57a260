/**
 * `<private-dir>/files.csv`: every input file with its outcome, why, where it went, and the opaque
 * reference report.json uses for it, so a user can tell what became of each file without the
 * shareable report ever naming one. Rewritten whole and atomically at the end of each run; rows
 * of earlier runs' files that this run did not meet (an extension from another input) are kept.
 */
import { readFileSync } from 'node:fs';
import { parseCsv } from '../../core/demographics/csv-parse.ts';
import type { Delimiter } from '../../core/demographics/csv-parse.ts';
import { encodeCsv, unneutralizeFormula } from '../../core/demographics/csv-write.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import type { FileOutcome } from '../run/report.ts';

export const FILES_CSV_COLUMNS = ['input_path', 'outcome', 'reason', 'output_path', 'reference'] as const;

export interface FileRow {
  /** Absolute input path (`a.zip!entry` inside zips). */
  input: string;
  /** `pending`: a run stopped before it reached the file; the next run writes it. */
  outcome: FileOutcome | 'pending';
  reason: string;
  /** Absolute path written (the quarantine path for a residue); '' when nothing was written. */
  output: string;
  /** The opaque reference report.json uses (`input-…`), or the output path it is keyed by. */
  reference: string;
}

/** The rows files.csv holds; none when there is no readable files.csv. */
export function readFilesCsv(path: string): FileRow[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return [];
  }
  const header = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = ([';', ',', '\t', '|'] as const).find((d) => header.split(d).length === FILES_CSV_COLUMNS.length);
  if (delimiter === undefined) return [];
  const [head, ...records] = parseCsv(text, delimiter).records;
  if (head?.cells.join('\u0000') !== FILES_CSV_COLUMNS.join('\u0000')) return [];
  return records
    .map((record) => record.cells.map(unneutralizeFormula))
    .filter((cells) => cells.length === FILES_CSV_COLUMNS.length)
    .map(([input, outcome, reason, output, reference]) => ({ input: input!, outcome: outcome as FileRow['outcome'], reason: reason!, output: output!, reference: reference! }));
}

/** Writes files.csv: this run's rows, plus earlier rows for files this run did not meet. */
export function writeFilesCsv(path: string, rows: readonly FileRow[], delimiter: Delimiter): void {
  const current = new Set(rows.map((row) => row.reference));
  const currentInputs = new Set(rows.map((row) => row.input));
  const kept = readFilesCsv(path).filter((row) => !current.has(row.reference) && !currentInputs.has(row.input));
  const all = [...rows, ...kept].sort((a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : 0));
  const table = { columns: FILES_CSV_COLUMNS, rows: all.map((row) => [row.input, row.outcome, row.reason, row.output, row.reference]) };
  writeFileAtomic(path, encodeCsv(table, delimiter), 0o600);
}
