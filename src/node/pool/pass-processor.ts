/**
 * What every thread of a run's pool can do: read headers for pass 1, then, once configured with
 * pass 2's setup, write files. One pool serves both passes, so the threads start once and the
 * header scan uses every core.
 */
import { createFileProcessor, type ProcessorSetup } from '../run/file-processor.ts';
import type { FileResult, FileTask } from '../run/file-task.ts';
import type { HeaderFacts } from '../../core/plan/header-facts.ts';
import { createScanProcessor, type ScanItem, type ScanSetup } from './scan-processor.ts';

export type PassSetup = { scan: ScanSetup } | { write: ProcessorSetup };
export type PassTask = { scan: ScanItem[] } | { write: FileTask };
export type PassResult = { scan: HeaderFacts[] } | { write: FileResult };

export async function createPassProcessor(setup: PassSetup): Promise<(task: PassTask) => Promise<PassResult>> {
  if ('scan' in setup) {
    const scan = createScanProcessor(setup.scan);
    return async (task) => {
      if (!('scan' in task)) throw new Error('a pass 2 task reached a thread set up for pass 1');
      return { scan: await scan(task.scan) };
    };
  }
  const write = await createFileProcessor(setup.write);
  return async (task) => {
    if (!('write' in task)) throw new Error('a pass 1 task reached a thread set up for pass 2');
    return { write: await write(task.write) };
  };
}
