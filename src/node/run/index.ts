/**
 * The end-to-end run, as the CLI and the GUI drive it: plan (the dry run), run, verify.
 * @example
 * const summary = await runAnonymization(options, { onProgress: (p) => draw(p) });
 * if (summary.exitCode !== 0) console.error(summary.error ?? summary.residue);
 */
import type { AnonymizeOptions } from '../../core/options/schema.ts';
import { withRunPool } from '../pool/open-pool.ts';
import { writePlanFile } from '../state/plan-file.ts';
import { discardPlanLists, prepareRun } from './prepare.ts';
import type { RunHooks, RunPlan } from './types.ts';

export { runAnonymization } from './run-anonymization.ts';
export type { FileCounts, PlanPatient, RunHooks, RunPlan, RunProgress, RunSummary } from './types.ts';
export { verifyOutput } from './verify-output.ts';

/**
 * What a run would do (`--dry-run`): creates the private dir and key (so ids match the real run),
 * writes plan.json there, writes nothing under the output. Refusals throw UsageError or
 * SpreadsheetError.
 */
export async function planAnonymization(options: AnonymizeOptions, hooks: RunHooks = {}): Promise<RunPlan> {
  // Headers read on every core, as in a run: the preview is what a user waits for first.
  return withRunPool(options.jobs, async (pool) => {
    const prepared = await prepareRun(options, hooks, pool);
    try {
      writePlanFile(prepared);
      discardPlanLists(prepared);
      return prepared.plan;
    } finally {
      prepared.release();
    }
  });
}
