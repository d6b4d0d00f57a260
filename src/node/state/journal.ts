/**
 * The journal in the private dir: one JSON line per finished input file, appended as each file is
 * renamed into place. A run killed at any moment leaves every line it wrote whole (a torn last line
 * is dropped on reading), so the next run knows which outputs are done, for which input bytes and
 * against which set of known spellings.
 */
import { appendFileSync, closeSync, openSync, writeSync } from 'node:fs';
import { readLines } from '../io/text-files.ts';
import { equalValues } from '../run/equal-values.ts';

export type JournalOutcome = 'anonymized' | 'unchanged' | 'quarantined';

export interface JournalEntry {
  /** Input reference (`source/relative/path` or `a.zip!entry`): private, it may hold a name. */
  ref: string;
  /**
   * The input root `ref` is relative to: an extension from another input folder may hold the same
   * refs, and its files are new, not the earlier ones. Absent in lines of older versions.
   */
  input?: string;
  /** Input signature: size and modification time, so changed input bytes are redone. */
  sig: string;
  /** Digest of every known spelling when the file was written: new spellings mean a re-check. */
  spellings: string;
  /** Output path relative to the output folder ('' when quarantined). */
  out: string;
  /** Size of the written output, to notice an output that was deleted or damaged. */
  size: number;
  outcome: JournalOutcome;
  /** Risk flags of the file, so a later run's report still lists them for unchanged files. */
  flags?: string[];
  /** The written file's warnings, name counts and shortened values, for later runs' reports. */
  warnings?: string[];
  names?: Record<string, number>;
  shortened?: number;
  /** Profile actions taken in the written file (keyword → action → count), for later runs' reports. */
  actions?: Record<string, Record<string, number>>;
}

/** What the journal is keyed by: one input file, under the input root it was read from. */
export function journalKey(root: string, ref: string): string {
  return `${root}\u0000${ref}`;
}

/** The entry of `ref` under `root`, or the line an older version wrote for `ref` without its root. */
export function journalEntryFor(journal: ReadonlyMap<string, JournalEntry>, root: string, ref: string): JournalEntry | undefined {
  return journal.get(journalKey(root, ref)) ?? journal.get(journalKey('', ref));
}

/** Whether `entry` is of a file under `root` (a line without a root is taken to be). */
export function fromInput(entry: JournalEntry, root: string): boolean {
  return entry.input === undefined || entry.input === root;
}

/**
 * Every line of a run says the same spellings digest, input folder and outcome, and mostly the
 * same counts of names replaced and actions taken: held for each of millions of files, one copy
 * of each serves them all.
 */
export function sharedFacts(): (entry: JournalEntry) => JournalEntry {
  const strings = equalValues<string>(1_000);
  const counts = equalValues<Record<string, number>>(10_000);
  const actions = equalValues<NonNullable<JournalEntry['actions']>>(10_000);
  const lists = equalValues<string[]>(10_000);
  return (entry) => {
    entry.spellings = strings(entry.spellings);
    entry.outcome = strings(entry.outcome) as JournalOutcome;
    if (typeof entry.input === 'string') entry.input = strings(entry.input);
    if (entry.names !== undefined) entry.names = counts(entry.names);
    if (entry.actions !== undefined) entry.actions = actions(entry.actions);
    if (entry.flags !== undefined) entry.flags = lists(entry.flags);
    if (entry.warnings !== undefined) entry.warnings = lists(entry.warnings);
    return entry;
  };
}

/**
 * Reads the journal, keyed by {@link journalKey}; later lines for the same input win. Torn or
 * foreign lines are ignored.
 */
export function readJournal(path: string): Map<string, JournalEntry> {
  const entries = new Map<string, JournalEntry>();
  const shared = sharedFacts();
  try {
    // A line at a time: the journal of millions of files is longer than one string can be.
    readLines(path, (line) => {
      if (line.length === 0) return;
      try {
        const entry = JSON.parse(line) as JournalEntry;
        if (typeof entry.ref === 'string' && typeof entry.out === 'string') entries.set(journalKey(typeof entry.input === 'string' ? entry.input : '', entry.ref), shared(entry));
      } catch {
        // The line a killed run was writing.
      }
    });
  } catch {
    // No journal yet.
  }
  return entries;
}

/** Whether the journal holds a whole line: an earlier run wrote (or checked) a file. */
export function journalHasLines(path: string): boolean {
  let found = false;
  try {
    readLines(path, (line) => {
      if (found || line.length === 0) return;
      try {
        const entry = JSON.parse(line) as JournalEntry;
        found = typeof entry.ref === 'string' && typeof entry.out === 'string';
      } catch {
        // A torn line.
      }
    });
  } catch {
    // No journal yet.
  }
  return found;
}

function journalLines(entries: readonly JournalEntry[]): string {
  return entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
}

/** Appends entries; one write per call so lines of parallel workers never interleave. */
export function appendJournal(path: string, entries: readonly JournalEntry[]): void {
  if (entries.length === 0) return;
  appendFileSync(path, journalLines(entries), { mode: 0o600 });
}

/**
 * The journal held open for a pass: one write per call as {@link appendJournal}, without opening
 * and closing the file for each of thousands of files.
 */
export class JournalWriter {
  private readonly fd: number;

  constructor(path: string) {
    this.fd = openSync(path, 'a', 0o600);
  }

  append(entries: readonly JournalEntry[]): void {
    if (entries.length === 0) return;
    const line = Buffer.from(journalLines(entries));
    // O_APPEND: each write lands whole at the end; a short one (a full disk) is finished, not left torn.
    for (let done = 0; done < line.length; ) done += writeSync(this.fd, line, done);
  }

  close(): void {
    closeSync(this.fd);
  }
}
