/**
 * One run per private dir at a time: two runs writing the same output and journal would
 * interleave. The lock holds the process id; a lock left by a killed run is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.ts';

/** True when process `pid` runs on this machine (EPERM: it runs, as another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock of `privateDir` (which must exist); returns its release. */
export function lockPrivateDir(privateDir: string): () => void {
  const path = join(privateDir, 'lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
        throw new UsageError('E_PRIVATE_DIR_BUSY', `another dicomveil run (process ${holder}) is using this private dir; wait for it to finish`, { file: privateDir });
      }
      rmSync(path, { force: true });
    }
  }
  throw new UsageError('E_PRIVATE_DIR_BUSY', 'the private dir lock cannot be taken', { file: privateDir });
}
