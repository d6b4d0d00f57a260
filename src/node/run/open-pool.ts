/** The pool pass 2 uses: in this thread for one job, worker threads otherwise. */
import { createFileProcessor, type ProcessorSetup } from './file-processor.ts';
import type { FileResult, FileTask } from './file-task.ts';
import { inlinePool, type Pool, threadPool } from './worker-pool.ts';

export async function openPool(setup: ProcessorSetup, jobs: number): Promise<Pool<FileTask, FileResult>> {
  if (jobs <= 1) return inlinePool(createFileProcessor, setup);
  return threadPool<ProcessorSetup, FileTask, FileResult>(new URL('./file-worker.mjs', import.meta.url), jobs, setup);
}
