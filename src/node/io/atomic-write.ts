/** Small files (state, report, CSVs) written whole or not at all: temp beside the target, then rename. */
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

let counter = 0;
const TEMP_SUFFIX = /\.tmp-(\d+)-\d+$/;

/** Where a file is written before it is renamed to `path`: beside it, named for this process. */
export function atomicTempPath(path: string): string {
  counter += 1;
  return `${path}.tmp-${process.pid}-${counter}`;
}

/**
 * Removes the temp files a killed process left in `dir` (not this process's): a run killed while
 * writing files.csv or a report would otherwise leave one beside it for good.
 */
export function removeStaleTemps(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = TEMP_SUFFIX.exec(name)?.[1];
    if (pid !== undefined && Number(pid) !== process.pid) rmSync(join(dir, name), { force: true });
  }
}

/** Writes `data` to `path` so a reader (or a killed run) sees the old file or the new, never half. */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  const temp = atomicTempPath(path);
  const fd = openSync(temp, 'w', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}
