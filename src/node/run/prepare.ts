/**
 * Everything before the first output byte (pass 1): refusals, the private dir and key, the
 * header scan, patients with their ids and links, and the output layout. The dry run stops here
 * and writes plan.json; the real run goes on with the same plan, so the ids match.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { renamePath } from '../../core/anonymize/paths.ts';
import { keyedValues } from '../../core/ids/keyed-values.ts';
import { buildProfile, type Profile, profileTable } from '../../core/profiles/index.ts';
import { renameUidSegment } from '../../core/profiles/uid-paths.ts';
import { buildNameIndex, type NameIndex } from '../../core/anonymize/name-index.ts';
import { describeDemographics } from '../../core/demographics/notices.ts';
import { UsageError } from '../../core/errors.ts';
import type { AnonymizeOptions } from '../../core/options/schema.ts';
import { loadOrCreateKey } from '../state/key.ts';
import { type InputProblem, printablePath, refPath } from '../sources/index.ts';
import { readDemographics, readLinksFile } from '../spreadsheet/index.ts';
import type { PlannedFile } from './file-task.ts';
import { journalHasLines, type JournalEntry } from '../state/journal.ts';
import { SortedJournal } from '../state/sorted-journal.ts';
import { movedHere, signatureLookup } from './signatures.ts';
import { type EarlierOutput, OutputLayout } from '../../core/plan/output-layout.ts';
import { buildPatients, type DemographicsInput } from './patients.ts';
import type { KnownPatientRecord, PlannedPatient } from '../../core/plan/patients-model.ts';
import { openPrivateDir, type PrivateState, privatePaths, readPrivateState, checkIdOptions, checkPolicyOptions } from '../state/private-dir.ts';
import type { RunPool } from '../pool/open-pool.ts';
import { lockPrivateDir } from '../state/run-lock.ts';
import { checkRunPaths, type RunPaths } from './run-paths.ts';
import { FileClasses, fileClassKey, type ScannedFile } from '../../core/plan/scanned-file.ts';
import type { Listing } from '../../core/listing.ts';
import { SortedRecords } from '../io/sorted-lines.ts';
import { seenDigest } from '../../core/plan/seen-facts.ts';
import { type ScannedInput, scanInput } from './scan-input.ts';
import type { RunHooks, RunPlan } from './types.ts';
import { toolVersion } from './version.ts';

export interface PreparedRun {
  paths: RunPaths;
  state: PrivateState;
  key: Uint8Array;
  scan: ScannedInput;
  patients: PlannedPatient[];
  /** Every patient the private dir knows (earlier runs included): all are searched in every output. */
  registry: KnownPatientRecord[];
  demographics: DemographicsInput | undefined;
  index: NameIndex;
  /** The DICOM files to write, in ref order, with their output paths (on disk past a few thousand). */
  planned: Listing<PlannedFile>;
  /**
   * Earlier runs' journal as the plan read it (sorted on disk, a moved input folder's lines
   * adopted), for the write pass to walk beside the plan; absent in a shard's or the merge's run.
   */
  journal?: SortedJournal;
  /** Files that are not written, and why (ignored, skipped, dropped, excluded). */
  listed: { file: ScannedFile | undefined; problem: InputProblem | undefined; outcome: 'ignored' | 'skipped' | 'dropped' | 'excluded'; reason: string }[];
  plan: RunPlan;
  /** Releases the private dir's lock; call once the run is over. */
  release(): void;
}

/** Scanned files in ref order: a scan's own records come so; files joined from shards' scans are sorted. */
function inRefOrder(files: Listing<ScannedFile>): Listing<ScannedFile> {
  return Array.isArray(files) ? [...(files as ScannedFile[])].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0)) : files;
}

function classify(file: ScannedFile, options: AnonymizeOptions): PreparedRun['listed'][number] | undefined {
  switch (file.kind) {
    case 'dicom':
      return undefined;
    case 'document':
      // Under basic the document gets its table action (a dummy) like any attribute: nothing unverifiable stays.
      return options.documents === 'include' || options.profile === 'basic' ? undefined : { file, problem: undefined, outcome: 'excluded', reason: file.reason ?? 'encapsulated document' };
    case 'dicomdir':
      return { file, problem: undefined, outcome: 'dropped', reason: file.reason ?? 'DICOMDIR' };
    case 'corrupt':
      return { file, problem: undefined, outcome: 'skipped', reason: file.reason ?? 'corrupt DICOM' };
    case 'not-dicom':
      return { file, problem: undefined, outcome: 'ignored', reason: file.reason ?? 'not a DICOM file' };
  }
}

/**
 * Removes the lists a plan kept on disk (the scan's records, the planned files, the journal sorted):
 * a dry run, a preview and a cluster plan end with the plan, and their lists are spent.
 */
export function discardPlanLists(prepared: Pick<PreparedRun, 'paths'>): void {
  rmSync(privatePaths(prepared.paths.privateDir).spill, { recursive: true, force: true });
}

/**
 * How a run past one machine plans: `scanned` is pass 1 already read by shards (no header is read
 * again); `shared` leaves the private dir unlocked, for shards that write disjoint files at once.
 */
