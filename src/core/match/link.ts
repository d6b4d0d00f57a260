/**
 * Links patients to demographics rows (CONTRACT.md, "Names"): the row with the best score wins;
 * birth date and sex, where both sides have them, exclude a row when they differ and break ties
 * when they agree; then the spelling with fewest edits (the word distance scores "Dupond" like
 * "Dupont"); rows still tied make the link `ambiguous`, never guessed. Explicit choices
 * (links.csv) override everything. A row is linked to one patient at most.
 */
import { conflicts, compareAttribute } from './evidence.ts';
import { EPSILON, matchDistance, spellingsDistance, spellingsEditDistance } from './measures.ts';
import { NameIndex } from './name-index.ts';
import { type PreparedName, prepareName } from './name.ts';

/** One demographics row, its name already assembled (the name cell, or first and last names). */
export interface DemographicsRow {
  /** The caller's number for the row (its line, say); results refer to rows by it. */
  readonly row: number;
  readonly name: string;
  /** DA `YYYYMMDD`. */
  readonly birthDate?: string | undefined;
  /** `M`, `F` or `O`. */
  readonly sex?: string | undefined;
  /** The row's whole content: rows with equal content are one row written twice, not a tie. */
  readonly content?: string | undefined;
}

/** A patient to link: all its spellings (PN groups, other names, PatientID-free). */
export interface LinkablePatient {
  readonly names: readonly string[];
  readonly birthDate?: string | undefined;
  readonly sex?: string | undefined;
}

/** One line of links.csv: `demographicsName` undefined means "no demographics row". */
export interface LinkChoiceInput {
  readonly dicomName: string;
  readonly demographicsName: string | undefined;
}

export type LinkOutcome =
  | { readonly status: 'linked'; readonly row: number; readonly score: number; readonly by: 'match' | 'choice' }
  | { readonly status: 'ambiguous'; readonly rows: readonly number[]; readonly score: number }
  | {
      readonly status: 'missing';
      /** no-match: nothing within the threshold; conflict: only rows whose birth date or sex
       * differ; chosen-none: links.csv says so; choice-not-found: links.csv names no row here. */
      readonly reason: 'no-match' | 'conflict' | 'chosen-none' | 'choice-not-found';
      readonly rows?: readonly number[];
    };

export interface LinkOptions {
  /** The `--distance` threshold. */
  readonly distance: number;
  readonly choices?: readonly LinkChoiceInput[];
  /** Compare every patient with every row instead of using the index (same result, for checks). */
  readonly exhaustive?: boolean;
}

interface PreparedRow {
  readonly input: DemographicsRow;
  readonly names: PreparedName[];
  readonly canonical: string;
}

interface Scored {
  readonly row: PreparedRow;
  readonly score: number;
  /** The edit distance alone: breaks ties the word distance leaves. */
  readonly edits: number;
}

function prepareAll(names: readonly string[]): PreparedName[] {
  return names.map(prepareName).filter((name): name is PreparedName => name !== undefined);
}

/** Keeps the candidates that agree on `attribute` when some do (a tie-breaker never excludes alone). */
function preferAgreeing(list: Scored[], patient: LinkablePatient, attribute: 'birthDate' | 'sex'): Scored[] {
  const agreeing = list.filter((item) => compareAttribute(patient[attribute], item.row.input[attribute]) === 'agree');
  return agreeing.length > 0 ? agreeing : list;
}

/** Rows written twice (same content) count once: the first stays. */
function collapseDuplicates(list: Scored[]): Scored[] {
  const seen = new Set<string>();
  return list.filter((item) => {
    const content = item.row.input.content;
    if (content === undefined) return true;
    if (seen.has(content)) return false;
    seen.add(content);
    return true;
  });
}

/** The decision among rows within the threshold (already without conflicting ones). */
function decide(patient: LinkablePatient, scored: Scored[], by: 'match' | 'choice'): LinkOutcome {
  const best = Math.min(...scored.map((item) => item.score));
  let tied = scored.filter((item) => item.score <= best + EPSILON);
  tied = preferAgreeing(preferAgreeing(tied, patient, 'birthDate'), patient, 'sex');
  const fewestEdits = Math.min(...tied.map((item) => item.edits));
  tied = collapseDuplicates(tied.filter((item) => item.edits <= fewestEdits + EPSILON));
  if (tied.length === 1) return { status: 'linked', row: tied[0]!.row.input.row, score: best, by };
  return { status: 'ambiguous', rows: tied.map((item) => item.row.input.row).sort((a, b) => a - b), score: best };
}

function fuzzyLink(patient: LinkablePatient, names: PreparedName[], candidates: Iterable<PreparedRow>, threshold: number): LinkOutcome {
  const within: Scored[] = [];
  const excluded: number[] = [];
  for (const row of candidates) {
    const score = matchDistance(names, row.names, threshold);
    if (score > threshold + EPSILON) continue;
    if (conflicts(patient, row.input).length > 0) excluded.push(row.input.row);
    else within.push({ row, score, edits: spellingsEditDistance(names, row.names) });
  }
  if (within.length > 0) return decide(patient, within, 'match');
  if (excluded.length > 0) return { status: 'missing', reason: 'conflict', rows: excluded.sort((a, b) => a - b) };
  return { status: 'missing', reason: 'no-match' };
}

