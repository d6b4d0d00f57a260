/**
 * `<private-dir>/files.csv`: every input file with its outcome, why, where it went, and the opaque
 * reference report.json uses for it, so a user can tell what became of each file without the
 * shareable report ever naming one. Rewritten atomically (a row at a time) at the end of each run; rows
 * of earlier runs' files that this run did not meet (an extension from another input) are kept.
 */
import { parseCsv } from '../../core/demographics/csv-parse.ts';
import type { Delimiter } from '../../core/demographics/csv-parse.ts';
import { formatCsvLine, unneutralizeFormula } from '../../core/demographics/csv-write.ts';
import { readLines, writeTextAtomic } from '../io/text-files.ts';
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

/**
 * Each row files.csv holds, read a line at a time (millions of files make a file longer than one
 * string can be); none when there is no readable files.csv.
 */
export function forEachFilesCsvRow(path: string, onRow: (row: FileRow) => void): void {
  let delimiter: Delimiter | undefined;
  let header = true;
  let pending = '';
  let quotes = 0;
  const take = (record: string) => {
    if (header) {
      header = false;
      const line = record.replace(/^\uFEFF/, '');
      delimiter = ([';', ',', '\t', '|'] as const).find((d) => line.split(d).length === FILES_CSV_COLUMNS.length);
      if (delimiter === undefined || parseCsv(line, delimiter).records[0]?.cells.join('\u0000') !== FILES_CSV_COLUMNS.join('\u0000')) throw new NotFilesCsv();
      return;
    }
    const cells = parseCsv(record, delimiter).records[0]?.cells.map(unneutralizeFormula);
    if (cells?.length !== FILES_CSV_COLUMNS.length) return;
    const [input, outcome, reason, output, reference] = cells;
    onRow({ input: input!, outcome: outcome as FileRow['outcome'], reason: reason!, output: output!, reference: reference! });
  };
  try {
    readLines(path, (line) => {
      // A quoted cell may hold a line end: a record ends on a line that leaves no quote open.
      pending = pending.length === 0 ? line : `${pending}\n${line}`;
      for (let at = line.indexOf('"'); at >= 0; at = line.indexOf('"', at + 1)) quotes += 1;
      if (quotes % 2 === 1) return;
      const record = pending.endsWith('\r') ? pending.slice(0, -1) : pending;
      pending = '';
      quotes = 0;
      if (record.length > 0) take(record);
    });
  } catch (error) {
    if (error instanceof NotFilesCsv || (error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
}

class NotFilesCsv extends Error {}

/** The rows files.csv holds; none when there is no readable files.csv. */
export function readFilesCsv(path: string): FileRow[] {
  const rows: FileRow[] = [];
  forEachFilesCsvRow(path, (row) => rows.push(row));
  return rows;
}

/** Writes files.csv: this run's rows, plus earlier rows for files this run did not meet; a row at a time. */
export function writeFilesCsv(path: string, rows: readonly FileRow[], delimiter: Delimiter): void {
  const kept: FileRow[] = [];
  // Built only when there is an earlier files.csv: two sets of millions of strings otherwise for nothing.
  let current: { references: Set<string>; inputs: Set<string>; outputs: Set<string> } | undefined;
  forEachFilesCsvRow(path, (row) => {
    current ??= { references: new Set(rows.map((r) => r.reference)), inputs: new Set(rows.map((r) => r.input)), outputs: new Set(rows.flatMap((r) => (r.output === '' ? [] : [r.output]))) };
    // Refs of another input folder may equal this run's (so their references do too): only a row
    // with no input path is known to be this run's file by its reference. An output path is one
    // file's: this run's row for it (an input folder moved since) replaces the earlier one.
    const superseded = current.inputs.has(row.input) || (row.output !== '' && current.outputs.has(row.output)) || (row.input === '' && current.references.has(row.reference));
    if (!superseded) kept.push(row);
  });
  const all = kept.length === 0 ? [...rows] : [...rows, ...kept];
  all.sort((a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : 0));
  writeTextAtomic(
    path,
    (emit) => {
      emit(`\uFEFF${formatCsvLine(FILES_CSV_COLUMNS, delimiter)}\r\n`);
      for (const row of all) emit(`${formatCsvLine([row.input, row.outcome, row.reason, row.output, row.reference], delimiter)}\r\n`);
    },
    0o600,
  );
}
