/**
 * Pass 1 over the whole input: every source, every entry, each header read once (never bulk
 * data), hostile items turned into listed problems. What comes out is enough to group patients,
 * link demographics, issue ids and lay out the output before a single byte is written.
 */
import { discoverSources, type InputEntry, type InputProblem, listEntries, type Source } from '../sources/index.ts';
import { type HeaderFacts, readHeaderFacts } from './header-facts.ts';
import { RateMeter } from './rate.ts';
import { WindowedSource } from './windowed-source.ts';
import type { RunHooks } from './types.ts';

/** One input entry and what its header said. */
export interface ScannedFile extends HeaderFacts {
  ref: string;
  /** Source name (`DUPONT_JEAN`, `MARTIN.zip`, '' for loose files). */
  source: string;
  sourceKind: Source['kind'];
  relativePath: string;
  size: number;
  /** 'system' names (.DS_Store…) are never opened. */
  entryClass: InputEntry['class'];
}

export interface ScannedInput {
  /** Folder every ref is relative to. */
  root: string;
  sources: Source[];
  files: ScannedFile[];
  problems: InputProblem[];
}

function isProblem(item: InputEntry | InputProblem): item is InputProblem {
  return 'code' in item;
}

async function factsOf(entry: InputEntry): Promise<HeaderFacts> {
  if (entry.class === 'system') return { kind: 'not-dicom', reason: 'system file' };
  let handle: Awaited<ReturnType<InputEntry['open']>>;
  try {
    handle = await entry.open();
  } catch (error) {
    return { kind: 'corrupt', reason: `unreadable: ${(error as Error).message}` };
  }
  try {
    const facts = readHeaderFacts(new WindowedSource(handle.source));
    if (entry.class === 'dicomdir' && facts.kind !== 'not-dicom') return { kind: 'dicomdir', reason: 'DICOMDIR (a CD index) dropped' };
    return facts;
  } finally {
    await handle.close();
  }
}

/** Scans `inputPath`; `spillDir` receives large deflated zip entries (in the private dir). */
export async function scanInput(inputPath: string, spillDir: string, hooks: RunHooks = {}): Promise<ScannedInput> {
  const discovered = await discoverSources(inputPath, { spillDir });
  const files: ScannedFile[] = [];
  const problems: InputProblem[] = [...discovered.problems];
  const meter = new RateMeter();
  try {
    for (const source of discovered.sources) {
      for await (const item of listEntries(source)) {
        hooks.signal?.throwIfAborted();
        if (isProblem(item)) {
          problems.push(item);
          continue;
        }
        const facts = await factsOf(item);
        files.push({ ...facts, ref: item.ref, source: source.name, sourceKind: source.kind, relativePath: item.relativePath, size: item.size, entryClass: item.class });
        if (files.length % 25 === 0) {
          const { filesPerSecond } = meter.update(files.length, files.length);
          hooks.onProgress?.({ phase: 'scan', done: files.length, total: files.length, filesPerSecond, etaSeconds: undefined, currentPatient: undefined });
        }
      }
    }
  } finally {
    await discovered.opener.close();
  }
  hooks.onProgress?.({ phase: 'scan', done: files.length, total: files.length, filesPerSecond: 0, etaSeconds: undefined, currentPatient: undefined });
  return { root: discovered.root, sources: [...discovered.sources], files, problems };
}
