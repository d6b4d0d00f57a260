/**
 * The main job end to end: pass 1 (prepare), the private and shared CSVs, pass 2 through the
 * worker pool with the journal, then report.json last. Refusals come back as a `refused` summary
 * with exit code 2 and nothing written under the output.
 */
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProfile } from '../../core/profiles/index.ts';
import { SpreadsheetError, UsageError } from '../../core/errors.ts';
import type { AnonymizeOptions } from '../../core/options/schema.ts';
import { closeSharedOpeners } from '../sources/index.ts';
import { removeStaleTemps } from '../io/atomic-write.ts';
import { refuseDuringShardSet } from '../cluster/cluster-paths.ts';
import { csvDelimiter, linkCounts, writeRunCsvs } from './csv-outputs.ts';
import type { ProcessorSetup } from './file-processor.ts';
import type { FileResult, FileTask, PlannedFile } from './file-task.ts';
import type { Listing } from '../../core/listing.ts';
import { SortedRecords } from '../io/sorted-lines.ts';
import { removeMovedOutputs, removeNamedEmptyFolders, recheckOrphans } from './earlier-outputs.ts';
import { FileAccountant } from './file-account.ts';
import { forEachFilesCsvRow, type FileRow, writeFilesCsv } from '../state/files-csv.ts';
import { runNeedles } from './file-steps.ts';
import { appendJournal, type JournalEntry } from '../state/journal.ts';
import { type JournalCursor, SortedJournal } from '../state/sorted-journal.ts';
import { killPoint } from './kill-points.ts';
import { writePlanFile } from '../state/plan-file.ts';
import { discardPlanLists, type PreparedRun, prepareRun } from './prepare.ts';
import { writeRegistry } from '../state/patient-registry.ts';
import { privatePaths } from '../state/private-dir.ts';
import { opaqueRef, profileReport, reportableOptions, writeReport } from './report.ts';
import { PAGE_ROWS } from '../../core/report/html.ts';
import { DATASET_MARKER, TEMP_DIR_NAME } from './run-paths.ts';
import { inputSignature, spellingsDigest } from './signatures.ts';
import type { FileCounts, RunHooks, RunSummary } from './types.ts';
import { toolVersion as version } from './version.ts';
import { type RunPool, withRunPool } from '../pool/open-pool.ts';
import { runWritePass } from './write-pass.ts';

function emptyCounts(): FileCounts {
  return { anonymized: 0, unchanged: 0, ignored: 0, skipped: 0, quarantined: 0 };
}

/** A refusal as the summary the faces show: exit 2, the reason, nothing written. */
export function refusedSummary(options: Pick<AnonymizeOptions, 'output' | 'privateDir'>, error: Pick<Error, 'message'>): RunSummary {
  return { status: 'refused', patients: 0, ambiguous: 0, suggested: 0, files: emptyCounts(), output: options.output, privateDir: options.privateDir, error: error.message, exitCode: 2 };
}

/** What an earlier run's journal line says of its written file, for this run's report. */
function earlierFacts(entry: JournalEntry): NonNullable<FileTask['earlier']> {
  return { ...(entry.warnings ? { warnings: entry.warnings } : {}), ...(entry.names ? { names: entry.names } : {}), ...(entry.shortened ? { shortened: entry.shortened } : {}), ...(entry.actions ? { actions: entry.actions } : {}) };
}

/**
 * Decides, from the journal, which planned files are already done and which need a re-check. A
 * first run's journal is empty: every planned file is to do, and the plan's own list serves.
 * Otherwise the files to do are sorted into `spillDir` (a rerun of millions of files holds none).
 */
export function triage(
  prepared: Pick<PreparedRun, 'planned' | 'paths'>,
  journal: JournalCursor | undefined,
  digest: string,
  sigOf: (planned: PlannedFile) => string,
  onDone: (result: FileResult) => void,
  spillDir: string,
): { todo: Listing<PlannedFile>; doneCount: number } {
  if (journal === undefined) return { todo: prepared.planned, doneCount: 0 };
  const todo = new SortedRecords<PlannedFile>(spillDir, 'todo');
  let doneCount = 0;
  for (const planned of prepared.planned) {
    const { task } = planned;
    const entry = journal.entryFor(task.ref);
    const target = join(prepared.paths.output, task.out);
    const same = entry !== undefined && entry.sig === sigOf(planned) && entry.out === task.out && entry.outcome !== 'quarantined';
    const present = same && existsSync(target) && statSync(target).size === entry.size;
    if (!present) todo.add(task.ref, planned);
    else if (entry.spellings === digest) {
      doneCount += 1;
      onDone({ ref: task.ref, outcome: 'unchanged', out: task.out, size: entry.size, flags: entry.flags ?? [], ...earlierFacts(entry) });
    } else todo.add(task.ref, { ...planned, task: { ...task, mode: 'recheck', earlier: earlierFacts(entry) } });
  }
  return { todo, doneCount };
}

