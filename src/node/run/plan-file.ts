/** plan.json in the private dir: the dry run's plan, names included (it never leaves the private dir). */
import type { PreparedRun } from './prepare.ts';
import { privatePaths } from './private-dir.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** `extra`: what a run past one machine adds (the options its shards and merge run with). */
export function writePlanFile(prepared: PreparedRun, extra: Record<string, unknown> = {}): void {
  const body = {
    ...prepared.plan,
    ...extra,
    files: prepared.tasks.map((task) => ({ input: task.ref, output: task.out, patient: task.patientId })),
  };
  writeFileAtomic(privatePaths(prepared.paths.privateDir).plan, `${JSON.stringify(body, null, 2)}\n`, 0o600);
}
