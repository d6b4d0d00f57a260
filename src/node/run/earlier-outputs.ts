/**
 * Outputs of earlier runs that this run's plan does not rewrite: a file whose output path changed
 * (a path segment now holds a newly known name) leaves its old copy behind, which is removed; a
 * file whose input is no longer given is checked again against every spelling known now, and
 * quarantined if a name is found (it cannot be rewritten without its input).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Needles, secondOpinion, secondOpinionPath } from '../../core/verify/index.ts';
import { openFileSource } from '../io/file-source.ts';
import { fsPath, listFolder, readablePath } from '../sources/fs-names.ts';
import type { FileResult, PlannedFile } from './file-task.ts';
import type { JournalEntry } from '../state/journal.ts';
import type { SortedJournal } from '../state/sorted-journal.ts';

/** Removes old copies whose input now goes elsewhere; never a path this run writes. */
export function removeMovedOutputs(output: string, root: string, planned: Iterable<PlannedFile>, journal: SortedJournal): number {
  if (journal.lineCount === 0) return 0;
  // Two reads of the plan, holding only the old paths that moved: a plan of millions of files is
  // read from disk, not held.
  const moved = new Set<string>();
  const lines = journal.cursor(root);
  for (const { task } of planned) {
    const entry = lines.entryFor(task.ref);
    if (entry && entry.out !== '' && entry.out !== task.out && entry.outcome !== 'quarantined') moved.add(entry.out);
  }
  if (moved.size === 0) return 0;
  for (const { task } of planned) moved.delete(task.out);
  let removed = 0;
  for (const out of [...moved].sort()) {
    const old = join(output, out);
    if (existsSync(old)) {
      rmSync(old);
      removed += 1;
      removeEmptyParents(output, dirname(old));
    }
  }
  return removed;
}

/**
 * Removes the folders an old copy leaves empty, up to the output: their names are as the old
 * plan wrote them and may hold a name known only now (`Nowicka_prior/`).
 */
function removeEmptyParents(output: string, dir: string): void {
  for (let at = dir; at !== output && at.startsWith(`${output}/`); at = dirname(at)) {
    try {
      if (readdirSync(at).length > 0) return;
      rmdirSync(at);
    } catch {
      return;
    }
  }
}

/**
 * Removes the empty folders of the output whose path holds a known name (with the empty folders
 * above them): an earlier version left a quarantined file's folder behind, and a path holding a
 * name fails verification whether or not a file is in it. `skip` names a top folder that is no
 * output (the run's temp folder).
 */
export function removeNamedEmptyFolders(output: string, needles: Needles, skip: string): number {
  let removed = 0;
  /** Whether `dir` (relative, '' for the output) is empty once its named empty folders are gone. */
  const visit = (rel: string): boolean => {
    let left = 0;
    // Names as bytes: a folder named in Latin-1 is searched in its readings and removed as itself.
    for (const entry of listFolder(output, rel)) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (!entry.isDirectory || child === skip || !visit(child)) {
        left += 1;
        continue;
      }
      if (secondOpinionPath(needles, readablePath(child), child.split('/')[0]).length === 0) left += 1;
      else {
        rmdirSync(fsPath(output, child));
        removed += 1;
      }
    }
    return left === 0;
  };
  if (existsSync(output)) visit('');
  return removed;
}

/** Where the second opinion finds a name in an earlier output, or undefined when it is clean. */
function firstFinding(path: string, out: string, needles: Needles): string | undefined {
  const ownId = out.split('/')[0];
  if (secondOpinionPath(needles, out, ownId).length > 0) return 'output path';
  const source = openFileSource(path);
  try {
    const { findings, unparsed } = secondOpinion(source, needles, { ownId });
    if (unparsed) return 'file structure';
    return findings[0]?.place;
  } finally {
    source.close();
  }
}

/**
 * This input's lines (in ref order) whose file the plan (in ref order) does not write again, read
 * beside each other.
 */
function* notPlanned(lines: Iterable<JournalEntry>, planned: Iterable<PlannedFile>): Generator<JournalEntry, void, undefined> {
  const files = planned[Symbol.iterator]();
  try {
    let file = files.next();
    for (const entry of lines) {
      while (!file.done && file.value.task.ref < entry.ref) file = files.next();
      if (file.done || file.value.task.ref !== entry.ref) yield entry;
    }
  } finally {
    files.return?.();
  }
}

/**
 * Checks earlier outputs whose input this run does not have, when the known spellings changed.
 * Returns the journal lines to append and the quarantined files, with each one's input path: under
 * the input folder its journal line names, else as files.csv recorded it (`recordedInput`, for
 * lines of versions that did not write the folder), or '' when no record holds it.
 */
export function recheckOrphans(
  output: string,
  quarantineDir: string,
  root: string,
  planned: Iterable<PlannedFile>,
  journal: SortedJournal,
  digest: string,
  needles: Needles,
  recordedInput: (ref: string) => string | undefined,
): { entries: JournalEntry[]; quarantined: FileResult[]; inputs: Map<string, string> } {
  const entries: JournalEntry[] = [];
  const quarantined: FileResult[] = [];
  const inputs = new Map<string, string>();
  if (journal.lineCount === 0) return { entries, quarantined, inputs };
  const unplanned = function* () {
    yield* notPlanned(journal.ofInput(root), planned);
    yield* journal.foreign(root);
  };
  for (const entry of unplanned()) {
    if (entry.outcome === 'quarantined' || entry.spellings === digest || entry.out === '') continue;
    const path = join(output, entry.out);
    if (!existsSync(path)) continue;
    const element = firstFinding(path, entry.out, needles);
    if (element === undefined) {
      entries.push({ ...entry, spellings: digest, outcome: 'unchanged' });
      continue;
    }
    const target = join(quarantineDir, entry.out);
    mkdirSync(dirname(target), { recursive: true });
    renameSync(path, target);
    removeEmptyParents(output, dirname(path));
    entries.push({ ...entry, spellings: digest, outcome: 'quarantined' });
    // A ref of another input folder may be one of this run's too: such a result goes by its whole path.
    const ref = entry.input === undefined || entry.input === root ? entry.ref : join(entry.input, entry.ref);
    quarantined.push({ ref, outcome: 'quarantined', out: entry.out, size: entry.size, flags: [], element: `${element} (an earlier output whose input was not given this time)` });
    inputs.set(ref, entry.input === undefined ? (recordedInput(entry.ref) ?? '') : join(entry.input, entry.ref));
  }
  return { entries, quarantined, inputs };
}