/** Each planned file's input signature, worked out when asked for (one stat per zip for all its entries). */
export function plannedSignatures(root: string): (planned: PlannedFile) => string {
  const mtimes = new Map<string, number>();
  return (planned) => inputSignature(root, { ref: planned.task.ref, ...planned.file }, mtimes);
}

function exitCodeOf(files: FileCounts): RunSummary['exitCode'] {
  if (files.quarantined > 0) return 1;
  return files.skipped > 0 ? 3 : 0;
}

/** The account a run or a merge feeds its files' outcomes to. */
export function accountantFor(prepared: PreparedRun, earlierInputs?: ReadonlyMap<string, string>): FileAccountant {
  const priv = privatePaths(prepared.paths.privateDir);
  return new FileAccountant({
    root: prepared.scan.root,
    output: prepared.paths.output,
    quarantine: priv.quarantine,
    filesCsv: priv.files,
    key: prepared.key,
    sortDir: join(priv.spill, 'account'),
    ...(earlierInputs === undefined ? {} : { earlierInputs }),
  });
}

async function writeOutputs(prepared: PreparedRun, options: AnonymizeOptions, hooks: RunHooks, runPool: RunPool): Promise<RunSummary> {
  const { paths, state } = prepared;
  const priv = privatePaths(paths.privateDir);
  const tempDir = join(paths.output, TEMP_DIR_NAME);
  // The marker says whose output this is until report.json does; an old report must not outlive a new run.
  rmSync(tempDir, { recursive: true, force: true });
  mkdirSync(tempDir, { recursive: true });
  writeFileSync(join(tempDir, DATASET_MARKER), `${state.dataset}\n`);
  for (const report of ['report.json', 'report.html']) rmSync(join(paths.output, report), { force: true });
  mkdirSync(priv.quarantine, { recursive: true, mode: 0o700 });
  // A run killed while it wrote files.csv, a CSV or a report left its temp file beside it.
  for (const dir of [paths.privateDir, paths.output]) removeStaleTemps(dir);

  await writeRunCsvs(prepared, options, hooks);
  writeRegistry(paths.privateDir, prepared.registry);
  const digest = spellingsDigest(prepared.registry);
  const sigOf = plannedSignatures(prepared.scan.root);
  // The journal as the plan read it (sorted, a moved folder's lines adopted): not read twice.
  const journal = prepared.journal ?? SortedJournal.read(priv.journal, join(priv.spill, 'journal'));
  removeMovedOutputs(paths.output, prepared.scan.root, prepared.planned, journal);
  const profile = buildProfile({ ...options, version: version() });
  // files.csv holds each earlier file's input path as the run that wrote it had it: read only when
  // an earlier output whose journal line names no input is found holding a name.
  let recorded: Map<string, string> | undefined;
  const recordedInput = (ref: string) => {
    if (recorded === undefined) {
      const byReference = new Map<string, string>();
      forEachFilesCsvRow(priv.files, (row) => byReference.set(row.reference, row.input));
      recorded = byReference;
    }
    return recorded.get(opaqueRef(prepared.key, ref)) || undefined;
  };
  const needles = runNeedles(prepared.registry, profile);
  const orphans = recheckOrphans(paths.output, priv.quarantine, prepared.scan.root, prepared.planned, journal, digest, needles, recordedInput);
  removeNamedEmptyFolders(paths.output, needles, TEMP_DIR_NAME);
  appendJournal(priv.journal, orphans.entries);
  const account = accountantFor(prepared, orphans.inputs);
  const { todo, doneCount } = triage(prepared, journal.lineCount === 0 ? undefined : journal.cursor(prepared.scan.root), digest, sigOf, (result) => account.add(result), join(priv.spill, 'plan'));
  journal.dispose();
  for (const result of orphans.quarantined) account.add(result);

  const pass = await writeTasks(runPool, {
    setup: processorSetup(prepared, options, tempDir, priv.spill),
    todo,
    journalPath: priv.journal,
    journalFields: (planned) => ({ sig: sigOf(planned), spellings: digest, input: prepared.scan.root }),
    options,
    hooks,
    alreadyDone: doneCount,
    total: prepared.planned.length,
    onResult: (result) => account.add(result),
    onNotStarted: (task) => account.addPending(task),
  });
  for (const result of pass.results) account.add(result);
  return finishRun(prepared, options, hooks, account, pass.stopped);
}

