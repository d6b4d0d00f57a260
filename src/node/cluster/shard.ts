/**
 * Which shard a file belongs to, and which shard this process is. The split is a plain SHA-256 of
 * the input ref modulo the shard count: stable across machines and runs, so a shard killed and run
 * again takes the very same files, and no two shards ever write the same output.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../../core/errors.ts';

/** Shard `index` of `count`, counted from 1 as in `--shard 2/3`. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** More shards than this is a typo, not a cluster. */
const MAX_SHARDS = 1_000_000;

export function shardName(spec: ShardSpec): string {
  return `${spec.index}-of-${spec.count}`;
}

/**
 * The number an input ref's shard is taken from, for any count: 48 bits of its SHA-256 (modulo
 * any count up to MAX_SHARDS it stays even to well under one part in a million).
 */
export function shardHash(ref: string): number {
  return createHash('sha256').update(ref).digest().readUIntBE(0, 6);
}

/** The shard (1…count) of an input ref. */
export function shardOf(ref: string, count: number): number {
  return (shardHash(ref) % count) + 1;
}

function bad(text: string): never {
  throw new UsageError('E_SHARD', `--shard: ${text}`);
}

function wholeNumber(text: string | undefined, what: string): number {
  if (text === undefined || !/^\d{1,7}$/.test(text.trim())) bad(`${what} must be a whole number, got "${text ?? ''}"`);
  return Number(text.trim());
}

function checked(index: number, count: number): ShardSpec {
  if (count < 1 || count > MAX_SHARDS) bad(`the shard count must be 1 to ${MAX_SHARDS}, got ${count}`);
  if (index < 1 || index > count) bad(`shard ${index} is not one of 1…${count}`);
  return { index, count };
}

/**
 * `K/N`, or `auto`: a Slurm array task (`SLURM_ARRAY_TASK_ID` with `SLURM_ARRAY_TASK_COUNT`, or
 * `SLURM_ARRAY_TASK_MIN`/`MAX`) or a Kubernetes Indexed Job (`JOB_COMPLETION_INDEX`, counted from
 * 0, with `shards`, the job's completions).
 */
export function parseShard(text: string, env: Record<string, string | undefined>, shards?: string): ShardSpec {
  const spec = text.trim();
  if (spec !== 'auto') {
    const match = /^(\d{1,7})\/(\d{1,7})$/.exec(spec);
    if (!match) bad(`expected K/N (e.g. 2/8) or auto, got "${text}"`);
    return checked(Number(match[1]), Number(match[2]));
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined) {
    const id = wholeNumber(env.SLURM_ARRAY_TASK_ID, 'SLURM_ARRAY_TASK_ID');
    const min = env.SLURM_ARRAY_TASK_MIN === undefined ? undefined : wholeNumber(env.SLURM_ARRAY_TASK_MIN, 'SLURM_ARRAY_TASK_MIN');
    const max = env.SLURM_ARRAY_TASK_MAX === undefined ? undefined : wholeNumber(env.SLURM_ARRAY_TASK_MAX, 'SLURM_ARRAY_TASK_MAX');
    const first = min ?? 1;
    // A stepped array (--array=0-9:2) has fewer tasks than MAX-MIN+1; only a dense one is a shard set.
    const count = env.SLURM_ARRAY_TASK_COUNT !== undefined ? wholeNumber(env.SLURM_ARRAY_TASK_COUNT, 'SLURM_ARRAY_TASK_COUNT') : max !== undefined ? max - first + 1 : bad('auto: SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX is');
    if (max !== undefined && max - first + 1 !== count) bad(`auto: the Slurm array must be dense (--array=${first}-${first + count - 1}), got ${first}-${max} with ${count} tasks`);
    return checked(id - first + 1, count);
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    if (shards === undefined) bad('auto: JOB_COMPLETION_INDEX is set; give the job\'s completions with --shards N');
    return checked(wholeNumber(env.JOB_COMPLETION_INDEX, 'JOB_COMPLETION_INDEX') + 1, wholeNumber(shards, '--shards'));
  }
  return bad('auto: neither SLURM_ARRAY_TASK_ID (Slurm array) nor JOB_COMPLETION_INDEX (Kubernetes Indexed Job) is set');
}
