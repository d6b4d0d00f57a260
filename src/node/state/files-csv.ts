/**
 * `<private-dir>/files.csv`: every input file with its outcome, why, where it went, and the opaque
 * reference report.json uses for it, so a user can tell what became of each file without the
 * shareable report ever naming one. Rewritten atomically (a row at a time) at the end of each run; rows
 * of earlier runs' files that this run did not meet (an extension from another input) are kept.
 */
import { parseCsv } from '../../core/demographics/csv-parse.ts';
import type { Delimiter } from '../../core/demographics/csv-parse.ts';
import { formatCsvLine, unneutralizeFormula } from '../../core/demographics/csv-write.ts';
import { SortedLines } from '../io/sorted-lines.ts';
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

/** Rows handed out one at a time, sorted by input path. */
export interface FileRowSource {
  each(take: (row: FileRow) => void): void;
}

/** Rows held in memory, as a {@link FileRowSource} sorted by input path. */
export function fileRowsOf(rows: readonly FileRow[]): FileRowSource {
  const sorted = [...rows].sort((a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : 0));
  return {
    each: (take) => {
      for (const row of sorted) take(row);
    },
  };
}

/** Rows kept as JSON lines in key order, handed out as rows. */
export function fileRowsOfLines(lines: SortedLines): FileRowSource {
  return { each: (take) => lines.each((line) => take(JSON.parse(line) as FileRow)) };
}

/** A 52-bit digest of a string: sets of millions of paths held as numbers, not as the paths. */
function digest52(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  return (a >>> 0) * 0x100000 + ((b >>> 0) & 0xfffff);
}

/**
 * Writes files.csv: this run's rows (`rows`, sorted by input path), plus earlier rows for files this
 * run did not meet, a row at a time. Earlier rows kept are sorted in with this run's through
 * `spillDir` (on disk past a size): neither list is ever held whole.
 */
export function writeFilesCsv(path: string, rows: FileRowSource, delimiter: Delimiter, spillDir: string): void {
  let combined: SortedLines | undefined;
  // Built only when there is an earlier files.csv: digests of this run's paths and references.
  let current: Set<number> | undefined;
  const keyed = (kind: string, text: string) => digest52(`${kind}\u0000${text}`);
  forEachFilesCsvRow(path, (row) => {
    if (current === undefined) {
      const seen = new Set<number>();
      rows.each((r) => {
        seen.add(keyed('input', r.input));
        seen.add(keyed('reference', r.reference));
        if (r.output !== '') seen.add(keyed('output', r.output));
      });
      current = seen;
    }
    // Refs of another input folder may equal this run's (so their references do too): only a row
    // with no input path is known to be this run's file by its reference. An output path is one
    // file's: this run's row for it (an input folder moved since) replaces the earlier one.
    const superseded = current.has(keyed('input', row.input)) || (row.output !== '' && current.has(keyed('output', row.output))) || (row.input === '' && current.has(keyed('reference', row.reference)));
    if (superseded) return;
    if (combined === undefined) {
      const sorter = new SortedLines(spillDir, 'files-csv');
      rows.each((r) => sorter.add(r.input, JSON.stringify(r)));
      combined = sorter;
    }
    combined.add(row.input, JSON.stringify(row));
  });
  const all = combined === undefined ? rows : fileRowsOfLines(combined);
  try {
    writeTextAtomic(
      path,
      (emit) => {
        emit(`\uFEFF${formatCsvLine(FILES_CSV_COLUMNS, delimiter)}\r\n`);
        all.each((row) => emit(`${formatCsvLine([row.input, row.outcome, row.reason, row.output, row.reference], delimiter)}\r\n`));
      },
      0o600,
    );
  } finally {
    combined?.dispose();
  }
}