/**
 * Writes files.csv and report.json from `account`, which holds every file of the plan met so far
 * (the files it did not write are added here), and says how the run ended.
 */
export function finishRun(prepared: PreparedRun, options: AnonymizeOptions, hooks: RunHooks, account: FileAccountant, stopped: 'signal' | 'residue' | undefined): RunSummary {
  const { paths, state } = prepared;
  const priv = privatePaths(paths.privateDir);
  for (const entry of prepared.listed) account.addListed(entry);
  const { files, residue, riskFlags } = account;
  for (const log of account.logs()) hooks.onLog?.(log);
  writeFilesCsv(priv.files, account.rows, csvDelimiter(prepared), join(priv.spill, 'files-csv'));
  // The private page lists the first files not written, by input path, and how many there are.
  const notWritten: FileRow[] = [];
  account.notWritten.each((row) => {
    if (notWritten.length < PAGE_ROWS) notWritten.push(row);
  });
  const quarantined = files.quarantined > 0;
  const status: RunSummary['status'] = stopped !== undefined ? 'stopped' : quarantined || files.skipped > 0 ? 'partial' : 'complete';
  const exitCode = exitCodeOf(files);
  // The output's patients, earlier runs' included: an extension reports the dataset, not the run.
  const patients = prepared.registry.length;
  const { ambiguous, suggested, missing } = linkCounts(prepared.registry);
  killPoint('before-report');
  writeReport(paths.output, {
    tool: 'dicomveil',
    version: version(),
    dataset: state.dataset,
    status,
    finishedAt: new Date().toISOString(),
    patients,
    ambiguous,
    suggested,
    missingDemographics: missing,
    files,
    options: reportableOptions(options),
    riskFlags: Object.fromEntries(Object.entries(riskFlags).sort(([a], [b]) => (a < b ? -1 : 1))),
    nameReplacements: account.sortedNameReplacements(),
    valuesShortened: account.valuesShortened,
    profile: profileReport(options, [account.actions]),
  }, account.reportLines, {
    privateDir: paths.privateDir,
    details: {
      input: options.input,
      privateDir: paths.privateDir,
      patients: prepared.plan.patients,
      files: notWritten,
      filesCount: account.notWritten.size,
    },
  });
  account.dispose();
  if (stopped === undefined) rmSync(join(paths.output, TEMP_DIR_NAME), { recursive: true, force: true });
  rmSync(priv.spill, { recursive: true, force: true });
  return {
    status,
    patients,
    ambiguous,
    suggested,
    files,
    output: options.output,
    privateDir: options.privateDir,
    exitCode: stopped === 'residue' ? 1 : exitCode,
    ...(Object.keys(riskFlags).length > 0 ? { riskFlags } : {}),
    ...(residue ? { residue } : {}),
  };
}

/** Anonymizes `options.input` into `options.output` (or only plans, with `dryRun`). */
export async function runAnonymization(options: AnonymizeOptions, hooks: RunHooks = {}): Promise<RunSummary> {
  return withRunPool(options.jobs, async (pool) => {
    let prepared: PreparedRun;
    try {
      refuseDuringShardSet(options.privateDir);
      prepared = await prepareRun(options, hooks, pool);
    } catch (error) {
      if (error instanceof UsageError || error instanceof SpreadsheetError) return refusedSummary(options, error);
      // Stopped while reading headers: nothing was written under the output yet.
      if (hooks.signal?.aborted) return { status: 'stopped', patients: 0, ambiguous: 0, suggested: 0, files: emptyCounts(), output: options.output, privateDir: options.privateDir, exitCode: 0 };
      throw error;
    }
    try {
      return await runPrepared(prepared, options, hooks, pool);
    } finally {
      prepared.release();
    }
  });
}

