/**
 * The account of every input file at the end of a run, in its three forms: report.json's lines
 * (opaque references, never a path), files.csv's rows (paths, for the owner of the private dir)
 * and the messages for stderr (each file not written named by its path, ignored ones counted).
 * Also the counts the summary and the report carry.
 */
import { join } from 'node:path';
import type { FileResult, FileTask } from './file-task.ts';
import type { FileRow } from '../state/files-csv.ts';
import type { PreparedRun } from './prepare.ts';
import { flatString } from '../io/text-files.ts';
import { printablePath, refPath } from '../sources/index.ts';
import { opaqueRef, type ReportFile } from './report.ts';
import type { FileCounts, RunSummary } from './types.ts';

/** Said instead of an input path that no record of the private dir holds. */
const INPUT_NOT_KNOWN = 'its input is not known now: not given to this run, and not in files.csv';

export interface AccountInput {
  results: readonly FileResult[];
  listed: PreparedRun['listed'];
  tasks: readonly FileTask[];
  /** The input root refs are relative to; the output; the quarantine folder. */
  root: string;
  output: string;
  quarantine: string;
  /** Where files.csv goes, for the message about ignored files. */
  filesCsv: string;
  key: Uint8Array;
  /**
   * Input paths of files not under `root`: earlier outputs checked again, by ref, as recorded
   * when they were written ('' when no record holds it).
   */
  earlierInputs?: ReadonlyMap<string, string>;
}

export interface FileAccount {
  files: FileCounts;
  reportFiles: ReportFile[];
  rows: FileRow[];
  logs: { level: 'info' | 'warn' | 'error'; message: string }[];
  nameReplacements: Record<string, number>;
  valuesShortened: number;
  residue: RunSummary['residue'];
}

/** A residue on stderr (CONTRACT.md exit code 1): its input path, quarantine path and element, never the name. */
export function residueMessage(input: string, quarantine: string, element: string | undefined): string {
  return `residue: ${input} was quarantined to ${quarantine}; a name is still in ${element ?? 'an unknown place'}`;
}

/** A file skipped, named by its input path on stderr. */
export function skippedMessage(input: string, reason: string): string {
  return `skipped: ${input}: ${reason}`;
}

export function accountForFiles(input: AccountInput): FileAccount {
  const account: FileAccount = {
    files: { anonymized: 0, unchanged: 0, ignored: 0, skipped: 0, quarantined: 0 },
    reportFiles: [],
    rows: [],
    logs: [],
    nameReplacements: {},
    valuesShortened: 0,
    residue: undefined,
  };
  const { reportFiles, rows, logs } = account;
  // Held for every file until files.csv is written: flat, not as the pieces join built them from;
  // bytes of a name that are no UTF-8 printed as such, not as U+FFFD.
  const inputPath = (ref: string) => flatString(printablePath(refPath(input.root, ref)));
  for (const result of input.results) {
    const reference = opaqueRef(input.key, result.ref);
    const earlier = input.earlierInputs?.get(result.ref);
    const path = earlier ?? inputPath(result.ref);
    const named = earlier === '' ? `an earlier output (${INPUT_NOT_KNOWN})` : path;
    if (result.outcome === 'anonymized' || result.outcome === 'unchanged') {
      account.files[result.outcome] += 1;
      const reason = (result.warnings ?? []).join('; ');
      reportFiles.push({ output: result.out, input: reference, outcome: result.outcome, ...(reason ? { reason } : {}), ...(result.flags.length > 0 ? { flags: result.flags } : {}) });
      rows.push({ input: path, outcome: result.outcome, reason, output: flatString(join(input.output, result.out)), reference });
      for (const [keyword, count] of Object.entries(result.names ?? {})) account.nameReplacements[keyword] = (account.nameReplacements[keyword] ?? 0) + count;
      account.valuesShortened += result.shortened ?? 0;
      if (result.outcome === 'anonymized') for (const warning of result.warnings ?? []) logs.push({ level: 'warn', message: `${path}: ${warning}` });
    } else if (result.outcome === 'quarantined') {
      account.files.quarantined += 1;
      const quarantine = join(input.quarantine, result.out);
      const element = result.element ?? 'unknown';
      account.residue ??= { input: named, quarantine, element };
      logs.push({ level: 'error', message: residueMessage(named, quarantine, result.element) });
      reportFiles.push({ input: reference, outcome: 'quarantined', reason: `name left in ${element}` });
      rows.push({ input: path, outcome: 'quarantined', reason: `name left in ${element}`, output: quarantine, reference });
    } else {
      account.files.skipped += 1;
      const reason = result.reason ?? 'skipped';
      reportFiles.push({ input: reference, outcome: 'skipped', reason });
      rows.push({ input: path, outcome: 'skipped', reason, output: '', reference });
      logs.push({ level: 'warn', message: skippedMessage(path, reason) });
    }
  }
  let ignored = 0;
  for (const entry of input.listed) {
    const ref = entry.file?.ref ?? entry.problem?.ref ?? '';
    const reference = opaqueRef(input.key, ref);
    if (entry.outcome === 'skipped') account.files.skipped += 1;
    else account.files.ignored += 1;
    // Problem codes and header verdicts name what was wrong, never the path or the content.
    reportFiles.push({ input: reference, outcome: entry.outcome, reason: entry.problem?.code ?? entry.reason });
    rows.push({ input: inputPath(ref), outcome: entry.outcome, reason: entry.reason, output: '', reference });
    if (entry.outcome === 'ignored') ignored += 1;
    else logs.push({ level: 'warn', message: `${entry.outcome}: ${inputPath(ref)}: ${entry.reason}` });
  }
  // A stopped run has not reached every file: files.csv still lists each one.
  const reached = new Set(input.results.map((result) => result.ref));
  for (const task of input.tasks) {
    if (reached.has(task.ref)) continue;
    rows.push({ input: inputPath(task.ref), outcome: 'pending', reason: 'not written yet: the run stopped first', output: '', reference: opaqueRef(input.key, task.ref) });
  }
  if (ignored > 0) logs.push({ level: 'info', message: `${ignored} file(s) that are not DICOM ignored; their paths are in ${input.filesCsv}` });
  if (account.valuesShortened > 0) logs.push({ level: 'info', message: `${account.valuesShortened} value(s) shortened so the id fits the attribute's maximum length` });
  return account;
}
