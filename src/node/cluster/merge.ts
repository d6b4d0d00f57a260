/**
 * `dicomveil merge`: once every shard is through, what a single run writes at its end, from the
 * shards' results: the CSVs, the patient registry, files.csv and report.json, with the contract's
 * exit code. The shards' journals join the private dir's journal, so a later run (on one machine
 * or on many) knows every file written.
 */
import { closeSync, openSync, readdirSync, readSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { writeRunCsvs } from '../run/csv-outputs.ts';
import type { FileResult } from '../run/file-task.ts';
import type { AnonymizeOptions } from '../../core/options/schema.ts';
import { writeRegistry } from '../state/patient-registry.ts';
import { lockPrivateDir } from '../state/run-lock.ts';
import { privatePaths } from '../state/private-dir.ts';
import { accountantFor, finishRun } from '../run/run-anonymization.ts';
import { forEachInputRef } from '../run/scan-input.ts';
import type { RunHooks, RunSummary } from '../run/types.ts';
import { clusterPaths, specOfName } from './cluster-paths.ts';
import { loadPlan } from './plan-step.ts';
import { preparedFromPlan, readPlanFiles } from './shard-plan.ts';
import { type DoneFile, readDoneFile } from './shard-run.ts';
import { type ShardSpec, shardName } from './shard.ts';
import { mergedPath, readMerged, shardExitCode, writeMerged } from './merged-marker.ts';

/**
 * Files of the input the plan does not know: added after it (a transfer still arriving), they
 * were written by no shard. The input is listed again, names only, no header read.
 */
async function addedSincePlan(input: string, spill: string, prepared: Awaited<ReturnType<typeof preparedFromPlan>>): Promise<string[]> {
  const known = new Set<string>();
  for (const { task } of prepared.planned) known.add(task.ref);
  for (const entry of prepared.listed) known.add(entry.file?.ref ?? entry.problem?.ref ?? '');
  const added: string[] = [];
  await forEachInputRef(resolve(input), spill, (ref) => {
    if (!known.has(ref)) added.push(ref);
  });
  return added;
}

/** Every shard's results, or a refusal naming the shards not done. */
function readDoneFiles(privateDir: string, digest: string): { files: DoneFile[]; specs: ShardSpec[] } {
  const paths = clusterPaths(privateDir);
  let names: string[] = [];
  try {
    names = readdirSync(paths.shards);
  } catch {
    // No shard has finished.
  }
  const finished = names
    .map((name) => specOfName(name, 'done'))
    .filter((spec) => spec !== undefined)
    .map((spec) => readDoneFile(paths.done(spec)))
    .filter((file) => file !== undefined);
  // A shard finished under an earlier plan wrote its files with that plan's patients or options.
  const stale = finished.filter((file) => file.digest !== digest).map((file) => `${file.shard.index}/${file.shard.count}`);
  if (stale.length > 0) {
    throw new UsageError('E_SHARDS_STALE', `shard(s) ${stale.join(', ')} were run under another plan (dicomveil plan was run again since); run them again before merge`, { file: paths.shards });
  }
  const files = finished as DoneFile[];
  if (files.length === 0) throw new UsageError('E_SHARDS_MISSING', `no anonymize shard of this plan has finished (nothing in ${paths.shards}); run the shards first`, { file: paths.shards });
  const counts = [...new Set(files.map((file) => file.shard.count))];
  if (counts.length > 1) throw new UsageError('E_SHARDS_MIXED', `${paths.shards} holds shards of ${counts.join(' and ')}; run every shard with one N`, { file: paths.shards });
  const count = counts[0]!;
  const have = new Set(files.map((file) => file.shard.index));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !have.has(index));
  if (missing.length > 0) {
    throw new UsageError('E_SHARDS_MISSING', `shard(s) ${missing.map((index) => `${index}/${count}`).join(', ')} have not finished; run them (again) before merge`, { file: paths.shards });
  }
  files.sort((a, b) => a.shard.index - b.shard.index);
  return { files, specs: files.map((file) => file.shard) };
}

