/**
 * The account of every input file at the end of a run, in its three forms: report.json's lines
 * (opaque references, never a path), files.csv's rows (paths, for the owner of the private dir)
 * and the messages for stderr (each file not written named by its path, ignored ones counted).
 * Also the counts the summary and the report carry.
 */
import { join } from 'node:path';
import type { FileResult, FileTask } from './file-task.ts';
import { type FileRow, type FileRowSource, fileRowsOfLines } from '../state/files-csv.ts';
import type { PreparedRun } from './prepare.ts';
import { SortedLines } from '../io/sorted-lines.ts';
import { printablePath, refPath } from '../sources/index.ts';
import { opaqueRef, type ReportFile } from './report.ts';
import type { FileCounts, RunSummary } from './types.ts';

/** Said instead of an input path that no record of the private dir holds. */
const INPUT_NOT_KNOWN = 'its input is not known now: not given to this run, and not in files.csv';

export interface AccountSetup {
  /** The input root refs are relative to; the output; the quarantine folder. */
  root: string;
  output: string;
  quarantine: string;
  /** Where files.csv goes, for the message about ignored files. */
  filesCsv: string;
  key: Uint8Array;
  /** Where the sorted lists spill to disk past a few tens of thousands of files (private: paths). */
  sortDir: string;
  /**
   * Input paths of files not under `root`: earlier outputs checked again, by ref, as recorded
   * when they were written ('' when no record holds it).
   */
  earlierInputs?: ReadonlyMap<string, string>;
}

/** A residue on stderr (CONTRACT.md exit code 1): its input path, quarantine path and element, never the name. */
export function residueMessage(input: string, quarantine: string, element: string | undefined): string {
  return `residue: ${input} was quarantined to ${quarantine}; a name is still in ${element ?? 'an unknown place'}`;
}

/** A file skipped, named by its input path on stderr. */
export function skippedMessage(input: string, reason: string): string {
  return `skipped: ${input}: ${reason}`;
}

/**
 * Takes each file's outcome as it lands, in any order, and keeps counts and two sorted lists (on
 * disk past a size): a run of millions of files holds no per-file result until its end. What
 * depends on order (the lists, the messages, the first residue) is sorted by path, so the account is
 * the same for any number of threads, and for shards merged.
 */
export class FileAccountant {
  readonly files: FileCounts = { anonymized: 0, unchanged: 0, ignored: 0, skipped: 0, quarantined: 0 };
  /** report.json's lines (JSON of a {@link ReportFile}) in its order: by output path, else reference. */
  readonly reportLines: SortedLines;
  /** files.csv's rows (JSON of a {@link FileRow}) by input path. */
  private readonly rowLines: SortedLines;
  /** The rows of files not written (skipped, ignored, pending…), for the private report's table. */
  private readonly notWrittenLines: SortedLines;
  readonly nameReplacements: Record<string, number> = {};
  valuesShortened = 0;
  /** keyword → action → values, over the files written. */
  readonly actions: Record<string, Record<string, number>> = {};
  readonly riskFlags: Record<string, number> = {};
  /** The residue whose input path sorts first. */
  residue: RunSummary['residue'];
  /** Messages of files met by pass 2, sorted by input path at the end; then those of listed files. */
  private readonly fileLogs: { path: string; level: 'warn' | 'error'; message: string }[] = [];
  private readonly listedLogs: { level: 'info' | 'warn' | 'error'; message: string }[] = [];
  private ignored = 0;
  private residuePath: string | undefined;

  constructor(private readonly setup: AccountSetup) {
    this.reportLines = new SortedLines(setup.sortDir, 'report');
    this.rowLines = new SortedLines(setup.sortDir, 'files');
    this.notWrittenLines = new SortedLines(setup.sortDir, 'not-written');
  }

  // Bytes of a name that are no UTF-8 printed as such, not as U+FFFD.
  private inputPath(ref: string): string {
    return printablePath(refPath(this.setup.root, ref));
  }

  private addReport(file: ReportFile): void {
    this.reportLines.add(file.output ?? file.input ?? '', JSON.stringify(file));
  }

  private addRow(row: FileRow): void {
    const line = JSON.stringify(row);
    this.rowLines.add(row.input, line);
    if (row.outcome !== 'anonymized' && row.outcome !== 'unchanged') this.notWrittenLines.add(row.input, line);
  }

  /** files.csv's rows of this run, by input path. */
  get rows(): FileRowSource {
    return fileRowsOfLines(this.rowLines);
  }

  /** The rows of files this run did not write, by input path, and how many there are. */
  get notWritten(): FileRowSource & { readonly size: number } {
    return { ...fileRowsOfLines(this.notWrittenLines), size: this.notWrittenLines.size };
  }

