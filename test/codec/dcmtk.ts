/**
 * dcmdump as a structural checker: whether dcmtk reads a file, without the character set
 * conversion of `+U8` (dcmtk 3.6.7 cannot convert ISO 2022 Japanese, which is not our concern).
 * dcmdump's start-up dominates its run time, so files are checked in batches, halved on failure.
 */
import { spawnSync } from 'node:child_process';

function batchReads(paths: readonly string[]): boolean {
  const result = spawnSync('dcmdump', ['-q', ...paths], { encoding: 'latin1', maxBuffer: 1024 * 1024 * 1024 });
  return result.status === 0 && !/^[EF]: /m.test(result.stderr);
}

/** Whether dcmdump reads each of `paths` without an error. */
export function dcmdumpReadsEach(paths: readonly string[]): boolean[] {
  if (paths.length === 0) return [];
  if (batchReads(paths)) return paths.map(() => true);
  if (paths.length === 1) return [false];
  const half = Math.ceil(paths.length / 2);
  return [...dcmdumpReadsEach(paths.slice(0, half)), ...dcmdumpReadsEach(paths.slice(half))];
}

/** Whether dcmdump reads `path` without an error. */
export function dcmdumpReads(path: string): boolean {
  return batchReads([path]);
}
