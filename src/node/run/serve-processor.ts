/** The worker-thread side of the pool: build the processor once, then answer tasks in order. */
import { parentPort, workerData } from 'node:worker_threads';
import type { ProcessorFactory } from './worker-pool.ts';

export async function serveProcessor<Setup, Task, Result>(factory: ProcessorFactory<Setup, Task, Result>): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveProcessor runs only in a worker thread');
  const processor = await factory(workerData as Setup);
  port.on('message', async ({ id, task }: { id: number; task: Task }) => {
    try {
      port.postMessage({ id, ok: true, result: await processor(task) });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ id, ok: false, error: { name: e.name, message: e.message, stack: e.stack } });
    }
  });
}
