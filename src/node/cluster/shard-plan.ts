/**
 * What `plan` leaves for the anonymize shards and the merge, so that neither plans again from the
 * scans: `<private-dir>/plan-files.jsonl`, JSON lines. Its head is the shared part every shard
 * needs (the patients with their spellings, the registry the name index is built from, the plan's
 * digest: a few MB at most); then one line per planned file, led by its shard hash so a shard keeps
 * its own lines without parsing (or hashing) the others; then the files not written (ignored,
 * skipped…), which only the merge reads; then an end line with the counts and the SHA-256 of every
 * line before it (a torn or edited file is refused, whichever line was touched).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildNameIndex } from '../../core/anonymize/name-index.ts';
import { UsageError } from '../../core/errors.ts';
import type { AnonymizeOptions } from '../../core/options/schema.ts';
import type { KnownPatientRecord, PlannedPatient } from '../../core/plan/patients-model.ts';
import type { ScannedFile } from '../../core/plan/scanned-file.ts';
import { seenDigest } from '../../core/plan/seen-facts.ts';
import { removedAttributes } from '../../core/profiles/overlays.ts';
import { readLines, writeTextAtomic } from '../io/text-files.ts';
import type { PlannedFile } from '../run/file-task.ts';
import { equalValues } from '../run/equal-values.ts';
import type { PreparedRun } from '../run/prepare.ts';
import { checkRunPaths } from '../run/run-paths.ts';
import { spellingsDigest } from '../run/signatures.ts';
import type { RunPlan } from '../run/types.ts';
import { readDemographics } from '../spreadsheet/index.ts';
import { loadOrCreateKey } from '../state/key.ts';
import { readRegistry } from '../state/patient-registry.ts';
import { readPrivateState } from '../state/private-dir.ts';
import { type ShardSpec, shardHash } from './shard.ts';

const FORMAT = 'dicomveil-plan-files-1';

export function planFilesPath(privateDir: string): string {
  return join(privateDir, 'plan-files.jsonl');
}

/** The shared part: what every shard needs whatever its files. */
export interface PlanFilesHead {
  format: typeof FORMAT;
  /** The plan's digest (plan-run.json's): a shard refuses a head of another plan. */
  digest: string;
  /** The private dir's registry as the plan read it: a run between the plan and a shard changes it. */
  known: string;
  root: string;
  registry: KnownPatientRecord[];
  /** This run's patients, their refs left out (the file lines hold them). */
  patients: Omit<PlannedPatient, 'members'>[];
  plan: Omit<RunPlan, 'ignored'>;
  /** SHA-256 of the demographics file the plan read: the merge reads it again for its CSVs. */
  sheet?: string;
}

/** What a file's input signature is made of (its ref is the task's): all a shard needs of its scan. */
export type SignedFile = Pick<ScannedFile, 'ref' | 'size' | 'kind' | 'identity'>;

/** What the merge keeps of each planned file's scanned facts: nothing (it computes no signature). */
const UNSIGNED: PlannedFile['file'] = Object.freeze({ size: 0, kind: 'dicom' });

/** A planned file as its line says it (a task's `seen` is made again from its file when read). */
type TaskLine = PlannedFile;

/** What a shard's lines say: its tasks and their scanned files (for their input signatures). */
export interface PlanSlice {
  head: PlanFilesHead;
  /** The tasks and their scanned files (for their input signatures). */
  planned: PlannedFile[];
  /** Only when asked for (the merge): the files not written. */
  listed: PreparedRun['listed'];
}

/**
 * What a plan of the files in `prepared` digests to: same files, outputs, patients, and the options
 * that shape the written bytes, so a shard written under an earlier plan with other options is
 * not merged with this one's.
 */
export function planDigest(prepared: Pick<PreparedRun, 'planned' | 'registry'>, options: AnonymizeOptions): string {
  const hash = createHash('sha256');
  const { profile, retain, clean, remove, privateTags, documents } = options;
  hash.update(`${JSON.stringify({ profile, retain: [...retain].sort(), clean: [...clean].sort(), remove: removedAttributes(remove), privateTags, documents })}\n`);
  for (const { task } of prepared.planned) hash.update(`${task.ref}\0${task.out}\0${task.patientId}\n`);
  hash.update(spellingsDigest(prepared.registry));
  return hash.digest('hex');
}

