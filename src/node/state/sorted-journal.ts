/**
 * The journal as a rerun reads it: every line sorted on disk by input folder and ref, read back in
 * that order, so a run over millions of earlier files never holds them. Later lines for the same
 * input win, as in {@link readJournal}. A plan's files come in ref order too: each file's line is
 * found by walking both lists side by side ({@link JournalCursor}).
 */
import { SortedLines } from '../io/sorted-lines.ts';
import { readLines } from '../io/text-files.ts';
import { type JournalEntry, sharedFacts } from './journal.ts';

/** Finds lines for refs asked in ascending order, each list read once. */
export interface JournalCursor {
  entryFor(ref: string): JournalEntry | undefined;
}

/** Lines per journal read: a sequence number orders repeated lines of one file, the last winning. */
const SEQUENCE_DIGITS = 15;

export class SortedJournal {
  private readonly lines: SortedLines;
  /** Lines of input folders gone since, whose files are here now: this root's, by ref (few). */
  private adopted = new Map<string, JournalEntry>();
  private adoptedRoot: string | undefined;

  private constructor(spillDir: string) {
    this.lines = new SortedLines(spillDir, 'journal');
  }

  /** Reads the journal at `path` (none yet: empty); torn or foreign lines are ignored. */
  static read(path: string, spillDir: string): SortedJournal {
    const journal = new SortedJournal(spillDir);
    let sequence = 0;
    try {
      readLines(path, (line) => {
        if (line.length === 0) return;
        try {
          const entry = JSON.parse(line) as JournalEntry;
          if (typeof entry.ref !== 'string' || typeof entry.out !== 'string') return;
          const root = typeof entry.input === 'string' ? entry.input : '';
          journal.lines.add(`${root}\u0000${entry.ref}\u0000${String(sequence++).padStart(SEQUENCE_DIGITS, '0')}`, line);
        } catch {
          // The line a killed run was writing.
        }
      });
    } catch {
      // No journal yet.
    }
    return journal;
  }

  /** Lines read (a file written twice counts twice): 0 means no earlier run wrote anything. */
  get lineCount(): number {
    return this.lines.size;
  }

  /** Every file's last line, by input folder ('' for lines without one) then ref. */
  *entries(): Generator<JournalEntry, void, undefined> {
    const shared = sharedFacts();
    let held: JournalEntry | undefined;
    for (const line of this.lines.lines()) {
      const entry = JSON.parse(line) as JournalEntry;
      if (held !== undefined && (held.input ?? '') === (entry.input ?? '') && held.ref === entry.ref) {
        held = entry;
        continue;
      }
      if (held !== undefined) yield shared(held);
      held = entry;
    }
    if (held !== undefined) yield shared(held);
  }

  /** Lines of other input folders than `root` (lines without a folder are `root`'s), adopted ones left out. */
  *foreign(root: string): Generator<JournalEntry, void, undefined> {
    for (const entry of this.entries()) {
      if (entry.input === undefined || entry.input === root) continue;
      if (this.adoptedRoot === root && this.adopted.get(entry.ref)?.input === entry.input) continue;
      yield entry;
    }
  }

  /**
   * An input folder moved or mounted elsewhere since is the same input: a line of another folder
   * that no longer exists, whose file is here under the same relative path with the same signature,
   * is taken as `root`'s, unless `root` has a line of its own for it (see `adoptMovedInput`).
   */
  adopt(root: string, take: (entry: JournalEntry) => boolean): void {
    this.adopted = new Map();
    this.adoptedRoot = root;
    const own = new Set<string>();
    const candidates: JournalEntry[] = [];
    for (const entry of this.entries()) {
      if (entry.input === root) own.add(entry.ref);
      else if (entry.input !== undefined && take(entry)) candidates.push(entry);
    }
    for (const entry of candidates) if (!own.has(entry.ref) && !this.adopted.has(entry.ref)) this.adopted.set(entry.ref, entry);
  }

  /**
   * The lines of `root`'s files in ref order: for a ref, `root`'s own line, else one adopted from a
   * folder moved here, else a line an older version wrote without its folder.
   */
  *ofInput(root: string): Generator<JournalEntry, void, undefined> {
    const own = this.rootLines(root);
    const legacy = this.rootLines('');
    const adopted = this.adoptedRoot === root ? [...this.adopted.values()].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0)).map((entry) => ({ ...entry, input: root })) : [];
    let a = own.next();
    let b = 0;
    let c = legacy.next();
    for (;;) {
      const refs = [a.done ? undefined : a.value.ref, adopted[b]?.ref, c.done ? undefined : c.value.ref].filter((ref) => ref !== undefined);
      if (refs.length === 0) return;
      const ref = refs.sort()[0]!;
      let chosen: JournalEntry | undefined;
      if (!a.done && a.value.ref === ref) {
        chosen = a.value;
        a = own.next();
      }
      if (adopted[b]?.ref === ref) {
        chosen ??= adopted[b];
        b += 1;
      }
      if (!c.done && c.value.ref === ref) {
        chosen ??= c.value;
        c = legacy.next();
      }
      yield chosen!;
    }
  }

  /** Looks up `root`'s lines for refs asked in ascending order. */
  cursor(root: string): JournalCursor {
    const lines = this.ofInput(root);
    let head = lines.next();
    let last: string | undefined;
    return {
      entryFor(ref) {
        if (last !== undefined && ref < last) throw new Error(`journal: ${ref} asked after ${last}; refs must come in ascending order`);
        last = ref;
        while (!head.done && head.value.ref < ref) head = lines.next();
        return !head.done && head.value.ref === ref ? head.value : undefined;
      },
    };
  }

  /** Only this root's lines (`''`: lines without a folder). */
  private *rootLines(root: string): Generator<JournalEntry, void, undefined> {
    for (const entry of this.entries()) if ((entry.input ?? '') === root) yield entry;
  }

  dispose(): void {
    this.lines.dispose();
  }
}