export interface PrepareSeam {
  scanned?: ScannedInput;
  shared?: boolean;
}

/**
 * Reads what the user pointed at and plans the run; throws UsageError/SpreadsheetError to refuse.
 * Headers are read by `pool` (the run's, kept for pass 2), or in this thread without one.
 */
export async function prepareRun(options: AnonymizeOptions, hooks: RunHooks, pool?: RunPool, seam: PrepareSeam = {}): Promise<PreparedRun> {
  const existing = readPrivateState(options.privateDir);
  checkIdOptions(existing, options);
  checkPolicyOptions(existing, options);
  const paths = checkRunPaths(options, existing?.dataset);
  // A bad --remove entry is a refusal now, not an error in every worker later.
  const profile = buildProfile({ ...options, version: toolVersion() });
  const linksPath = options.links ?? (existsSync(privatePaths(paths.privateDir).links) ? privatePaths(paths.privateDir).links : undefined);
  // Unreadable spreadsheets refuse the run before anything is created.
  const table = options.demographics === undefined ? undefined : await readDemographics(options.demographics);
  const links = linksPath === undefined ? [] : await readLinksFile(linksPath);
  const demographics = table === undefined ? undefined : { table, path: options.demographics! };
  // How the sheet was read (columns, rows), so a wrong column shows before the links do; its problems join the plan's warnings.
  for (const line of table === undefined ? [] : describeDemographics(table).info) hooks.onLog?.({ level: 'info', message: line });

  const privateDirExisted = existsSync(paths.privateDir);
  // A shard writes nothing of the private dir's own (README, state): the plan made them, once.
  const state = seam.shared ? sharedState(existing, paths.privateDir) : openPrivateDir(paths.privateDir, options);
  const release = seam.shared ? () => {} : lockPrivateDir(paths.privateDir);
  try {
    return { ...(await planRun(options, hooks, paths, state, demographics, links, pool, profile, seam.scanned)), release };
  } catch (error) {
    release();
    if (undoesNewPrivateDir(error) && existing === undefined) undoNewPrivateDir(paths.privateDir, privateDirExisted);
    throw error;
  }
}

function sharedState(existing: PrivateState | undefined, privateDir: string): PrivateState {
  if (existing) return existing;
  throw new UsageError('E_PRIVATE_STATE', `${privateDir} holds no run state: run dicomveil plan first`, { file: privateDir });
}

/** Refusals that can only be told once the input is read: the private dir this run made goes. */
const UNDONE_REFUSALS: ReadonlySet<string> = new Set(['E_NO_DICOM', 'E_ID_PREFIX_NAME']);

/** Whether `error` refuses a run whose new private dir must be left as if never made. */
export function undoesNewPrivateDir(error: unknown): boolean {
  return error instanceof UsageError && UNDONE_REFUSALS.has(error.code);
}

/**
 * A refusal found only after the private dir was made (nothing to anonymize) leaves nothing
 * behind: the folder goes if this run made it, else the files this run put in it.
 */
function undoNewPrivateDir(dir: string, existed: boolean): void {
  if (!existed) {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const priv = privatePaths(dir);
  for (const path of [priv.readme, priv.key, priv.state, priv.spill]) rmSync(path, { recursive: true, force: true });
}

/**
 * A run needs at least one DICOM file (images, documents, DICOMDIRs or corrupt ones alike), unless
 * an earlier run of this private dir wrote some: extending with nothing new is fine.
 */
function checkSomethingToDo(scan: ScannedInput, privateDir: string, input: string): void {
  for (const file of scan.files) if (file.kind !== 'not-dicom') return;
  if (journalHasLines(privatePaths(privateDir).journal)) return;
  const others = scan.files.length + scan.problems.length;
  throw new UsageError('E_NO_DICOM', `<input>: no DICOM file found in ${input}${others > 0 ? ` (${others} other file(s) or problem(s), none DICOM)` : ' (it is empty)'}; nothing written`, { file: input });
}

/**
 * The signatures of this run's files that the journal names under another input folder (`files`:
 * their scanned records), for the lines of a folder moved here since.
 */
function movedSignatures(root: string, files: ScannedFile[]): { get(ref: string): string | undefined } {
  return signatureLookup(root, files.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0)));
}

/**
 * Outputs of earlier runs this plan does not write again (another input folder's, or of inputs no
 * longer given): an extension lays its files out around them, never over them. `wanted` are the
 * files this plan writes, in ref order: this input's lines are walked beside them.
 */
function earlierOutputs(journal: SortedJournal, root: string, wanted: Iterable<ScannedFile>): EarlierOutput[] {
  const earlier: EarlierOutput[] = [];
  if (journal.lineCount === 0) return earlier;
  const written = (entry: JournalEntry) => entry.out !== '' && entry.outcome !== 'quarantined';
  const lines = journal.ofInput(root);
  let head = lines.next();
  const passTo = (ref: string | undefined) => {
    while (!head.done && (ref === undefined || head.value.ref < ref)) {
      if (written(head.value)) earlier.push({ out: head.value.out });
      head = lines.next();
    }
  };
  for (const file of wanted) {
    passTo(file.ref);
    if (!head.done && head.value.ref === file.ref) head = lines.next();
  }
  passTo(undefined);
  for (const entry of journal.foreign(root)) if (written(entry)) earlier.push({ out: entry.out, owner: entry.input! });
  return earlier;
}