  add(result: FileResult): void {
    const { setup } = this;
    const reference = opaqueRef(setup.key, result.ref);
    const earlier = setup.earlierInputs?.get(result.ref);
    const path = earlier ?? this.inputPath(result.ref);
    const named = earlier === '' ? `an earlier output (${INPUT_NOT_KNOWN})` : path;
    if (result.outcome === 'anonymized' || result.outcome === 'unchanged') {
      this.files[result.outcome] += 1;
      const reason = (result.warnings ?? []).join('; ');
      this.addReport({ output: result.out, input: reference, outcome: result.outcome, ...(reason ? { reason } : {}), ...(result.flags.length > 0 ? { flags: result.flags } : {}) });
      this.addRow({ input: path, outcome: result.outcome, reason, output: join(setup.output, result.out), reference });
      for (const [keyword, count] of Object.entries(result.names ?? {})) this.nameReplacements[keyword] = (this.nameReplacements[keyword] ?? 0) + count;
      this.valuesShortened += result.shortened ?? 0;
      for (const flag of result.flags) this.riskFlags[flag] = (this.riskFlags[flag] ?? 0) + 1;
      for (const [keyword, byAction] of Object.entries(result.actions ?? {})) {
        const into = this.actions[keyword] ?? {};
        this.actions[keyword] = into;
        for (const [action, n] of Object.entries(byAction)) into[action] = (into[action] ?? 0) + n;
      }
      if (result.outcome === 'anonymized') for (const warning of result.warnings ?? []) this.fileLogs.push({ path, level: 'warn', message: `${path}: ${warning}` });
    } else if (result.outcome === 'quarantined') {
      this.files.quarantined += 1;
      const quarantine = join(setup.quarantine, result.out);
      const element = result.element ?? 'unknown';
      if (this.residuePath === undefined || path < this.residuePath) {
        this.residuePath = path;
        this.residue = { input: named, quarantine, element };
      }
      this.fileLogs.push({ path, level: 'error', message: residueMessage(named, quarantine, result.element) });
      this.addReport({ input: reference, outcome: 'quarantined', reason: `name left in ${element}` });
      this.addRow({ input: path, outcome: 'quarantined', reason: `name left in ${element}`, output: quarantine, reference });
    } else {
      this.files.skipped += 1;
      const reason = result.reason ?? 'skipped';
      this.addReport({ input: reference, outcome: 'skipped', reason });
      this.addRow({ input: path, outcome: 'skipped', reason, output: '', reference });
      this.fileLogs.push({ path, level: 'warn', message: skippedMessage(path, reason) });
    }
  }

  /** A file the plan does not write (ignored, skipped, dropped, excluded). */
  addListed(entry: PreparedRun['listed'][number]): void {
    const ref = entry.file?.ref ?? entry.problem?.ref ?? '';
    const reference = opaqueRef(this.setup.key, ref);
    if (entry.outcome === 'skipped') this.files.skipped += 1;
    else this.files.ignored += 1;
    // Problem codes and header verdicts name what was wrong, never the path or the content.
    this.addReport({ input: reference, outcome: entry.outcome, reason: entry.problem?.code ?? entry.reason });
    const path = this.inputPath(ref);
    this.addRow({ input: path, outcome: entry.outcome, reason: entry.reason, output: '', reference });
    if (entry.outcome === 'ignored') this.ignored += 1;
    else this.listedLogs.push({ level: 'warn', message: `${entry.outcome}: ${path}: ${entry.reason}` });
  }

  /**
   * A file in the input that the plan does not know (added after it): not written, and said to
   * be, so a merge never reports every file done while one was left out.
   */
  addUnplanned(ref: string): void {
    const path = this.inputPath(ref);
    const reason = 'added to the input after the plan: scan and plan again, then run the shards';
    this.files.skipped += 1;
    this.addReport({ input: opaqueRef(this.setup.key, ref), outcome: 'skipped', reason: 'added after the plan' });
    this.addRow({ input: path, outcome: 'skipped', reason, output: '', reference: opaqueRef(this.setup.key, ref) });
    this.listedLogs.push({ level: 'warn', message: skippedMessage(path, reason) });
  }

  /** A planned file a stopped run did not reach: files.csv still lists it. */
  addPending(task: FileTask): void {
    this.addRow({ input: this.inputPath(task.ref), outcome: 'pending', reason: 'not written yet: the run stopped first', output: '', reference: opaqueRef(this.setup.key, task.ref) });
  }

  /** The messages for stderr: files met by pass 2 by input path, then the listed ones, then the counts. */
  logs(): { level: 'info' | 'warn' | 'error'; message: string }[] {
    const sorted = [...this.fileLogs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const logs: { level: 'info' | 'warn' | 'error'; message: string }[] = [...sorted.map(({ level, message }) => ({ level, message })), ...this.listedLogs];
    if (this.ignored > 0) logs.push({ level: 'info', message: `${this.ignored} file(s) that are not DICOM ignored; their paths are in ${this.setup.filesCsv}` });
    if (this.valuesShortened > 0) logs.push({ level: 'info', message: `${this.valuesShortened} value(s) shortened so the id fits the attribute's maximum length` });
    return logs;
  }

  /** Name replacement counts with their keywords sorted: the same whatever order files landed in. */
  sortedNameReplacements(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.nameReplacements).sort(([a], [b]) => (a < b ? -1 : 1)));
  }

  dispose(): void {
    this.reportLines.dispose();
    this.rowLines.dispose();
    this.notWrittenLines.dispose();
  }
}