/** Writes plan-files.jsonl for `prepared`, whose digest is `digest`; `known` is the registry before the plan. */
export function writePlanFiles(prepared: PreparedRun, digest: string, known: string): void {
  const head: PlanFilesHead = {
    format: FORMAT,
    digest,
    known,
    root: prepared.scan.root,
    registry: prepared.registry,
    patients: prepared.patients.map(({ members: _members, ...patient }) => patient),
    plan: { patients: prepared.plan.patients, demographicsRows: prepared.plan.demographicsRows, warnings: prepared.plan.warnings, ...(prepared.plan.profile ? { profile: prepared.plan.profile } : {}) },
    ...(prepared.demographics === undefined ? {} : { sheet: fileSha256(prepared.demographics.path) }),
  };
  const lines = createHash('sha256');
  writeTextAtomic(
    planFilesPath(prepared.paths.privateDir),
    (write) => {
      const emit = (line: string) => {
        lines.update(line);
        write(line);
      };
      emit(`${JSON.stringify(head)}\n`);
      // A task's `seen` is made again from its file line when read: the line says it once.
      for (const { task: { seen: _seen, ...task }, file } of prepared.planned) emit(`T${shardHash(task.ref)}\t${JSON.stringify({ task, file } satisfies TaskLine)}\n`);
      for (const entry of prepared.listed) emit(`L\t${JSON.stringify(entry)}\n`);
      write(`${JSON.stringify({ end: { tasks: prepared.planned.length, listed: prepared.listed.length, sha256: lines.digest('hex') } })}\n`);
    },
    0o600,
  );
}

function fileSha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * An output path as the plan wrote it: relative, `/`-separated, no empty, `.` or `..` part, so it
 * stays under the output whatever a damaged or edited plan says.
 */
export function isPlannedOutPath(out: unknown): out is string {
  if (typeof out !== 'string' || out.length === 0 || out.includes('\0') || /^[a-zA-Z]:/.test(out)) return false;
  return out.split(/[\\/]/).every((part) => part !== '' && part !== '.' && part !== '..');
}

function foreign(path: string, why: string): UsageError {
  return new UsageError('E_PLAN_FOREIGN', `${path} ${why}; run dicomveil plan again`, { file: path });
}

/**
 * The lines of plan-files.jsonl a shard needs (`shard`: its tasks only) or the merge needs (no
 * `shard`, `listed`: every task and the files not written). Refuses a file of another plan (its
 * digest is not `digest`), a torn one, and a private dir whose registry changed since the plan.
 */
