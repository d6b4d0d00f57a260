/**
 * `<private-dir>/shards-merged.json`: the plan whose shards the merge joined, what it said, and
 * each shard's count and exit code. A Slurm or Kubernetes retry may run a shard or the merge again
 * after the merge (which removed the shards' folders and moved the registry on): they answer what
 * they answered the first time instead of refusing. A new plan removes it.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FileResult } from '../run/file-task.ts';
import type { RunSummary } from '../run/types.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';

export interface MergedShard {
  files: number;
  exitCode: 0 | 1 | 3;
}

export interface MergedMarker {
  /** The plan's digest (plan-run.json's). */
  digest: string;
  summary: RunSummary;
  /** By shard name (`2-of-8`). */
  shards: Record<string, MergedShard>;
}

export function mergedPath(privateDir: string): string {
  return join(privateDir, 'shards-merged.json');
}

/** A shard's exit code for its results (CONTRACT.md): 1 quarantined (or stopped at one), 3 skipped, else 0. */
export function shardExitCode(results: readonly FileResult[], stoppedAtResidue = false): 0 | 1 | 3 {
  if (stoppedAtResidue || results.some((result) => result.outcome === 'quarantined')) return 1;
  return results.some((result) => result.outcome === 'skipped') ? 3 : 0;
}

export function writeMerged(privateDir: string, marker: MergedMarker): void {
  writeFileAtomic(mergedPath(privateDir), `${JSON.stringify(marker)}\n`, 0o600);
}

/** The marker when it is the merge of plan `digest`; undefined otherwise (none, another plan's, damaged). */
export function readMerged(privateDir: string, digest: string): MergedMarker | undefined {
  try {
    const marker = JSON.parse(readFileSync(mergedPath(privateDir), 'utf8')) as Partial<MergedMarker>;
    return marker.digest === digest && typeof marker.summary === 'object' && typeof marker.shards === 'object' ? (marker as MergedMarker) : undefined;
  } catch {
    return undefined;
  }
}

export function forgetMerged(privateDir: string): void {
  rmSync(mergedPath(privateDir), { force: true });
}
