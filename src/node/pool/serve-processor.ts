/**
 * The worker-thread side of the pool: build the processor once, then answer tasks in order. A
 * `configure` message (the next pass's setup) replaces the processor for every task after it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ProcessorFactory } from './worker-pool.ts';

export async function serveProcessor<Setup, Task, Result>(factory: ProcessorFactory<Setup, Task, Result>): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveProcessor runs only in a worker thread');
  // A setup the first factory cannot use ends the worker with its error, so the pool hears of it.
  let current = Promise.resolve(await factory(workerData as Setup));
  port.on('message', async (message: { id: number; task: Task } | { configure: Setup }) => {
    if ('configure' in message) {
      current = factory(message.configure);
      current.catch(() => {}); // reported by every task that needs it
      return;
    }
    // Taken before any await: a task is served by the processor of the setup sent before it.
    const ready = current;
    try {
      const processor = await ready;
      port.postMessage({ id: message.id, ok: true, result: await processor(message.task) });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ id: message.id, ok: false, error: { name: e.name, message: e.message, stack: e.stack } });
    }
  });
}