export function readPlanFiles(privateDir: string, digest: string, want: { shard?: ShardSpec; listed?: boolean }): PlanSlice {
  const path = planFilesPath(privateDir);
  let head: PlanFilesHead | undefined;
  let end: { tasks: number; listed: number; sha256?: string } | undefined;
  const lines = createHash('sha256');
  const slice = { planned: [] as PlannedFile[], listed: [] as PreparedRun['listed'] };
  // A series' files say who they belong to in the same words: one copy serves them all.
  const identities = equalValues<NonNullable<PlannedFile['file']['identity']>>(100_000);
  let tasks = 0;
  let listed = 0;
  try {
    readLines(path, (line) => {
      if (line.length === 0) return;
      const kind = line.charCodeAt(0);
      if (head === undefined || kind === 84 || kind === 76) lines.update(`${line}\n`);
      if (kind === 84 /* T */) {
        tasks += 1;
        const tab = line.indexOf('\t');
        if (want.shard !== undefined && (Number(line.slice(1, tab)) % want.shard.count) + 1 !== want.shard.index) return;
        const { task, file } = JSON.parse(line.slice(tab + 1)) as TaskLine;
        if (!isPlannedOutPath(task.out)) throw foreign(path, `plans an output path that leaves the output folder (${JSON.stringify(task.out)} for ${task.ref})`);
        // A plan's file line says what its scan saw, whether or not its task does. The merge signs
        // no input: a million files' facts, held for nothing, would double what it holds.
        const seen = seenDigest(file.size, file.identity);
        if (want.shard === undefined) slice.planned.push({ task: { ...task, seen }, file: UNSIGNED });
        else slice.planned.push({ task: { ...task, seen }, file: { ...file, ...(file.identity === undefined ? {} : { identity: identities(file.identity) }) } });
      } else if (kind === 76 /* L */) {
        listed += 1;
        if (want.listed) slice.listed.push(JSON.parse(line.slice(2)) as PreparedRun['listed'][number]);
      } else if (head === undefined) head = JSON.parse(line) as PlanFilesHead;
      else end = (JSON.parse(line) as { end: { tasks: number; listed: number } }).end;
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw foreign(path, 'is not found (a plan of an earlier version, or none)');
    // A line cut short (a plan killed while written is never renamed in; a damaged file is).
    throw foreign(path, error instanceof SyntaxError ? 'is not a whole plan of this version of dicomveil' : 'cannot be read');
  }
  if (head?.format !== FORMAT || end === undefined || end.tasks !== tasks || end.listed !== listed) throw foreign(path, 'is not a whole plan of this version of dicomveil');
  if (end.sha256 !== lines.digest('hex')) throw foreign(path, 'was changed since dicomveil plan wrote it (its lines no longer match its end line)');
  if (head.digest !== digest) {
    throw new UsageError('E_PLAN_STALE', `${path} holds another plan than plan-run.json beside it (the plan was written again, or in part); run dicomveil plan again`, { file: path });
  }
  if (spellingsDigest(readRegistry(privateDir)) !== head.known) {
    throw new UsageError('E_PLAN_STALE', `the private dir's patients changed since ${path} was written (another run used it); run dicomveil plan again`, { file: path });
  }
  return { head, ...slice };
}

/**
 * The run as the plan left it, without planning again: what a shard writes its files with and
 * what the merge accounts for. `demographics` reads the spreadsheet again (the merge's CSVs).
 */
export async function preparedFromPlan(options: AnonymizeOptions, slice: PlanSlice, demographics: boolean): Promise<PreparedRun> {
  const state = readPrivateState(options.privateDir);
  if (state === undefined) throw new UsageError('E_PRIVATE_STATE', `${options.privateDir} holds no run state: run dicomveil plan first`, { file: options.privateDir });
  const paths = checkRunPaths(options, state.dataset);
  const key = await loadOrCreateKey(paths.privateDir);
  const { head } = slice;
  // The merge's CSVs must be of the sheet the plan linked, not of one edited since.
  if (demographics && options.demographics !== undefined && head.sheet !== undefined && existsSync(options.demographics) && fileSha256(options.demographics) !== head.sheet) {
    throw new UsageError('E_PLAN_STALE', `${options.demographics} changed since dicomveil plan read it; put back the file the plan read, or run dicomveil plan (and the shards) again`, { file: options.demographics });
  }
  const table = demographics && options.demographics !== undefined ? await readDemographics(options.demographics) : undefined;
  return {
    paths,
    state,
    key,
    // Its files' signatures come from the slice (the shard's own); nothing else reads the scan.
    scan: { root: head.root, sources: [], files: [], problems: [] },
    patients: head.patients.map((patient) => ({ ...patient, members: [] })),
    registry: head.registry,
    demographics: table === undefined ? undefined : { table, path: options.demographics! },
    index: buildNameIndex(head.registry.map((p) => ({ id: p.id, spellings: p.spellings, patientIds: p.patientIds }))),
    planned: slice.planned,
    listed: slice.listed,
    plan: { ...head.plan, ignored: slice.listed.map((entry) => ({ path: entry.file?.ref ?? entry.problem?.ref ?? '', reason: `${entry.outcome}: ${entry.reason}` })) },
    // Shards and the merge share the private dir (the plan made its state, once): nothing to lock.
    release: () => {},
  };
}