/** Appends the file at `from` to `to` a chunk at a time (a shard's journal may be gigabytes). */
function appendFile(to: string, from: string): void {
  let source: number;
  try {
    source = openSync(from, 'r');
  } catch (error) {
    // A shard whose every file was already done by an earlier run wrote no journal line.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const target = openSync(to, 'a', 0o600);
  try {
    const buffer = Buffer.allocUnsafe(1 << 22);
    for (let read = readSync(source, buffer); read > 0; read = readSync(source, buffer)) {
      for (let done = 0; done < read; ) done += writeSync(target, buffer, done, read - done);
    }
  } finally {
    closeSync(target);
    closeSync(source);
  }
}

export async function mergeShards(output: string, privateDir: string, hooks: RunHooks = {}): Promise<RunSummary> {
  const planPath = privatePaths(resolve(privateDir)).plan;
  const plan = loadPlan(planPath);
  // The plan's options as they were given (--jobs included): report.json repeats them, as a single run's does.
  const options = plan.options;
  if (resolve(output) !== resolve(options.output)) {
    throw new UsageError('E_PLAN_PATHS', `${planPath} plans into ${options.output}, not ${output}`, { file: planPath });
  }
  // Run again after it succeeded (a retried job): the same answer, not a refusal for shards now gone.
  const merged = readMerged(resolve(privateDir), plan.digest);
  if (merged !== undefined) {
    hooks.onLog?.({ level: 'info', message: `the shards of ${planPath} were merged already (${mergedPath(resolve(privateDir))}); nothing to merge again` });
    return merged.summary;
  }
  const { files, specs } = readDoneFiles(resolve(privateDir), plan.digest);
  // One merge (or run) at a time writes the private dir's CSVs, registry and journal.
  const release = lockPrivateDir(resolve(privateDir));
  try {
    return await mergeDone(options, privateDir, plan.digest, files, specs, hooks);
  } finally {
    release();
  }
}

async function mergeDone(options: AnonymizeOptions, privateDir: string, digest: string, files: DoneFile[], specs: ShardSpec[], hooks: RunHooks): Promise<RunSummary> {
  // The run as the plan left it (every task, the files not written), read from the plan: no planning again.
  const prepared = await preparedFromPlan(options, readPlanFiles(resolve(privateDir), digest, { listed: true }), true);
  const results: FileResult[] = files.flatMap((file) => file.results);
  const covered = new Set(results.map((result) => result.ref));
  let lost = 0;
  for (const { task } of prepared.planned) if (!covered.has(task.ref)) lost += 1;
  if (lost > 0) throw new UsageError('E_SHARDS_MISSING', `${lost} planned file(s) are in no shard's results; run the shards again`, { file: clusterPaths(privateDir).shards });
  await writeRunCsvs(prepared, options, hooks);
  writeRegistry(prepared.paths.privateDir, prepared.registry);
  const priv = privatePaths(prepared.paths.privateDir);
  const cluster = clusterPaths(prepared.paths.privateDir);
  for (const spec of specs) appendFile(priv.journal, cluster.journal(spec));
  const account = accountantFor(prepared);
  for (const result of results) account.add(result);
  let added: string[] = [];
  try {
    added = await addedSincePlan(options.input, priv.spill, prepared);
  } catch (error) {
    // A merge on a node that does not see the input still merges; it says what it could not check.
    hooks.onLog?.({ level: 'warn', message: `${options.input} cannot be listed (${(error as Error).message}): files added to it after the plan are not looked for` });
  }
  for (const ref of added) account.addUnplanned(ref);
  const summary = finishRun(prepared, options, hooks, account, undefined);
  // Before the shards' folders go: a merge or shard run again after this point answers from it.
  const shards = Object.fromEntries(files.map((file) => [shardName(file.shard), { files: file.results.length, exitCode: shardExitCode(file.results) }]));
  writeMerged(prepared.paths.privateDir, { digest, summary, shards });
  // Its journals are in the private dir's now; the shard set is spent, and so are its scans: a
  // later plan (the dataset extended) must read the input as it is then, not as it was.
  rmSync(cluster.shards, { recursive: true, force: true });
  rmSync(cluster.scans, { recursive: true, force: true });
  rmSync(join(prepared.paths.privateDir, 'spill'), { recursive: true, force: true });
  return summary;
}