function chosenLink(patient: LinkablePatient, choice: LinkChoiceInput, byName: Map<string, PreparedRow[]>, threshold: number): LinkOutcome {
  if (choice.demographicsName === undefined) return { status: 'missing', reason: 'chosen-none' };
  const target = prepareName(choice.demographicsName);
  const rows = target === undefined ? [] : (byName.get(target.canonical) ?? []);
  if (rows.length === 0) return { status: 'missing', reason: 'choice-not-found' };
  const names = prepareAll(patient.names);
  const scored = rows.map((row) => ({ row, score: spellingsDistance(names, row.names, threshold), edits: spellingsEditDistance(names, row.names) }));
  return decide(patient, scored, 'choice');
}

/**
 * Links each patient to at most one row; outcomes come in the order of `patients`.
 * @example
 * linkPatients([{ names: ['DUPONT^Jean'] }], [{ row: 2, name: 'Jean Dupond' }], { distance: 0.2 })
 * // [{ status: 'linked', row: 2, score: 0, by: 'match' }]
 */
export function linkPatients(patients: readonly LinkablePatient[], rows: readonly DemographicsRow[], options: LinkOptions): LinkOutcome[] {
  const threshold = options.distance;
  const prepared: PreparedRow[] = [];
  const byName = new Map<string, PreparedRow[]>();
  for (const input of rows) {
    const name = prepareName(input.name);
    if (name === undefined) continue;
    const row = { input, names: [name], canonical: name.canonical };
    prepared.push(row);
    const list = byName.get(name.canonical);
    if (list === undefined) byName.set(name.canonical, [row]);
    else list.push(row);
  }
  const choices = new Map<string, LinkChoiceInput>();
  for (const choice of options.choices ?? []) {
    const key = prepareName(choice.dicomName)?.canonical;
    if (key !== undefined && !choices.has(key)) choices.set(key, choice);
  }
  const outcomes: (LinkOutcome | undefined)[] = patients.map((patient) => {
    for (const name of prepareAll(patient.names)) {
      const choice = choices.get(name.canonical);
      if (choice !== undefined) return chosenLink(patient, choice, byName, threshold);
    }
    return undefined;
  });
  const chosenRows = new Set(outcomes.flatMap((outcome) => (outcome?.status === 'linked' ? [outcome.row] : [])));
  const open = prepared.filter((row) => !chosenRows.has(row.input.row));
  const index = options.exhaustive ? undefined : new NameIndex(threshold);
  if (index !== undefined) for (const row of open) index.add(row.names);
  patients.forEach((patient, i) => {
    if (outcomes[i] !== undefined) return;
    const names = prepareAll(patient.names);
    const candidates = index === undefined ? open : index.candidates(names).map((entry) => open[entry]!);
    outcomes[i] = names.length === 0 ? { status: 'missing', reason: 'no-match' } : fuzzyLink(patient, names, candidates, threshold);
  });
  return settleSharedRows(patients, new Map(rows.map((row) => [row.row, row])), outcomes as LinkOutcome[]);
}

/**
 * A row matched best by several patients goes to the one that fits it strictly best (score, then
 * agreeing birth date, then agreeing sex, then fewest edits); the others are ambiguous, or all are when none is
 * strictly best.
 */
function settleSharedRows(patients: readonly LinkablePatient[], rows: Map<number, DemographicsRow>, outcomes: LinkOutcome[]): LinkOutcome[] {
  const rowsOf = new Map<number, number[]>();
  outcomes.forEach((outcome, i) => {
    if (outcome.status !== 'linked' || outcome.by === 'choice') return;
    const list = rowsOf.get(outcome.row);
    if (list === undefined) rowsOf.set(outcome.row, [i]);
    else list.push(i);
  });
  for (const [row, claimants] of rowsOf) {
    if (claimants.length < 2) continue;
    const input = rows.get(row)!;
    const rowNames = prepareAll([input.name]);
    const rank = (i: number): number[] => {
      const patient = patients[i]!;
      return [
        (outcomes[i] as { score: number }).score,
        compareAttribute(patient.birthDate, input.birthDate) === 'agree' ? 0 : 1,
        compareAttribute(patient.sex, input.sex) === 'agree' ? 0 : 1,
        spellingsEditDistance(prepareAll(patient.names), rowNames),
      ];
    };
    const order = (a: number[], b: number[]) =>
      Math.abs(a[0]! - b[0]!) > EPSILON ? a[0]! - b[0]! : a[1]! - b[1]! || a[2]! - b[2]! || (Math.abs(a[3]! - b[3]!) > EPSILON ? a[3]! - b[3]! : 0);
    claimants.sort((a, b) => order(rank(a), rank(b)) || a - b);
    const strictlyBest = order(rank(claimants[0]!), rank(claimants[1]!)) < 0;
    claimants.forEach((i, position) => {
      if (position === 0 && strictlyBest) return;
      outcomes[i] = { status: 'ambiguous', rows: [row], score: (outcomes[i] as { score: number }).score };
    });
  }
  return outcomes;
}
