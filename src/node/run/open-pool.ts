/** The pool pass 2 uses: this thread for one job; this thread and `jobs - 1` workers otherwise. */
import { createFileProcessor, type ProcessorSetup } from './file-processor.ts';
import type { FileResult, FileTask } from './file-task.ts';
import { bundledWorker } from './worker-bundle.ts';
import { hybridPool, inlinePool, type Pool, threadPool } from './worker-pool.ts';

export async function openPool(setup: ProcessorSetup, jobs: number): Promise<Pool<FileTask, FileResult>> {
  const inline = await inlinePool(createFileProcessor, setup);
  if (jobs <= 1) return inline;
  return hybridPool(inline, threadPool<ProcessorSetup, FileTask, FileResult>(bundledWorker() ?? new URL('./file-worker.mjs', import.meta.url), jobs - 1, setup));
}
