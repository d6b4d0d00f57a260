/**
 * One process per shard at a time: a Slurm requeue while the first task still runs, or the two
 * pods Kubernetes may start for one index, would each clear the temp folder the other writes in.
 * The lock names its process and machine. On this machine a lock of a process that is gone (killed,
 * SIGKILL included) is taken over at once; a lock from another machine, whose processes cannot be
 * asked, is kept fresh by its holder and taken over once it has not been touched for STALE_MS (that
 * machine died or lost the shared file system).
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { UsageError } from '../../core/errors.ts';
import { alive } from '../state/run-lock.ts';

/** How often the holder touches its lock. */
const REFRESH_MS = 30_000;
/** A lock from another machine untouched this long is a dead holder's (a minute-long synchronous step fits many times). */
export const STALE_MS = 10 * 60_000;

interface Holder {
  pid: number;
  host: string;
}

function readHolder(path: string): Holder | undefined {
  try {
    const [pid, ...host] = readFileSync(path, 'utf8').trim().split(' ');
    const number = Number.parseInt(pid ?? '', 10);
    return Number.isInteger(number) ? { pid: number, host: host.join(' ') } : undefined;
  } catch {
    return undefined;
  }
}

/** Why the lock at `path` still holds, or undefined when its holder is gone. */
function heldBy(path: string, holder: Holder | undefined, now: number): string | undefined {
  if (holder === undefined) return undefined;
  if (holder.host === hostname()) return holder.pid !== process.pid && alive(holder.pid) ? `process ${holder.pid} on this machine` : undefined;
  let touched: number;
  try {
    touched = statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
  const age = now - touched;
  return age < STALE_MS ? `process ${holder.pid} on ${holder.host || 'another machine'}, ${Math.max(0, Math.round(age / 1000))} s ago` : undefined;
}

/** Takes the lock at `path` for `what` (`shard 2-of-8`, `scan shard 2-of-8`); returns its release. */
export function lockShard(path: string, what: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid} ${hostname()}\n`);
      closeSync(fd);
      const refresh = setInterval(() => {
        const now = new Date();
        try {
          utimesSync(path, now, now);
        } catch {
          // Gone or unreachable for a moment: the next touch tries again.
        }
      }, REFRESH_MS);
      refresh.unref();
      return () => {
        clearInterval(refresh);
        const holder = readHolder(path);
        if (holder?.pid === process.pid && holder.host === hostname()) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const held = heldBy(path, readHolder(path), Date.now());
      if (held !== undefined) {
        throw new UsageError('E_SHARD_BUSY', `${what} is already running (${held}); wait for it to finish, or run it again once that process is gone`, { file: path });
      }
      rmSync(path, { force: true });
    }
  }
  throw new UsageError('E_SHARD_BUSY', `the lock of ${what} cannot be taken`, { file: path });
}
