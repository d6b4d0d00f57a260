/**
 * `dicomveil plan`: the shards' scans joined (or one scan here when there are none), patients
 * grouped, demographics linked, ids issued, exactly as a single run plans, written to
 * `<private-dir>/plan.json`, beside it plan-files.jsonl (what the shards and the merge read instead
 * of planning again) and plan-run.json with the options every shard and the merge run with. The output folder is made and marked as this private dir's now, so shards starting
 * together all find it theirs.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import { type AnonymizeOptions, OPTION_SPECS } from '../../core/options/schema.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';
import { type RunPool, withRunPool } from '../pool/open-pool.ts';
import { writePlanFile } from '../state/plan-file.ts';
import { discardPlanLists, prepareRun, undoesNewPrivateDir } from '../run/prepare.ts';
import { readRegistry } from '../state/patient-registry.ts';
import { privatePaths } from '../state/private-dir.ts';
import { DATASET_MARKER, TEMP_DIR_NAME } from '../run/run-paths.ts';
import { forEachInputRef, type ScannedInput, scanInput } from '../run/scan-input.ts';
import { spellingsDigest } from '../run/signatures.ts';
import type { RunHooks, RunPlan } from '../run/types.ts';
import { readScanFiles, writeScanFile } from './scan-files.ts';
import { planDigest, writePlanFiles } from './shard-plan.ts';
import { forgetMerged } from './merged-marker.ts';

/**
 * Scans describe the input as it was: a file added or removed since would be left out, or planned
 * from nothing, while the run reports every file done. The input is listed again (names only, no
 * header read) and a difference refused (exit 2).
 */
async function refuseStaleScans(scanned: ScannedInput, input: string, spill: string, pool: RunPool): Promise<void> {
  const now = new Set<string>();
  await forEachInputRef(resolve(input), spill, (ref) => now.add(ref), pool);
  const then = new Set(scanned.problems.map((problem) => problem.ref));
  for (const file of scanned.files) then.add(file.ref);
  const added = [...now].filter((ref) => !then.has(ref)).length;
  const gone = [...then].filter((ref) => !now.has(ref)).length;
  if (added > 0 || gone > 0) {
    throw new UsageError('E_SCANS_STALE', `the input changed since it was scanned (${added} file(s) added, ${gone} gone); run the scan shards again, then plan`, { file: input });
  }
}

export async function planCluster(options: AnonymizeOptions, hooks: RunHooks = {}): Promise<{ plan: RunPlan; files: number }> {
  return withRunPool(options.jobs, async (pool) => {
    const privateDir = resolve(options.privateDir);
    let scanned = readScanFiles(privateDir, options.input);
    const scannedHere = scanned === undefined;
    const privateDirExisted = existsSync(privateDir);
    mkdirSync(privatePaths(privateDir).spill, { recursive: true, mode: 0o700 });
    if (scanned === undefined) scanned = await scanInput(resolve(options.input), privatePaths(privateDir).spill, hooks, pool);
    else await refuseStaleScans(scanned, options.input, privatePaths(privateDir).spill, pool);
    // The registry as this plan found it: a shard refuses to run once another run has changed it.
    const known = spellingsDigest(readRegistry(privateDir));
    const prepared = await prepareRun(options, hooks, pool, { scanned }).catch((error: unknown) => {
      // A refusal leaves no private dir this plan made (prepareRun removed what it put there).
      if (!privateDirExisted && undoesNewPrivateDir(error)) rmSync(privateDir, { recursive: true, force: true });
      throw error;
    });
    try {
      // Kept as a one-shard set, so the shards read it instead of listing the input again.
      if (scannedHere) writeScanFile(privateDir, { index: 1, count: 1 }, options.input, scanned);
      // Every path absolute: shards and the merge start in other working directories than the plan.
      const stored: AnonymizeOptions = { ...absolutePaths(options), input: prepared.paths.input, output: prepared.paths.output, privateDir: prepared.paths.privateDir, dryRun: false };
      // A new plan's shards are not merged, whatever an earlier plan's were.
      forgetMerged(prepared.paths.privateDir);
      writePlanFile(prepared);
      const run: LoadedPlan = { digest: planDigest(prepared, options), options: stored };
      // What the shards and the merge read instead of planning again; plan-run.json last, as it names the plan.
      writePlanFiles(prepared, run.digest, known);
      writeFileAtomic(planRunPath(privatePaths(prepared.paths.privateDir).plan), `${JSON.stringify(run, null, 2)}\n`, 0o600);
      const temp = join(prepared.paths.output, TEMP_DIR_NAME);
      mkdirSync(temp, { recursive: true });
      writeFileSync(join(temp, DATASET_MARKER), `${prepared.state.dataset}\n`);
      const files = prepared.planned.length;
      // What the lists held is in plan-files.jsonl now.
      discardPlanLists(prepared);
      return { plan: prepared.plan, files };
    } finally {
      prepared.release();
    }
  });
}

/** The path options given (the demographics file, the links file…), resolved against this working directory. */
function absolutePaths(options: AnonymizeOptions): AnonymizeOptions {
  const paths: Record<string, string> = {};
  for (const spec of OPTION_SPECS) {
    const value = options[spec.key];
    if (spec.kind === 'path' && typeof value === 'string') paths[spec.key] = resolve(value);
  }
  return { ...options, ...paths };
}

export interface LoadedPlan {
  digest: string;
  options: AnonymizeOptions;
}

/**
 * Beside plan.json, what its shards and the merge run with: the options and the plan's digest.
 * Small, so a shard never reads a plan of millions of files.
 */
export function planRunPath(planPath: string): string {
  return join(dirname(planPath), 'plan-run.json');
}

/** The run part of the plan at `path`; a missing or foreign plan is a refusal (exit 2). */
export function loadPlan(path: string): LoadedPlan {
  if (!existsSync(path)) throw new UsageError('E_PLAN_MISSING', `--plan: ${path} is not found; run dicomveil plan first`, { file: path });
  let run: Partial<LoadedPlan>;
  try {
    run = JSON.parse(readFileSync(planRunPath(path), 'utf8')) as Partial<LoadedPlan>;
  } catch {
    throw new UsageError('E_PLAN_FOREIGN', `--plan: ${path} was not written by dicomveil plan (no readable ${planRunPath(path)}; a --dry-run plan has none); run dicomveil plan`, { file: path });
  }
  if (typeof run.digest !== 'string' || typeof run.options !== 'object' || run.options === null) {
    throw new UsageError('E_PLAN_FOREIGN', `--plan: ${planRunPath(path)} is not dicomveil plan's; run dicomveil plan again`, { file: path });
  }
  return { digest: run.digest, options: run.options };
}
