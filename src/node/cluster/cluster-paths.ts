/** Where the shards leave their work in the private dir (the only folder they share besides the output). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { TEMP_DIR_NAME } from '../run/run-paths.ts';
import { type ShardSpec, shardName } from './shard.ts';

export function clusterPaths(privateDir: string) {
  const scans = join(privateDir, 'scans');
  const shards = join(privateDir, 'shards');
  return {
    scans,
    shards,
    scan: (spec: ShardSpec) => join(scans, `scan-${shardName(spec)}.json`),
    scanLock: (spec: ShardSpec) => join(scans, `lock-${shardName(spec)}`),
    journal: (spec: ShardSpec) => join(shards, `journal-${shardName(spec)}`),
    done: (spec: ShardSpec) => join(shards, `done-${shardName(spec)}.json`),
    lock: (spec: ShardSpec) => join(shards, `lock-${shardName(spec)}`),
    spill: (spec: ShardSpec) => join(privateDir, 'spill', `shard-${shardName(spec)}`),
  };
}

/** A shard's own temp folder under the output's, so shards never clear each other's. */
export function shardTempDir(output: string, spec: ShardSpec): string {
  return join(output, TEMP_DIR_NAME, `shard-${shardName(spec)}`);
}

/** `scan-2-of-8.json` or `done-2-of-8.json` back to its shard. */
export function specOfName(name: string, kind: 'scan' | 'done'): ShardSpec | undefined {
  const match = new RegExp(`^${kind}-(\\d+)-of-(\\d+)\\.json$`).exec(name);
  return match ? { index: Number(match[1]), count: Number(match[2]) } : undefined;
}

/**
 * Refuses a single run while a shard set of `privateDir` is under way (a shard has begun, merge has
 * not run): its files would stay in the output, in neither report.json nor mapping.csv.
 */
export function refuseDuringShardSet(privateDir: string): void {
  const { shards } = clusterPaths(privateDir);
  let names: string[];
  try {
    names = readdirSync(shards);
  } catch {
    return;
  }
  if (names.length === 0) return;
  throw new UsageError(
    'E_SHARDS_UNDER_WAY',
    `a shard set of this private dir is under way (${shards}); finish its shards and run dicomveil merge, or remove ${shards} to give it up`,
    { file: shards },
  );
}
