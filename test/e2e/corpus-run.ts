/**
 * The main job over every file of the shared corpus, each in its own patient folder, as the
 * corpus suites (one per profile) run it, and what must become of each file.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { validateOptions } from '../../src/core/options/schema.ts';
import { runAnonymization, type RunSummary } from '../../src/node/run/index.ts';
import type { CorpusEntry } from '../support/corpus.ts';
import { optionsFor, snapshotTree } from './support.ts';

export interface Expected {
  outcome: 'anonymized' | 'skipped' | 'ignored' | 'dropped';
  reason?: RegExp;
}

/**
 * What must become of a corpus file, from its MANIFEST.tsv notes: DICOMDIRs are dropped, files the
 * notes call corrupt (cut short) are skipped with the element that runs past the end, the one
 * whose bytes no reader parses past its first element is no DICOM, and every other is anonymized.
 */
export function expectedFor(entry: CorpusEntry): Expected {
  if (basename(entry.path).startsWith('DICOMDIR')) return { outcome: 'dropped', reason: /DICOMDIR/ };
  if (entry.notes.startsWith('corrupt: ')) return { outcome: 'skipped', reason: /^corrupt DICOM: value of \d+ bytes runs past the end/ };
  if (/cannot parse past the first element/.test(entry.notes)) return { outcome: 'ignored', reason: /not a DICOM file/ };
  return { outcome: 'anonymized' };
}

/** The run's counts the expected outcomes add up to (DICOMDIRs dropped count as ignored). */
export function expectedCounts(entries: readonly CorpusEntry[]): RunSummary['files'] {
  const count = (outcome: Expected['outcome']) => entries.filter((entry) => expectedFor(entry).outcome === outcome).length;
  return { anonymized: count('anonymized'), unchanged: 0, ignored: count('ignored') + count('dropped'), skipped: count('skipped'), quarantined: 0 };
}

export interface CorpusRun {
  input: string;
  output: string;
  /** The input path of entry `i`. */
  inputOf(i: number): string;
  /** A snapshot of the input before the run, to prove it untouched. */
  inputBefore: Map<string, string>;
  summary: RunSummary;
  /** Each written file's input and output, from the plan. */
  pairs: { input: string; output: string }[];
}

/** Copies every entry into `<root>/in/caseNNN/`, previews the run (dry run), then runs it on one thread. */
export async function runOverCorpus(root: string, entries: readonly CorpusEntry[], options: Partial<Parameters<typeof validateOptions>[0]> = {}): Promise<CorpusRun> {
  const input = join(root, 'in');
  const output = join(root, 'out');
  const inputOf = (i: number) => join(input, `case${String(i).padStart(3, '0')}`, basename(entries[i]!.path));
  entries.forEach((entry, i) => {
    mkdirSync(dirname(inputOf(i)), { recursive: true });
    copyFileSync(entry.absolutePath, inputOf(i));
  });
  const inputBefore = snapshotTree(input);
  await runAnonymization(optionsFor({ ...options, input, output, dryRun: true }));
  const summary = await runAnonymization(optionsFor({ ...options, input, output, jobs: 1 }));
  const plan = JSON.parse(readFileSync(join(`${output}-private`, 'plan.json'), 'utf8')) as { files: { input: string; output: string }[] };
  const pairs = plan.files.map((file) => ({ input: join(input, file.input), output: join(output, file.output) }));
  return { input, output, inputOf, inputBefore, summary, pairs };
}
