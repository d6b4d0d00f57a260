/**
 * Pass 1 split into shards: `dicomveil scan --shard K/N` reads the headers of its files and leaves
 * them in `<private-dir>/scans/scan-K-of-N.json` (written atomically: a killed scan leaves none);
 * the plan step joins a complete set back into the single run's listing order.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import type { ScannedInput } from '../run/scan-input.ts';
import { clusterPaths, specOfName } from './cluster-paths.ts';
import { type ShardSpec, shardName } from './shard.ts';

const FORMAT = 'dicomveil-scan-1';

interface ScanFile {
  format: typeof FORMAT;
  shard: ShardSpec;
  input: string;
  scan: ScannedInput;
}

export function writeScanFile(privateDir: string, spec: ShardSpec, input: string, scan: ScannedInput): void {
  const paths = clusterPaths(privateDir);
  mkdirSync(paths.scans, { recursive: true, mode: 0o700 });
  const body: ScanFile = { format: FORMAT, shard: spec, input: resolve(input), scan };
  // Names are in it: private, like the journal.
  writeFileAtomic(paths.scan(spec), JSON.stringify(body), 0o600);
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
  const parts = Array.from({ length: count }, (_, i) => JSON.parse(readFileSync(paths.scan({ index: i + 1, count }), 'utf8')) as ScanFile);
  for (const part of parts) {
    if (part.format !== FORMAT || part.input !== resolve(input)) {
      throw new UsageError('E_SCANS_FOREIGN', `${paths.scan(part.shard)} is a scan of ${part.input}, not of ${resolve(input)}; scan again`, { file: paths.scans });
    }
  }
  return joinScans(parts.map((part) => part.scan));
}

/** Shards' scans back into one, every file and problem at its place in the whole listing. */
export function joinScans(parts: readonly ScannedInput[]): ScannedInput {
  const files: [number, ScannedInput['files'][number]][] = [];
  const problems: [number, ScannedInput['problems'][number]][] = [];
  for (const part of parts) {
    const at = part.positions ?? { files: part.files.map((_, i) => i), problems: part.problems.map((_, i) => i) };
    part.files.forEach((file, i) => {
      files.push([at.files[i]!, file]);
    });
    part.problems.forEach((problem, i) => {
      problems.push([at.problems[i]!, problem]);
    });
  }
  files.sort((a, b) => a[0] - b[0]);
  problems.sort((a, b) => a[0] - b[0]);
  const first = parts[0]!;
  return { root: first.root, sources: first.sources, files: files.map(([, file]) => file), problems: problems.map(([, problem]) => problem) };
}
