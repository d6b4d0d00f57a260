/**
 * plan.json in the private dir: the dry run's plan, names included (it never leaves the private
 * dir). Written a piece at a time: a plan of millions of files (or of ignored files) is longer
 * than the longest string JavaScript holds. The text is JSON.stringify(plan, null, 2)'s, and
 * atomic like the others.
 */
import type { PreparedRun } from '../run/prepare.ts';
import { StreamedArray } from '../../core/json/write-json.ts';
import { writeJsonAtomic } from '../io/text-files.ts';
import { privatePaths } from './private-dir.ts';

export function writePlanFile(prepared: PreparedRun): void {
  const files = new StreamedArray((take) => {
    for (const { task } of prepared.planned) take({ input: task.ref, output: task.out, patient: task.patientId });
  });
  writeJsonAtomic(privatePaths(prepared.paths.privateDir).plan, { ...prepared.plan, files }, 0o600);
}
