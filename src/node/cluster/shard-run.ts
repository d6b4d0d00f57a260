/**
 * The shard commands: `scan --shard K/N` (pass 1 for the files of shard K) and
 * `anonymize --plan … --shard K/N` (pass 2 for them). A shard reads its own lines of the plan
 * (plan-files.jsonl, checked to be plan-run.json's plan), then writes only its own files, into
 * the shared output, through its own temp folder and journal; a shard killed and run again
 * resumes from that journal. Its results land in `shards/done-K-of-N.json` only when every file of
 * the shard is through.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import type { AnonymizeOptions } from '../../core/options/schema.ts';
import { readLines, writeTextAtomic } from '../io/text-files.ts';
import { residueMessage, skippedMessage } from '../run/file-account.ts';
import type { FileResult } from '../run/file-task.ts';
import type { PreparedRun } from '../run/prepare.ts';
import { journalEntryFor, readJournal } from '../state/journal.ts';
import { withRunPool } from '../pool/open-pool.ts';
import { privatePaths, readPrivateState } from '../state/private-dir.ts';
import { processorSetup, triage, writeTasks } from '../run/run-anonymization.ts';
import { checkRunPaths } from '../run/run-paths.ts';
import { scanInput } from '../run/scan-input.ts';
import { refPath } from '../sources/index.ts';
import { adoptMovedInput, inputSignature, spellingsDigest } from '../run/signatures.ts';
import type { RunHooks } from '../run/types.ts';
import { clusterPaths, shardTempDir } from './cluster-paths.ts';
import { type LoadedPlan, loadPlan } from './plan-step.ts';
import { writeScanFile } from './scan-files.ts';
import { type PlanSlice, preparedFromPlan, readPlanFiles } from './shard-plan.ts';
import { lockShard } from './shard-lock.ts';
import { readMerged, shardExitCode } from './merged-marker.ts';
import { type ShardSpec, shardName, shardOf } from './shard.ts';

export interface ShardOutcome {
  /** Files of this shard, and how many were written now. */
  files: number;
  written: number;
  stopped: boolean;
  exitCode: 0 | 1 | 2 | 3;
}

/** Pass 1 for the files of shard `spec`: their header facts into the private dir. */
export async function scanShard(options: Pick<AnonymizeOptions, 'input' | 'output' | 'privateDir' | 'jobs'>, spec: ShardSpec, hooks: RunHooks = {}): Promise<number> {
  const privateDir = resolve(options.privateDir);
  const input = resolve(options.input);
  if (!existsSync(input)) throw new UsageError('E_INPUT_MISSING', `input not found: ${options.input}`, { file: options.input });
  const cluster = clusterPaths(privateDir);
  const spill = cluster.spill(spec);
  mkdirSync(cluster.scans, { recursive: true, mode: 0o700 });
  // Two processes of one scan shard would clear each other's spill folder.
  const release = lockShard(cluster.scanLock(spec), `scan shard ${shardName(spec)}`);
  mkdirSync(spill, { recursive: true, mode: 0o700 });
  try {
    return await withRunPool(options.jobs, async (pool) => {
      const scan = await scanInput(input, spill, hooks, pool, (ref) => shardOf(ref, spec.count) === spec.index);
      writeScanFile(privateDir, spec, input, scan);
      return scan.files.length;
    });
  } finally {
    rmSync(spill, { recursive: true, force: true });
    release();
  }
}

/** What `shards/done-K-of-N.json` says: the shard, its plan, and each file's result. */
export interface DoneFile {
  shard: ShardSpec;
  digest: string;
  results: FileResult[];
}

/**
 * The done file is JSON lines (its head, one line per result, an end line with the count): a
 * shard of millions of files holds more results than one string can.
 */
