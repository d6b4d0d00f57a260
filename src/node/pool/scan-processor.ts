/**
 * Pass 1 for a batch of entries, in whichever thread runs it: each opened from its ref, its
 * header read through a window (never its bulk data), its facts returned as plain data.
 */
import { type EntryClass, EntryError, openEntry } from '../sources/index.ts';
import { type HeaderFacts, readHeaderFacts } from '../../core/plan/header-facts.ts';
import { WindowedSource } from '../run/windowed-source.ts';

export interface ScanSetup {
  /** Folder every ref is relative to. */
  inputRoot: string;
  /** Receives large deflated zip entries (in the private dir). */
  spillDir: string;
}

export interface ScanItem {
  ref: string;
  entryClass: EntryClass;
}

async function factsOf(setup: ScanSetup, item: ScanItem): Promise<HeaderFacts> {
  if (item.entryClass === 'system') return { kind: 'not-dicom', reason: 'system file' };
  let handle: Awaited<ReturnType<typeof openEntry>>;
  try {
    handle = await openEntry(setup.inputRoot, item.ref, { spillDir: setup.spillDir }, 'head');
  } catch (error) {
    return { kind: 'corrupt', reason: `unreadable: ${(error as Error).message}` };
  }
  const source = new WindowedSource(handle.source);
  try {
    const facts = readHeaderFacts(source);
    if (item.entryClass === 'dicomdir' && facts.kind !== 'not-dicom') return { kind: 'dicomdir', reason: 'DICOMDIR (a CD index) dropped' };
    return facts;
  } catch (error) {
    // A zip entry inflated as far as the header reached, and found corrupt there.
    if (error instanceof EntryError) return { kind: 'corrupt', reason: `unreadable: ${error.message}` };
    throw error;
  } finally {
    source.release();
    await handle.close();
  }
}

export function createScanProcessor(setup: ScanSetup): (items: ScanItem[]) => Promise<HeaderFacts[]> {
  return async (items) => {
    const facts: HeaderFacts[] = [];
    for (const item of items) facts.push(await factsOf(setup, item));
    return facts;
  };
}
