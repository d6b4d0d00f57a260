/**
 * The private dir's layout and its run state: which output it owns (a random dataset id that the
 * output's report.json repeats, so a later run can tell its own output from a foreign one) and the
 * id options its ids were issued with (changing them later would re-identify nobody but break links).
 */
import { randomBytes } from 'node:crypto';
import { DIGITS, digestToText } from '../../core/ids/keyed-hash.ts';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import type { AnonymizeOptions } from '../../core/options/schema.ts';
import { removedAttributes } from '../../core/profiles/overlays.ts';
import { writeFileAtomic } from '../io/atomic-write.ts';

export const PRIVATE_README = `This folder was written by dicomveil. It holds the secret key and the list of real patient
names behind each pseudonym id (mapping.csv), the demographics rows, link choices and any
quarantined file.

DO NOT SHARE THIS FOLDER. Keep it with the original data. Send only the output folder.

Keep it to run dicomveil again on the same dataset (same ids for the same patients), and to
check an output with: dicomveil verify <output> --private-dir <this folder>
`;

/** Where each private file lives. */
export function privatePaths(dir: string) {
  return {
    dir,
    readme: join(dir, 'README.txt'),
    key: join(dir, 'key'),
    state: join(dir, 'state.json'),
    mapping: join(dir, 'mapping.csv'),
    links: join(dir, 'links.csv'),
    missing: join(dir, 'missing_demographics.csv'),
    matched: join(dir, 'demographics_matched.csv'),
    unmatched: join(dir, 'demographics_unmatched.csv'),
    quarantine: join(dir, 'quarantine'),
    journal: join(dir, 'journal'),
    files: join(dir, 'files.csv'),
    plan: join(dir, 'plan.json'),
    spill: join(dir, 'spill'),
  };
}
export type PrivatePaths = ReturnType<typeof privatePaths>;

export interface IdOptions {
  ids: AnonymizeOptions['ids'];
  idPrefix: string;
  idLength: number;
}

/**
 * The options a private dir's dataset was made with that shape its files' bytes: one dataset, one
 * policy. A later run keeps earlier files as they are, so another value would leave them written
 * under the old one while report.json claims the new. The last three are absent in private dirs
 * made before they were recorded: not checked there.
 */
export interface PolicyOptions {
  profile: AnonymizeOptions['profile'];
  retain: AnonymizeOptions['retain'];
  clean: AnonymizeOptions['clean'];
  remove?: AnonymizeOptions['remove'];
  privateTags?: AnonymizeOptions['privateTags'];
  documents?: AnonymizeOptions['documents'];
}

export interface PrivateState {
  /** Random id shared with the output's report.json; says nothing about the patients. */
  dataset: string;
  idOptions: IdOptions;
  /** Absent in private dirs made before profiles had options: the research profile. */
  policy?: PolicyOptions;
}

function policyOf(options: PolicyOptions): PolicyOptions {
  return {
    profile: options.profile,
    retain: [...options.retain].sort(),
    clean: [...options.clean].sort(),
    ...(options.remove === undefined ? {} : { remove: removedAttributes(options.remove) }),
    ...(options.privateTags === undefined ? {} : { privateTags: options.privateTags }),
    ...(options.documents === undefined ? {} : { documents: options.documents }),
  };
}

const listText = (list: readonly string[]) => list.join(',') || 'none';

/** Refuses profile options that differ from those the private dir's dataset was made with. */
export function checkPolicyOptions(state: PrivateState | undefined, options: AnonymizeOptions): void {
  if (!state) return;
  const was = policyOf(state.policy ?? { profile: 'research', retain: [], clean: [] });
  const now = policyOf(options);
  const changed: string[] = [];
  if (was.profile !== now.profile) changed.push(`--profile (was ${was.profile})`);
  if (was.retain.join() !== now.retain.join()) changed.push(`--retain (was ${listText(was.retain)})`);
  if (was.clean.join() !== now.clean.join()) changed.push(`--clean (was ${listText(was.clean)})`);
  if (was.remove !== undefined && was.remove.join() !== now.remove?.join()) changed.push(`--remove (was ${listText(was.remove)})`);
  if (was.privateTags !== undefined && was.privateTags !== now.privateTags) changed.push(`--private-tags (was ${was.privateTags})`);
  if (was.documents !== undefined && was.documents !== now.documents) changed.push(`--documents (was ${was.documents})`);
  if (changed.length === 0) return;
  throw new UsageError('E_PROFILE_OPTIONS_CHANGED', `this private dir's dataset was made with other profile options: ${changed.join(', ')}; use the same options, or a new private dir`);
}

/** The state of an existing private dir, or undefined for a new one. */
export function readPrivateState(dir: string): PrivateState | undefined {
  let text: string;
  try {
    text = readFileSync(privatePaths(dir).state, 'utf8');
  } catch {
    return undefined;
  }
  const state = JSON.parse(text) as Partial<PrivateState>;
  if (typeof state.dataset !== 'string' || typeof state.idOptions !== 'object' || state.idOptions === null) {
    throw new UsageError('E_PRIVATE_STATE', `the private dir's state.json is damaged: ${privatePaths(dir).state}`, { file: privatePaths(dir).state });
  }
  return state as PrivateState;
}

/** Refuses id options that differ from those the private dir already issued ids with. */
export function checkIdOptions(state: PrivateState | undefined, options: AnonymizeOptions): void {
  if (!state) return;
  const was = state.idOptions;
  const changed = (['ids', 'idPrefix', 'idLength'] as const).filter((key) => was[key] !== options[key]);
  if (changed.length === 0) return;
  const flags = changed.map((key) => `--${key === 'ids' ? 'ids' : key === 'idPrefix' ? 'id-prefix' : 'id-length'} (was ${String(was[key])})`);
  throw new UsageError(
    'E_ID_OPTIONS_CHANGED',
    `this private dir already issued ids with other settings: ${flags.join(', ')}; use the same settings, or a new private dir`,
  );
}

/** Creates the private dir (owner-only), its README and state; returns the state in force. */
export function openPrivateDir(dir: string, options: AnonymizeOptions): PrivateState {
  const existing = readPrivateState(dir);
  checkIdOptions(existing, options);
  checkPolicyOptions(existing, options);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    // A link to nowhere, a file in the way, no permission: a path the user gave, not a bug.
    const reason = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError('E_PRIVATE_DIR', `the private dir cannot be made: ${dir} (${reason})`, { file: dir });
  }
  const paths = privatePaths(dir);
  writeFileSync(paths.readme, PRIVATE_README, { mode: 0o600 });
  if (existing) return existing;
  const state: PrivateState = {
    // Digits only: hex or base-32 can spell a name by chance ("efea" between digits), and this id
    // is written into report.json, which the check of the shareable files searches like any file.
    dataset: digestToText(randomBytes(16), 36, DIGITS),
    idOptions: { ids: options.ids, idPrefix: options.idPrefix, idLength: options.idLength },
    policy: policyOf(options),
  };
  writeFileAtomic(paths.state, `${JSON.stringify(state, null, 2)}\n`, 0o600);
  return state;
}