export function writeDoneFile(path: string, done: DoneFile): void {
  writeTextAtomic(
    path,
    (emit) => {
      emit(`${JSON.stringify({ shard: done.shard, digest: done.digest })}\n`);
      for (const result of done.results) emit(`${JSON.stringify(result)}\n`);
      emit(`${JSON.stringify({ end: done.results.length })}\n`);
    },
    0o600,
  );
}

/** A done file read back; undefined when it is torn or of another format. */
export function readDoneFile(path: string): DoneFile | undefined {
  let head: Omit<DoneFile, 'results'> | undefined;
  let end: number | undefined;
  const results: FileResult[] = [];
  try {
    readLines(path, (line) => {
      if (line.length === 0) return;
      const value = JSON.parse(line) as Record<string, unknown>;
      if (head === undefined) head = value as unknown as Omit<DoneFile, 'results'>;
      else if ('ref' in value) results.push(value as unknown as FileResult);
      else end = value.end as number;
    });
  } catch {
    return undefined;
  }
  return head?.shard !== undefined && typeof head.digest === 'string' && end === results.length ? { ...head, results } : undefined;
}

/** The plan, with the paths the command line names checked against it. */
export function planForCommand(planPath: string, given: Pick<AnonymizeOptions, 'input' | 'output'>): LoadedPlan {
  const plan = loadPlan(planPath);
  const privateDir = dirname(resolve(planPath));
  if (resolve(given.input) !== resolve(plan.options.input) || resolve(given.output) !== resolve(plan.options.output) || privateDir !== resolve(plan.options.privateDir)) {
    throw new UsageError('E_PLAN_PATHS', `${planPath} plans ${plan.options.input} into ${plan.options.output} (private dir ${plan.options.privateDir}); the command line names other folders`, { file: planPath });
  }
  return plan;
}

/** Pass 2 for the files of shard `spec` under `plan` (from planForCommand). */
export async function anonymizeShard(plan: LoadedPlan, spec: ShardSpec, jobs: number, hooks: RunHooks = {}): Promise<ShardOutcome> {
  const options: AnonymizeOptions = { ...plan.options, jobs };
  const priv = privatePaths(resolve(options.privateDir));
  const cluster = clusterPaths(priv.dir);
  // Before anything is opened: the output and private dir must be what the plan made.
  checkRunPaths(options, readPrivateState(priv.dir)?.dataset);
  // Run again after the merge (a retried job): the registry has moved on and the shard's folder is
  // gone, but nothing is left to do; it answers what it answered the first time.
  const merged = readMerged(priv.dir, plan.digest)?.shards[shardName(spec)];
  if (merged !== undefined) {
    hooks.onLog?.({ level: 'info', message: `shard ${shardName(spec)}: ${merged.files} file(s), 0 written now (its plan's shards were merged already)` });
    return { files: merged.files, written: 0, stopped: false, exitCode: merged.exitCode };
  }
  // Only this shard's lines of the plan, checked to be plan-run.json's plan: no planning again.
  const slice = readPlanFiles(priv.dir, plan.digest, { shard: spec });
  const prepared = await preparedFromPlan(options, slice, false);
  mkdirSync(cluster.shards, { recursive: true, mode: 0o700 });
  // Before its temp folder is cleared: a second process of this shard must not clear the first's.
  const release = lockShard(cluster.lock(spec), `shard ${shardName(spec)}`);
  try {
    return await writeShard(plan, spec, jobs, hooks, options, slice, prepared);
  } finally {
    release();
  }
}

