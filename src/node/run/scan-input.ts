/**
 * Pass 1 over the whole input: every source, every entry, each header read once (never bulk
 * data), hostile items turned into listed problems. What comes out is enough to group patients,
 * link demographics, issue ids and lay out the output before a single byte is written. Entries
 * are listed here and read in batches by the run's pool, so every core reads headers.
 */
import { join } from 'node:path';
import type { Listing } from '../../core/listing.ts';
import { SortedRecords } from '../io/sorted-lines.ts';
import { discoverSources, type InputEntry, type InputProblem, listEntries, type Source } from '../sources/index.ts';
import type { HeaderFacts } from '../../core/plan/header-facts.ts';
import type { ScannedFile } from '../../core/plan/scanned-file.ts';
import { RunPool } from '../pool/open-pool.ts';
import { equalValues } from './equal-values.ts';
import { RateMeter } from './rate.ts';
import type { ScanItem } from '../pool/scan-processor.ts';
import type { RunHooks } from './types.ts';

export interface ScannedInput {
  /** Folder every ref is relative to. */
  root: string;
  sources: Source[];
  /** In ref order, on disk past a few thousand (a whole input's scan); in listing order when held (a shard's). */
  files: Listing<ScannedFile>;
  problems: InputProblem[];
  /** With `only`: where each kept file and problem stood in the whole listing, so shards merge back in order. */
  positions?: { files: number[]; problems: number[] };
}

function isProblem(item: InputEntry | InputProblem): item is InputProblem {
  return 'code' in item;
}

/**
 * `path` as a slice of `ref` when the ref ends with it (a folder's file: `SOURCE/path`): V8 keeps a
 * slice as a view of the ref, not as a copy of its characters, and both are held for every file.
 */
function tailOf(ref: string, path: string): string {
  return ref.length > path.length && ref.endsWith(path) ? ref.slice(ref.length - path.length) : path;
}

/**
 * One literal of one shape: spreading a thread's reply into each record gave every record a hidden
 * class of its own, about 400 bytes per file beside the record itself.
 */
function scannedFile(entry: Listed, fact: HeaderFacts): ScannedFile {
  const file: ScannedFile = { ref: entry.ref, source: entry.source, sourceKind: entry.sourceKind, relativePath: entry.relativePath, size: entry.size, entryClass: entry.entryClass, kind: fact.kind };
  if (fact.reason !== undefined) file.reason = fact.reason;
  if (fact.identity !== undefined) file.identity = fact.identity;
  if (fact.risk !== undefined) file.risk = fact.risk;
  return file;
}

/** Entries per message to a thread: one header is too little work to pay for a message. */
const BATCH = 16;

type Listed = Omit<ScannedFile, keyof HeaderFacts>;

/**
 * Scans `inputPath`; `spillDir` receives large deflated zip entries (in the private dir). `pool`
 * is the run's (one job, this thread, when none is given). `only` keeps the entries whose ref it
 * accepts (a shard's), and no header of the others is read.
 */
export async function scanInput(inputPath: string, spillDir: string, hooks: RunHooks = {}, pool?: RunPool, only?: (ref: string) => boolean): Promise<ScannedInput> {
  const discovered = await discoverSources(inputPath, { spillDir });
  const own = pool === undefined ? new RunPool(1) : undefined;
  const runPool = pool ?? own!;
  // The whole input's records go to disk as their headers are read, sorted by ref; a shard's few
  // are held in listing order, with their places in the whole listing.
  const records = only === undefined ? new SortedRecords<ScannedFile>(join(spillDir, 'scan'), 'files') : undefined;
  const held: ScannedFile[] = [];
  let listedCount = 0;
  const problems: InputProblem[] = [];
  const positions = { files: [] as number[], problems: [] as number[] };
  let position = 0;
  const keepProblem = (problem: InputProblem) => {
    const at = position++;
    if (only !== undefined && !only(problem.ref)) return;
    problems.push(problem);
    positions.problems.push(at);
  };
  for (const problem of discovered.problems) keepProblem(problem);
  const meter = new RateMeter();
  // Every file of a series says who it belongs to in the same words: held until planning, one copy
  // of each identity and risk list serves them all instead of one per file.
  const identities = equalValues<NonNullable<HeaderFacts['identity']>>(100_000);
  const risks = equalValues<NonNullable<HeaderFacts['risk']>>(100_000);
  // A thread's reply brings its own copy of every string, the kind ('dicom') included.
  const kinds = equalValues<HeaderFacts['kind']>(16);
  const shareEqual = (answer: HeaderFacts): HeaderFacts => {
    answer.kind = kinds(answer.kind);
    if (answer.identity !== undefined) answer.identity = identities(answer.identity);
    if (answer.risk !== undefined) answer.risk = risks(answer.risk);
    return answer;
  };
  const inFlight = new Set<Promise<void>>();
  let read = 0;
  let batch: ScanItem[] = [];
  let batchStart = 0;
  const report = (total: number) => {
    const { filesPerSecond } = meter.update(read, total);
    hooks.onProgress?.({ phase: 'scan', done: read, total, filesPerSecond, etaSeconds: undefined, currentPatient: undefined });
  };
  let batchListed: Listed[] = [];
  const dispatch = async () => {
    if (batch.length === 0) return;
    const items = batch;
    const entries = batchListed;
    const start = batchStart;
    batch = [];
    batchListed = [];
    batchStart = listedCount;
    runPool.grow(listedCount);
    const job = runPool.scan(items).then((answers) => {
      answers.forEach((answer, i) => {
        const file = scannedFile(entries[i]!, shareEqual(answer));
        if (records) records.add(file.ref, file);
        else held[start + i] = file;
      });
      read += answers.length;
      report(listedCount);
    });
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job)).catch(() => {});
    // Enough batches queued that a worker never waits for this thread, and no more.
    while (inFlight.size >= runPool.jobs * 4) await Promise.race(inFlight);
  };
  try {
    await runPool.startScan({ inputRoot: discovered.root, spillDir });
    for (const source of discovered.sources) {
      for await (const item of listEntries(source)) {
        hooks.signal?.throwIfAborted();
        if (isProblem(item)) {
          keepProblem(item);
          continue;
        }
        const at = position++;
        if (only !== undefined && !only(item.ref)) continue;
        positions.files.push(at);
        const entry: Listed = { ref: item.ref, source: source.name, sourceKind: source.kind, relativePath: tailOf(item.ref, item.relativePath), size: item.size, entryClass: item.class };
        listedCount += 1;
        batchListed.push(entry);
        batch.push({ ref: item.ref, entryClass: item.class });
        if (batch.length >= BATCH) await dispatch();
      }
    }
    await dispatch();
    await Promise.all(inFlight);
  } finally {
    await Promise.allSettled(inFlight);
    await own?.close();
    await discovered.opener.close();
  }
  report(listedCount);
  const files = records ?? held;
  return { root: discovered.root, sources: [...discovered.sources], files, problems, ...(only === undefined ? {} : { positions }) };
}

/**
 * Every ref of the input as it is now, names only: no header is read. What a plan compares its
 * scans with, and a merge its plan.
 */
export async function forEachInputRef(inputPath: string, spillDir: string, onRef: (ref: string) => void, pool?: RunPool): Promise<void> {
  await scanInput(inputPath, spillDir, {}, pool, (ref) => {
    onRef(ref);
    return false;
  });
}
