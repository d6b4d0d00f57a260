/**
 * Pass 1 split into shards: `dicomveil scan --shard K/N` reads the headers of its files and leaves
 * them in `<private-dir>/scans/scan-K-of-N.json` (JSON lines, written atomically: a killed scan leaves none);
 * the plan step joins a complete set back into the single run's listing order.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { readLines, writeTextAtomic } from '../io/text-files.ts';
import type { ScannedFile } from '../../core/plan/scanned-file.ts';
import type { ScannedInput } from '../run/scan-input.ts';
import { clusterPaths, specOfName } from './cluster-paths.ts';
import { type ShardSpec, shardName } from './shard.ts';

const FORMAT = 'dicomveil-scan-2';

/**
 * A scan file is JSON lines: this head, then one line per problem and per file with its place in
 * the whole listing, then an end line with their counts (a torn file is never taken for a whole
 * one). A shard of millions of files is longer than one string can be; no line is.
 */
interface ScanHead {
  format: typeof FORMAT;
  shard: ShardSpec;
  input: string;
  root: string;
  sources: ScannedInput['sources'];
}

type ScanLine = { file: ScannedFile; at: number } | { problem: ScannedInput['problems'][number]; at: number } | { end: { files: number; problems: number } };

export function writeScanFile(privateDir: string, spec: ShardSpec, input: string, scan: ScannedInput): void {
  const paths = clusterPaths(privateDir);
  mkdirSync(paths.scans, { recursive: true, mode: 0o700 });
  const head: ScanHead = { format: FORMAT, shard: spec, input: resolve(input), root: scan.root, sources: scan.sources };
  const at = scan.positions;
  // Names are in it: private, like the journal.
  writeTextAtomic(
    paths.scan(spec),
    (emit) => {
      emit(`${JSON.stringify(head)}\n`);
      scan.problems.forEach((problem, i) => {
        emit(`${JSON.stringify({ problem, at: at?.problems[i] ?? i } satisfies ScanLine)}\n`);
      });
      let i = 0;
      for (const file of scan.files) {
        emit(`${JSON.stringify({ file, at: at?.files[i] ?? i } satisfies ScanLine)}\n`);
        i += 1;
      }
      emit(`${JSON.stringify({ end: { files: scan.files.length, problems: scan.problems.length } } satisfies ScanLine)}\n`);
    },
    0o600,
  );
}

/** One shard's scan, a line at a time; undefined when it is not a whole scan of this format. */
function readScanFile(path: string): { head: ScanHead; scan: ScannedInput } | undefined {
  let head: ScanHead | undefined;
  let ended = false;
  const files: ScannedFile[] = [];
  const scan: ScannedInput = { root: '', sources: [], files, problems: [], positions: { files: [], problems: [] } };
  try {
    readLines(path, (text) => {
      if (text.length === 0 || ended) return;
      if (head === undefined) {
        head = JSON.parse(text) as ScanHead;
        if (head.format !== FORMAT) throw new Error('not a scan');
        scan.root = head.root;
        scan.sources = head.sources;
        return;
      }
      const line = JSON.parse(text) as ScanLine;
      if ('file' in line) {
        files.push(line.file);
        scan.positions!.files.push(line.at);
      } else if ('problem' in line) {
        scan.problems.push(line.problem);
        scan.positions!.problems.push(line.at);
      } else ended = line.end.files === scan.files.length && line.end.problems === scan.problems.length;
    });
  } catch {
    return undefined;
  }
  return head !== undefined && ended ? { head, scan } : undefined;
}

/**
 * The scans of one complete shard set, joined; undefined when there are none. Refuses a partial
 * set (naming the missing shards), two different sets, or scans of another input.
 */
export function readScanFiles(privateDir: string, input: string): ScannedInput | undefined {
  const paths = clusterPaths(privateDir);
  let names: string[];
  try {
    names = readdirSync(paths.scans);
  } catch {
    return undefined;
  }
  const specs = names.map((name) => specOfName(name, 'scan')).filter((spec) => spec !== undefined);
  if (specs.length === 0) return undefined;
  const counts = [...new Set(specs.map((spec) => spec.count))];
  if (counts.length > 1) {
    throw new UsageError('E_SCANS_MIXED', `${paths.scans} holds scans of ${counts.join(' and ')} shards; remove the set you do not mean`, { file: paths.scans });
  }
  const count = counts[0]!;
  const have = new Set(specs.map((spec) => spec.index));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !have.has(index));
  if (missing.length > 0) {
    throw new UsageError('E_SCANS_MISSING', `scan shard(s) ${missing.map((index) => `${index}/${count}`).join(', ')} have not finished (no ${missing.map((index) => `scan-${shardName({ index, count })}.json`).join(', ')} in ${paths.scans})`, { file: paths.scans });
  }
  const parts = Array.from({ length: count }, (_, i) => {
    const path = paths.scan({ index: i + 1, count });
    const part = readScanFile(path);
    if (part === undefined) throw new UsageError('E_SCANS_FOREIGN', `${path} is not a whole scan of this version of dicomveil; scan again`, { file: path });
    if (part.head.input !== resolve(input)) {
      throw new UsageError('E_SCANS_FOREIGN', `${path} is a scan of ${part.head.input}, not of ${resolve(input)}; scan again`, { file: paths.scans });
    }
    return part.scan;
  });
  return joinScans(parts);
}

/** Shards' scans back into one, every file and problem at its place in the whole listing. */
export function joinScans(parts: readonly ScannedInput[]): ScannedInput {
  const files: [number, ScannedFile][] = [];
  const problems: [number, ScannedInput['problems'][number]][] = [];
  for (const part of parts) {
    const at = part.positions;
    let i = 0;
    for (const file of part.files) {
      files.push([at?.files[i] ?? i, file]);
      i += 1;
    }
    part.problems.forEach((problem, n) => {
      problems.push([at?.problems[n] ?? n, problem]);
    });
  }
  files.sort((a, b) => a[0] - b[0]);
  problems.sort((a, b) => a[0] - b[0]);
  const first = parts[0]!;
  return { root: first.root, sources: first.sources, files: files.map(([, file]) => file), problems: problems.map(([, problem]) => problem) };
}
