/**
 * A small pool of worker threads that each build one file processor from the run's shared setup
 * (the name index, the options) and then take file tasks: refs in, outcomes out, never bytes.
 * With one job the processor runs in this thread: on a loaded 2-core machine a thread hop costs
 * more than it gives, and one fast core comes first.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerCode } from './worker-bundle.ts';

/** Builds the per-thread processor from the serialisable setup. */
export type ProcessorFactory<Setup, Task, Result> = (setup: Setup) => Promise<(task: Task) => Promise<Result>>;

export interface Pool<Task, Result> {
  run(task: Task): Promise<Result>;
  close(): Promise<void>;
}

/** A pool whose threads can be given the next pass's setup without being restarted. */
export interface ConfigurablePool<Setup, Task, Result> extends Pool<Task, Result> {
  /** Every task run after this call is served by a processor built from `setup`. */
  configure(setup: Setup): void;
}

/**
 * A file's garbage is small objects that die with it (its bytes live outside the heap): a small
 * young generation collects them as cheaply, and keeps about 25 MB per worker out of the peak RSS.
 * Only the young generation is bounded: an old-generation cap would end a worker on a large file.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

type Reply<Result> = { id: number; ok: true; result: Result } | { id: number; ok: false; error: { name: string; message: string; stack?: string } };

/**
 * `jobs` threads running `entry` (a module that calls {@link serveProcessor}, or bundled code that
 * does); tasks go to the least busy thread. A worker that dies fails its tasks with its error; the run decides what that means.
 */
export function threadPool<Setup, Task, Result>(entry: URL | WorkerCode, jobs: number, setup: Setup): ConfigurablePool<Setup, Task, Result> {
  let nextId = 0;
  const pending = new Map<number, { resolve(r: Result): void; reject(e: Error): void; worker: Worker }>();
  const load = new Map<Worker, number>();
  const workers: Worker[] = [];
  for (let i = 0; i < jobs; i++) {
    const worker = entry instanceof URL ? new Worker(entry, { workerData: setup, resourceLimits: WORKER_LIMITS }) : new Worker(entry.code, { eval: true, workerData: setup, resourceLimits: WORKER_LIMITS });
    load.set(worker, 0);
    worker.on('message', (reply: Reply<Result>) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      load.set(worker, (load.get(worker) ?? 1) - 1);
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name, stack: reply.error.stack }));
    });
    const failAll = (error: Error) => {
      for (const [id, waiting] of pending) {
        if (waiting.worker !== worker) continue;
        pending.delete(id);
        waiting.reject(error);
      }
      load.delete(worker);
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`worker thread exited with code ${code}`)));
    workers.push(worker);
  }
  return {
    run(task) {
      let best: Worker | undefined;
      for (const [worker, count] of load) if (best === undefined || count < (load.get(best) ?? 0)) best = worker;
      if (!best) return Promise.reject(new Error('no worker thread is left'));
      const id = nextId++;
      load.set(best, (load.get(best) ?? 0) + 1);
      const chosen = best;
      return new Promise<Result>((resolve, reject) => {
        pending.set(id, { resolve, reject, worker: chosen });
        chosen.postMessage({ id, task });
      });
    },
    configure(next) {
      // A port delivers in order: the tasks posted after this see the new processor.
      for (const worker of load.keys()) worker.postMessage({ configure: next });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/**
 * This thread plus `threads` workers: the main thread would otherwise sit idle waiting, and each
 * extra thread costs a loader and a copy of the code in memory.
 */
export function hybridPool<Task, Result>(inline: Pool<Task, Result>, threads: Pool<Task, Result>): Pool<Task, Result> {
  let inlineBusy = false;
  return {
    async run(task) {
      if (inlineBusy) return threads.run(task);
      inlineBusy = true;
      try {
        return await inline.run(task);
      } finally {
        // A file read from a plain folder completes without a trip through the event loop, so
        // the next one would start at once and the workers' replies would wait behind all of
        // them: let the loop turn once, so the workers get their next tasks.
        await new Promise<void>((resolve) => setImmediate(resolve));
        inlineBusy = false;
      }
    },
    async close() {
      await Promise.all([inline.close(), threads.close()]);
    },
  };
}
