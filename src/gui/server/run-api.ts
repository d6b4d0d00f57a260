/**
 * The run functions the GUI drives, as the pipeline (`src/node/run`) exports them. The server takes
 * them as a dependency so in-process tests and the real command pass the same shape.
 */
import type { AnonymizeOptions } from '../../core/options/schema.ts';
import type { RunHooks, RunPlan, RunSummary } from '../../node/run/types.ts';

export type { PlanPatient, RunHooks, RunPlan, RunProgress, RunSummary } from '../../node/run/types.ts';

/** `planAnonymization` (the dry run behind the preview) and `runAnonymization` (the real run). */
export interface RunApi {
  planAnonymization(options: AnonymizeOptions, hooks?: RunHooks): Promise<RunPlan>;
  runAnonymization(options: AnonymizeOptions, hooks?: RunHooks): Promise<RunSummary>;
}