async function planRun(
  options: AnonymizeOptions,
  hooks: RunHooks,
  paths: RunPaths,
  state: PrivateState,
  demographics: DemographicsInput | undefined,
  links: Awaited<ReturnType<typeof readLinksFile>>,
  pool: RunPool | undefined,
  profile: Profile,
  scanned: ScannedInput | undefined,
): Promise<Omit<PreparedRun, 'release'>> {
  const key = await loadOrCreateKey(paths.privateDir);
  const { uid } = keyedValues(key);
  const spill = privatePaths(paths.privateDir).spill;
  mkdirSync(spill, { recursive: true, mode: 0o700 });
  const scan = scanned ?? (await scanInput(paths.input, spill, hooks, pool));
  checkSomethingToDo(scan, paths.privateDir, paths.input);

  const listed: PreparedRun['listed'] = [];
  // An entry read under a safe name (a zip path with `..`, a duplicate name) is still read, and
  // counted by what becomes of it: its new name is told, not counted as a file of its own.
  const renamed: string[] = [];
  for (const problem of scan.problems) {
    if (problem.action === 'renamed') renamed.push(`${printablePath(refPath(scan.root, problem.ref))}: ${problem.message}`);
    else listed.push({ file: undefined, problem, outcome: 'skipped', reason: problem.message });
  }
  // Read in ref order (from disk past a few thousand files): once to classify and gather the classes
  // the patients are made of, once more beside the journal for the outputs of earlier runs kept,
  // once to lay the files out. Nothing per file is held.
  const files = inRefOrder(scan.files);
  const journal = SortedJournal.read(privatePaths(paths.privateDir).journal, join(spill, 'journal'));
  // Lines of other input folders: few, unless this run extends an output made from another folder.
  const foreignRefs = new Set<string>();
  for (const line of journal.foreign(scan.root)) foreignRefs.add(line.ref);
  const classes = new FileClasses();
  const foreign: ScannedFile[] = [];
  for (const file of files) {
    const entry = classify(file, options);
    if (entry) {
      listed.push(entry);
      // An excluded document or a file cut short is not written, but the patient its header names is searched everywhere.
      if ((entry.outcome === 'excluded' || entry.outcome === 'skipped') && file.identity !== undefined) classes.add(file);
      continue;
    }
    classes.add(file);
    if (foreignRefs.has(file.ref)) foreign.push(file);
  }

  const built = await buildPatients({ classes: classes.list, sources: scan.sources, demographics, links, options, key, privateDir: paths.privateDir });
  const index = buildNameIndex(built.registry.map((p) => ({ id: p.id, spellings: p.spellings, patientIds: p.patientIds })));
  const patientOf = new Map<string, string>();
  for (const patient of built.patients) for (const member of patient.members) patientOf.set(member, patient.id);
  journal.adopt(scan.root, movedHere(movedSignatures(scan.root, foreign)));
  const wanted = function* () {
    for (const file of files) if (classify(file, options) === undefined) yield file;
  };
  const layout = new OutputLayout(
    (segment, patientId) => renamePath(index, profile.uidRule === undefined ? segment : renameUidSegment(segment, uid), undefined, { prefer: patientId, own: patientId }),
    earlierOutputs(journal, scan.root, wanted()),
  );
  const planned = new SortedRecords<PlannedFile>(join(spill, 'plan'), 'files');
  for (const file of wanted()) {
    const patientId = patientOf.get(fileClassKey(file))!;
    const out = layout.place({ ref: file.ref, source: file.source, relativePath: file.relativePath, patientId });
    const facts = { size: file.size, kind: file.kind, ...(file.identity === undefined ? {} : { identity: file.identity }) };
    planned.add(file.ref, { task: { ref: file.ref, out, patientId, mode: 'write', seen: seenDigest(file.size, file.identity) }, file: facts });
  }

  const warnings = [...built.warnings, ...renamed];
  const dropped = listed.filter((entry) => entry.outcome === 'dropped').length;
  if (dropped > 0) warnings.push(`${dropped} DICOMDIR file(s) dropped: they index CDs and would name the original paths`);
  const plan: RunPlan = {
    patients: built.patients.map(({ id, name, spellings, sources, link, facts, candidates, flags }) => ({ id, name, spellings, sources, link, ...(facts === undefined ? {} : { facts }), candidates, flags })),
    ignored: listed.map((entry) => ({ path: entry.file?.ref ?? entry.problem?.ref ?? '', reason: `${entry.outcome}: ${entry.reason}` })),
    demographicsRows: built.demographicsRows,
    warnings,
    profile: { id: profile.name, retain: [...profile.retain], clean: [...profile.clean], rows: profileTable(profile) },
  };
  return { paths, state, key, scan, patients: built.patients, registry: built.registry, demographics, index, planned, journal, listed, plan };
}
