/** Worker body for the opener tests: opens the refs it is given with nothing but the root. */
import { parentPort, workerData } from 'node:worker_threads';
import { closeSharedOpeners, openEntry } from '../entry-opener.ts';

const { root, refs } = workerData as { root: string; refs: string[] };
const out: string[] = [];
for (const ref of refs) {
  const handle = await openEntry(root, ref);
  out.push(Buffer.from(handle.source.read(0, handle.source.size)).toString('latin1'));
  await handle.close();
}
await closeSharedOpeners();
parentPort?.postMessage(out);
