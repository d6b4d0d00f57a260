/**
 * Lines kept in the order of a key, however many: report.json's file list and files.csv's rows are
 * sorted, and a run of millions of files must not hold them all. Up to `runSize` lines are held;
 * beyond that each full batch is sorted and written to a run file, and reading merges the runs.
 * Runs go to a folder of the private dir: files.csv's rows carry input paths.
 */
import { closeSync, mkdirSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Lines held before a run is written: a few MB of report or CSV lines. Test-only:
 * `DICOMVEIL_TEST_HELD_LINES=<n>` holds n instead, so a run of a few files goes through the runs
 * on disk as one of millions does.
 */
const RUN_SIZE = heldLines(process.env.DICOMVEIL_TEST_HELD_LINES) ?? 10_000;

function heldLines(setting: string | undefined): number | undefined {
  const n = Number(setting);
  return setting !== undefined && Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}
/**
 * Runs merged at most at once: each open run holds a read buffer and a chunk of lines. Past this
 * many, the runs are merged into one longer run, so millions of lines never hold a thousand.
 */
const MAX_RUNS = 32;
/** Bytes read at a time from each run while merging. */
const CHUNK = 1 << 16;

type Entry = [key: string, line: string];

let sorters = 0;

/** Key order, then line order for equal keys: the same order whatever order lines were added in. */
function compare(a: Entry, b: Entry): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/** Reads one run back, a line (one JSON-encoded entry) at a time. */
class RunCursor {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  private readonly decoder = new TextDecoder('utf-8');
  private lines: string[] = [];
  private rest = '';
  private ended = false;
  private closed = false;
  head: Entry | undefined;

  constructor(path: string) {
    this.fd = openSync(path, 'r');
    this.advance();
  }

  advance(): void {
    while (this.lines.length === 0 && !this.ended) {
      const read = readSync(this.fd, this.buffer, 0, CHUNK, null);
      const text = this.rest + this.decoder.decode(this.buffer.subarray(0, read), { stream: read > 0 });
      if (read === 0) this.ended = true;
      const parts = text.split('\n');
      this.rest = this.ended ? '' : parts.pop()!;
      // Reversed: pop() from the end takes them in order.
      this.lines = parts.filter((part) => part.length > 0).reverse();
    }
    const next = this.lines.pop();
    this.head = next === undefined ? undefined : (JSON.parse(next) as Entry);
    if (this.head === undefined) this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

export class SortedLines {
  private held: Entry[] = [];
  private runs: string[] = [];
  private count = 0;
  /** Run files written so far: names a merged run apart from the runs it replaces. */
  private written = 0;
  /** Two sorters of one name in one folder (two scans at once) never share a run file. */
  private readonly id = `${process.pid}.${++sorters}`;

  /** `dir` receives the run files (made when the first is written); `name` tells this sorter's apart. */
  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly runSize = RUN_SIZE,
  ) {}

  /** How many lines were added. */
  get size(): number {
    return this.count;
  }

  add(key: string, line: string): void {
    this.held.push([key, line]);
    this.count += 1;
    if (this.held.length >= this.runSize) this.writeRun();
  }

  private writeRun(): void {
    this.held.sort(compare);
    this.runs.push(this.writeEntries(this.held));
    this.held = [];
    if (this.runs.length >= MAX_RUNS) {
      const runs = this.runs;
      this.runs = [];
      const merged = this.writeEntries(this.mergeRuns(runs, []));
      for (const path of runs) rmSync(path, { force: true });
      this.runs = [merged];
    }
  }

  private writeEntries(entries: Iterable<Entry>): string {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, `${this.name}-${this.id}-${this.written++}.jsonl`);
    const fd = openSync(path, 'w', 0o600);
    try {
      let parts: string[] = [];
      const flush = () => {
        const bytes = Buffer.from(parts.join(''), 'utf8');
        for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
        parts = [];
      };
      for (const entry of entries) {
        // JSON: a line may hold line ends itself (a quoted CSV cell).
        parts.push(`${JSON.stringify(entry)}\n`);
        if (parts.length >= 4096) flush();
      }
      flush();
    } finally {
      closeSync(fd);
    }
    return path;
  }

  /** Every line in key order; may be called again (the runs are read anew each time). */
  each(take: (line: string) => void): void {
    for (const line of this.lines()) take(line);
  }

  /** Every line in key order, read as they are asked for: a consumer may stop and go on later. */
  *lines(): Generator<string, void, undefined> {
    for (const entry of this.entries()) yield entry[1];
  }

  /** Every key and line in key order. */
  *entries(): Generator<Entry, void, undefined> {
    this.held.sort(compare);
    yield* this.mergeRuns(this.runs, this.held);
  }

  private *mergeRuns(runs: readonly string[], held: readonly Entry[]): Generator<Entry, void, undefined> {
    if (runs.length === 0) {
      yield* held;
      return;
    }
    const cursors: RunCursor[] = [];
    try {
      for (const path of runs) cursors.push(new RunCursor(path));
      let at = 0;
      for (;;) {
        let best: RunCursor | undefined;
        for (const cursor of cursors) if (cursor.head !== undefined && (best === undefined || compare(cursor.head, best.head!) < 0)) best = cursor;
        const fromHeld = held[at];
        if (fromHeld !== undefined && (best === undefined || compare(fromHeld, best.head!) <= 0)) {
          at += 1;
          yield fromHeld;
        } else if (best !== undefined) {
          const head = best.head!;
          best.advance();
          yield head;
        } else return;
      }
    } finally {
      for (const cursor of cursors) cursor.close();
    }
  }

  /** Removes the run files. */
  dispose(): void {
    for (const path of this.runs) rmSync(path, { force: true });
    this.runs = [];
    this.held = [];
  }
}

/**
 * Records of one kind kept in the order of a key (a ref) however many there are: a run's scanned
 * files and its planned ones. Iterable like an array, and as often, so the code that reads them
 * takes either.
 */
export class SortedRecords<T> implements Iterable<T> {
  /** Records past the held ones, as JSON lines in runs on disk. */
  private readonly written: SortedLines;
  // Held as themselves, not as JSON: most runs never fill a run, and then no record is written
  // out or parsed back, however often the list is read.
  private held: [key: string, record: T][] = [];

  constructor(
    dir: string,
    name: string,
    private readonly runSize = RUN_SIZE,
  ) {
    this.written = new SortedLines(dir, name, runSize);
  }

  get length(): number {
    return this.written.size + this.held.length;
  }

  add(key: string, record: T): void {
    this.held.push([key, record]);
    if (this.held.length < this.runSize) return;
    // Exactly one run's worth: the lines below make one run file.
    for (const [heldKey, heldRecord] of this.held) this.written.add(heldKey, JSON.stringify(heldRecord));
    this.held = [];
  }

  *[Symbol.iterator](): Iterator<T, void, undefined> {
    // Stable: records of equal keys keep the order they were added in.
    this.held.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let at = 0;
    for (const [key, line] of this.written.entries()) {
      for (; at < this.held.length && this.held[at]![0] <= key; at++) yield this.held[at]![1];
      yield JSON.parse(line) as T;
    }
    for (; at < this.held.length; at++) yield this.held[at]![1];
  }

  dispose(): void {
    this.written.dispose();
    this.held = [];
  }
}