async function runPrepared(prepared: PreparedRun, options: AnonymizeOptions, hooks: RunHooks, pool: RunPool): Promise<RunSummary> {
  for (const warning of prepared.plan.warnings) hooks.onLog?.({ level: 'warn', message: warning });
  if (options.dryRun) {
    writePlanFile(prepared);
    discardPlanLists(prepared);
    const counts = emptyCounts();
    for (const entry of prepared.listed) counts[entry.outcome === 'skipped' ? 'skipped' : 'ignored'] += 1;
    const { ambiguous, suggested } = linkCounts(prepared.registry);
    return { status: 'complete', patients: prepared.registry.length, ambiguous, suggested, files: counts, output: options.output, privateDir: options.privateDir, exitCode: counts.skipped > 0 ? 3 : 0 };
  }
  mkdirSync(prepared.paths.output, { recursive: true });
  killPoint('after-scan');
  return writeOutputs(prepared, options, hooks, pool);
}

/** What every thread of pass 2 needs to plan and verify files: the same for a run and a shard. */
export function processorSetup(prepared: PreparedRun, options: AnonymizeOptions, tempDir: string, spillDir: string): ProcessorSetup {
  return {
    inputRoot: prepared.scan.root,
    output: prepared.paths.output,
    tempDir,
    quarantineDir: privatePaths(prepared.paths.privateDir).quarantine,
    spillDir,
    patients: prepared.registry.map((p) => ({ id: p.id, spellings: p.spellings, patientIds: p.patientIds })),
    key: prepared.key,
    profile: options.profile,
    retain: options.retain,
    clean: options.clean,
    remove: options.remove,
    privateTags: options.privateTags,
    version: version(),
  };
}

/** What pass 2 needs to write a list of files (a whole run's, or one shard's). */
export interface WriteTasksInput {
  setup: ProcessorSetup;
  todo: Listing<PlannedFile>;
  journalPath: string;
  journalFields: (planned: PlannedFile) => Pick<JournalEntry, 'sig' | 'spellings' | 'input'>;
  /** Takes each result as it lands; the results returned are then only those of failed files. */
  onResult?: (result: FileResult, task: FileTask) => void;
  /** Takes each task a stopped pass never started. */
  onNotStarted?: (task: FileTask) => void;
  options: AnonymizeOptions;
  hooks: RunHooks;
  alreadyDone: number;
  total: number;
}

/**
 * Writes and verifies `todo` on the run's pool, then closes the pool (its threads' zips and spilled
 * entries are released before any report). A file that failed with an unexpected error is a
 * skipped result, said on the log as a bug.
 */
export async function writeTasks(runPool: RunPool, input: WriteTasksInput): Promise<{ results: FileResult[]; stopped: 'signal' | 'residue' | undefined }> {
  const writer = await runPool.startWrite(input.setup, input.todo.length);
  const threads = runPool.threadCount;
  let pass: Awaited<ReturnType<typeof runWritePass>>;
  try {
    pass = await runWritePass({
      tasks: input.todo,
      journalFields: input.journalFields,
      journalPath: input.journalPath,
      pool: writer,
      // Four per thread: the main thread also writes files, and while it is in one the workers' replies
      // wait; with two queued each, a worker ran dry about a tenth of the time.
      inFlight: threads <= 1 ? 1 : threads * 4,
      stopOnResidue: input.options.onResidue === 'stop',
      hooks: input.hooks,
      alreadyDone: input.alreadyDone,
      total: input.total,
      ...(input.onResult === undefined ? {} : { onResult: input.onResult }),
      ...(input.onNotStarted === undefined ? {} : { onNotStarted: input.onNotStarted }),
    });
  } finally {
    await runPool.close();
    await closeSharedOpeners();
  }
  const results = [...pass.results];
  for (const failure of pass.failures) {
    input.hooks.onLog?.({ level: 'error', message: `${failure.task.ref}: skipped after an unexpected error (a bug; please report): ${failure.error.message}` });
    results.push({ ref: failure.task.ref, outcome: 'skipped', out: '', size: 0, flags: [], reason: 'internal error' });
  }
  return { results, stopped: pass.stopped };
}