async function writeShard(plan: LoadedPlan, spec: ShardSpec, jobs: number, hooks: RunHooks, options: AnonymizeOptions, slice: PlanSlice, prepared: PreparedRun): Promise<ShardOutcome> {
  const priv = privatePaths(resolve(options.privateDir));
  const cluster = clusterPaths(priv.dir);
  return withRunPool(jobs, async (runPool) => {
    const tempDir = shardTempDir(prepared.paths.output, spec);
    const spill = cluster.spill(spec);
    // An earlier run's report must not be read as this one's while the shards write (merge writes the new one).
    for (const report of ['report.json', 'report.html']) rmSync(join(prepared.paths.output, report), { force: true });
    rmSync(tempDir, { recursive: true, force: true });
    mkdirSync(tempDir, { recursive: true });
    mkdirSync(spill, { recursive: true, mode: 0o700 });
    mkdirSync(priv.quarantine, { recursive: true, mode: 0o700 });
    mkdirSync(cluster.shards, { recursive: true, mode: 0o700 });
    // Finished under an earlier plan: its journal says how that plan wrote the files, not this one.
    const earlier = readDoneFile(cluster.done(spec));
    if (earlier !== undefined && earlier.digest !== plan.digest) rmSync(cluster.journal(spec), { force: true });
    rmSync(cluster.done(spec), { force: true });
    const digest = spellingsDigest(prepared.registry);
    const mtimes = new Map<string, number>();
    // Only this shard's inputs are stat'ed: N shards each stat'ing every file would load a shared
    // file system's metadata server N times over.
    const sigOf = new Map(slice.planned.map(({ task, file }) => [task.ref, inputSignature(prepared.scan.root, { ref: task.ref, ...file }, mtimes)]));
    // An earlier single run's journal, then this shard's own (its lines win).
    const journal = adoptMovedInput(readJournal(priv.journal), prepared.scan.root, sigOf);
    const ownJournal = readJournal(cluster.journal(spec));
    for (const [key, entry] of ownJournal) journal.set(key, entry);
    // A file this shard wrote before it was stopped was written by this very run (the shard set,
    // merged once): it keeps its outcome, as in a run that was never stopped.
    const done: FileResult[] = [];
    const { todo } = triage(
      prepared,
      journal.size === 0 ? undefined : { entryFor: (ref) => journalEntryFor(journal, prepared.scan.root, ref) },
      digest,
      (planned) => sigOf.get(planned.task.ref) ?? '',
      (result) => {
        const outcome = journalEntryFor(ownJournal, prepared.scan.root, result.ref)?.outcome;
        done.push(outcome === 'anonymized' ? { ...result, outcome } : result);
      },
      join(spill, 'plan'),
    );
    const pass = await writeTasks(runPool, {
      setup: processorSetup(prepared, options, tempDir, spill),
      todo,
      journalPath: cluster.journal(spec),
      journalFields: (planned) => ({ sig: sigOf.get(planned.task.ref) ?? '', spellings: digest, input: prepared.scan.root }),
      options,
      hooks,
      alreadyDone: done.length,
      total: prepared.planned.length,
    });
    const results: FileResult[] = [...done, ...pass.results];
    const stopped = pass.stopped !== undefined;
    if (!stopped) {
      writeDoneFile(cluster.done(spec), { shard: spec, digest: plan.digest, results });
      rmSync(tempDir, { recursive: true, force: true });
    }
    rmSync(spill, { recursive: true, force: true });
    // What a single run says of its files, so a shard's log alone tells what to look at.
    for (const result of results) {
      const input = refPath(prepared.scan.root, result.ref);
      if (result.outcome === 'quarantined') hooks.onLog?.({ level: 'error', message: residueMessage(input, join(priv.quarantine, result.out), result.element) });
      else if (result.outcome === 'skipped') hooks.onLog?.({ level: 'warn', message: skippedMessage(input, result.reason ?? 'skipped') });
    }
    const end =
      pass.stopped === 'residue'
        ? ', stopped at a file whose name could not be removed (see above; running this shard again stops there too: plan again with --on-residue quarantine to go on)'
        : stopped
          ? ', stopped (run this shard again to resume)'
          : '';
    hooks.onLog?.({ level: 'info', message: `shard ${shardName(spec)}: ${prepared.planned.length} file(s), ${pass.results.length} written now${end}` });
    return { files: prepared.planned.length, written: pass.results.length, stopped, exitCode: shardExitCode(results, pass.stopped === 'residue') };
  });
}
