/**
 * The pool of one run, for both passes: this thread alone for one job; this thread and
 * `jobs - 1` workers otherwise. The workers start once the header scan has met enough files to
 * repay their start-up, and are configured for pass 2 when it begins, without restarting.
 */
import { closeSharedOpeners } from '../sources/index.ts';
import type { ProcessorSetup } from '../run/file-processor.ts';
import type { FileResult, FileTask } from '../run/file-task.ts';
import type { HeaderFacts } from '../../core/plan/header-facts.ts';
import { createPassProcessor, type PassResult, type PassSetup, type PassTask } from './pass-processor.ts';
import type { ScanItem, ScanSetup } from './scan-processor.ts';
import { bundledWorker } from './worker-bundle.ts';
import { type ConfigurablePool, hybridPool, type Pool, threadPool } from './worker-pool.ts';

/** A worker thread costs a start-up (loader, compile) worth dozens of small files. */
export const FILES_PER_WORKER = 48;

export class RunPool {
  private setup: PassSetup | undefined;
  private inline: ((task: PassTask) => Promise<PassResult>) | undefined;
  private threads: ConfigurablePool<PassSetup, PassTask, PassResult> | undefined;
  private both: Pool<PassTask, PassResult> | undefined;

  constructor(readonly jobs: number) {}

  /** Sets the pool up for pass 1. */
  async startScan(setup: ScanSetup): Promise<void> {
    await this.configure({ scan: setup });
  }

  /** Reads the headers of `items` (a batch) in the least busy thread. */
  async scan(items: ScanItem[]): Promise<HeaderFacts[]> {
    const result = await this.run({ scan: items });
    if (!('scan' in result)) throw new Error('a header scan came back as a written file');
    return result.scan;
  }

  /** Starts the worker threads, if the run has enough files to use them (`files` known so far). */
  grow(files: number): void {
    if (this.threads || this.jobs <= 1 || files < FILES_PER_WORKER || !this.setup || !this.inline) return;
    this.threads = threadPool(bundledWorker() ?? new URL('./file-worker.mjs', import.meta.url), this.jobs - 1, this.setup);
    const inline = this.inline;
    this.both = hybridPool({ run: (task) => (this.inline ?? inline)(task), close: async () => {} }, this.threads);
  }

  /** Sets the pool up for pass 2 and returns it as pass 2 uses it. */
  async startWrite(setup: ProcessorSetup, files: number): Promise<Pool<FileTask, FileResult>> {
    await this.configure({ write: setup });
    this.grow(files);
    return {
      run: async (task) => {
        const result = await this.run({ write: task });
        if (!('write' in result)) throw new Error('a written file came back as a header scan');
        return result.write;
      },
      close: async () => {},
    };
  }

  /** Threads that take tasks: this one, and the workers once started. */
  get threadCount(): number {
    return this.threads ? this.jobs : 1;
  }

  async close(): Promise<void> {
    await this.threads?.close();
    this.threads = undefined;
    this.both = undefined;
  }

  private async configure(setup: PassSetup): Promise<void> {
    this.setup = setup;
    this.inline = await createPassProcessor(setup);
    this.threads?.configure(setup);
  }

  private run(task: PassTask): Promise<PassResult> {
    if (this.both) return this.both.run(task);
    if (!this.inline) return Promise.reject(new Error('the pool has no setup yet'));
    return this.inline(task);
  }
}

/** Runs `use` with a pool of `jobs` threads; then ends them and closes the zips this thread read. */
export async function withRunPool<T>(jobs: number, use: (pool: RunPool) => Promise<T>): Promise<T> {
  const pool = new RunPool(jobs);
  try {
    return await use(pool);
  } finally {
    await pool.close();
    await closeSharedOpeners();
  }
}
