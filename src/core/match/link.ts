/**
 * Links patients to demographics rows by evidence (CONTRACT.md "Linking patients to demographics
 * rows"): each candidate row (link-candidates.ts) gets its evidence — name agreement, birth date,
 * sex, id — a weight and a strength (weigh.ts). The heaviest row wins; when it is strong the link
 * is applied, when weak it is only suggested; rows tied at the top (same weight, same spelling
 * distance) make the patient `ambiguous`, never guessed. Explicit choices (links.csv) override
 * everything. A row is linked to one patient at most.
 */
import { compareIds, compareSex, compareValidDates, validDate } from './evidence.ts';
import { type CandidatePatient, type CandidateRow, CandidateFinder, isCandidate, wordsOf } from './link-candidates.ts';
import { EPSILON, spellingsEditDistance } from './measures.ts';
import { compareNames, type FamilySpelling, familySpelling } from './name-agreement.ts';
import { type PreparedName, prepareName } from './name.ts';
import { COMMON_NAME, MARGIN, type PairEvidence, type Strength, strength, weigh } from './weigh.ts';

/** One demographics row, its name already assembled (the name cell, or first and last names). */
export interface DemographicsRow {
  /** The caller's number for the row (its line, say); results refer to rows by it. */
  readonly row: number;
  /** Empty when the sheet has an id column and no name column. */
  readonly name: string;
  /** DA `YYYYMMDD`; anything else counts as unknown. */
  readonly birthDate?: string | undefined;
  /** `M`, `F` or `O`. */
  readonly sex?: string | undefined;
  /** The id column's value, compared exactly with the patient's PatientIDs. */
  readonly id?: string | undefined;
  /** The row's whole content: rows with equal content are one row written twice, not a tie. */
  readonly content?: string | undefined;
}

/** A patient to link: all its spellings (PN groups, other names), its PatientIDs. */
export interface LinkablePatient {
  readonly names: readonly string[];
  /**
   * The files hold no usable name and `names` are only the source folder or zip name: they may
   * agree with a row, but one they do not agree with is no other person's ("Study A").
   */
  readonly namesFromSource?: boolean | undefined;
  readonly birthDate?: string | undefined;
  readonly sex?: string | undefined;
  readonly patientIds?: readonly string[] | undefined;
}

/** One line of links.csv: `demographicsName` undefined means "no demographics row". */
export interface LinkChoiceInput {
  readonly dicomName: string;
  readonly demographicsName: string | undefined;
}

export type { PairEvidence } from './weigh.ts';

export type LinkOutcome =
  | { readonly status: 'linked'; readonly row: number; readonly score: number; readonly by: 'match' | 'choice'; readonly evidence: PairEvidence }
  /** Weak evidence: listed for review, applied once confirmed in links.csv. */
  | { readonly status: 'suggested'; readonly row: number; readonly score: number; readonly evidence: PairEvidence }
  | { readonly status: 'ambiguous'; readonly rows: readonly number[]; readonly score: number }
  | {
      readonly status: 'missing';
      /** no-match: no candidate (or its row went to a patient it fits better); chosen-none: links.csv
       * says so; choice-not-found: links.csv names no row here. */
      readonly reason: 'no-match' | 'chosen-none' | 'choice-not-found';
      readonly rows?: readonly number[];
    };

export interface LinkOptions {
  /** The `--distance` threshold. */
  readonly distance: number;
  readonly choices?: readonly LinkChoiceInput[];
  /** Compare every patient with every row instead of using the indexes (same result, for checks). */
  readonly exhaustive?: boolean;
}

interface PreparedRow extends CandidateRow {
  readonly input: DemographicsRow;
  readonly canonical: string | undefined;
  /** Rows of the sheet expected to bear this name by chance. */
  namesakes: number;
}

interface PreparedPatient extends CandidatePatient {
  readonly input: LinkablePatient;
}

interface Scored {
  readonly row: PreparedRow;
  readonly evidence: PairEvidence;
  readonly strength: Strength;
  readonly weight: number;
  /** The edit distance alone: breaks ties the word distance leaves ("Dupond" and "Dupont"). */
  edits(): number;
}

function preparePatient(input: LinkablePatient): PreparedPatient {
  const spellings = input.names.map(familySpelling).filter((s): s is FamilySpelling => s !== undefined);
  return { input, spellings, names: spellings.map((s) => s.name), birthDate: validDate(input.birthDate), patientIds: input.patientIds ?? [] };
}

function prepareRow(input: DemographicsRow): PreparedRow {
  const name = prepareName(input.name);
  const names: PreparedName[] = name === undefined ? [] : [name];
  return { input, names, canonical: name?.canonical, birthDate: validDate(input.birthDate), id: input.id, words: wordsOf(names), namesakes: 0 };
}

function pairEvidence(patient: PreparedPatient, row: PreparedRow, threshold: number): PairEvidence {
  return {
    name: compareNames(patient.spellings, row.names, threshold),
    birthDate: compareValidDates(patient.birthDate, row.birthDate),
    sex: compareSex(patient.input.sex, row.input.sex),
    id: compareIds(patient.patientIds, row.id),
  };
}

/**
 * How many other rows of the sheet are expected to bear each row's name by chance: their number
 * times the product of the frequencies of the name's words among them (each word counted once
 * per row). A word no other row holds makes it 0.
 */
function chanceNamesakes(rows: readonly PreparedRow[]): Map<PreparedRow, number> {
  const frequency = new Map<string, number>();
  const wordsOf = (row: PreparedRow) => new Set(row.names[0]?.keys[0]?.words.filter((word) => word.length >= 2) ?? []);
  // A row written twice is one person.
  const distinct = new Map<string, PreparedRow>();
  rows.forEach((row, i) => {
    distinct.set(row.input.content ?? `\u0000${i}`, row);
  });
  for (const row of distinct.values()) for (const word of wordsOf(row)) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const others = distinct.size - 1;
  return new Map(rows.map((row) => [row, others <= 0 ? 0 : [...wordsOf(row)].reduce((expected, word) => (expected * (frequency.get(word)! - 1)) / others, others)]));
}

function score(patient: PreparedPatient, row: PreparedRow, evidence: PairEvidence, forced: boolean): Scored | undefined {
  const named = { row: row.names.length > 0, patient: patient.names.length > 0 && patient.input.namesFromSource !== true };
  const found = strength(evidence, named, row.namesakes >= COMMON_NAME);
  if (found === undefined && !forced) return undefined;
  let edits: number | undefined;
  // Only ties need it: most candidates never ask.
  const lazyEdits = () => (edits ??= spellingsEditDistance(patient.names, row.names));
  return { row, evidence, strength: found ?? 'weak', weight: weigh(evidence), edits: lazyEdits };
}

/** Heavier first, then the closer spelling. */
function order(a: Scored, b: Scored): number {
  if (Math.abs(a.weight - b.weight) > EPSILON) return b.weight - a.weight;
  const edits = a.edits() - b.edits();
  if (Math.abs(edits) > EPSILON) return edits;
  return 0;
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

function decide(scored: Scored[], by: 'match' | 'choice'): LinkOutcome {
  if (scored.length === 0) return { status: 'missing', reason: 'no-match' };
  // The heaviest rows, then among them the closest spellings (edit distances only where weights tie).
  let heaviest = Number.NEGATIVE_INFINITY;
  for (const item of scored) heaviest = Math.max(heaviest, item.weight);
  const heavy = scored.filter((item) => item.weight >= heaviest - EPSILON);
  let closest = Number.POSITIVE_INFINITY;
  if (heavy.length > 1) for (const item of heavy) closest = Math.min(closest, item.edits());
  const tiedAll = heavy.length > 1 ? heavy.filter((item) => item.edits() <= closest + EPSILON) : heavy;
  const top = tiedAll.reduce((first, item) => (item.row.input.row < first.row.input.row ? item : first));
  const tied = collapseDuplicates([...tiedAll].sort((a, b) => a.row.input.row - b.row.input.row));
  const distance = top.evidence.name.distance;
  if (tied.length > 1) return { status: 'ambiguous', rows: tied.map((item) => item.row.input.row), score: distance };
  const row = top.row.input.row;
  // The runner-up: the heaviest other row (a copy of the same content is the same row). A row
  // whose name agrees better than the top's, its birth date not different, also holds the link
  // back: a twin's row with the same birth date must not win over the patient's own row that
  // lacks one.
  let runnerUp = Number.NEGATIVE_INFINITY;
  let betterName = false;
  for (const item of scored) {
    if (item === top || (item.row.input.content !== undefined && item.row.input.content === top.row.input.content)) continue;
    runnerUp = Math.max(runnerUp, item.weight);
    if (item.evidence.name.agreement === 'full' && top.evidence.name.agreement !== 'full' && item.evidence.birthDate !== 'different') betterName = true;
  }
  const clear = top.weight - runnerUp >= MARGIN - EPSILON && !betterName;
  if (by === 'choice' || (top.strength === 'strong' && clear)) return { status: 'linked', row, score: distance, by, evidence: top.evidence };
  return { status: 'suggested', row, score: distance, evidence: top.evidence };
}

function chosenLink(patient: PreparedPatient, choice: LinkChoiceInput, byName: Map<string, PreparedRow[]>, threshold: number): LinkOutcome {
  if (choice.demographicsName === undefined) return { status: 'missing', reason: 'chosen-none' };
  const target = prepareName(choice.demographicsName);
  const rows = target === undefined ? [] : (byName.get(target.canonical) ?? []);
  if (rows.length === 0) return { status: 'missing', reason: 'choice-not-found' };
  return decide(rows.map((row) => score(patient, row, pairEvidence(patient, row, threshold), true)!), 'choice');
}

/**
 * Links each patient to at most one row; outcomes come in the order of `patients`.
 * @example
 * linkPatients([{ names: ['DUPONT^Jean'] }], [{ row: 2, name: 'Jean Dupond' }], { distance: 0.2 })
 * // [{ status: 'linked', row: 2, score: 0, by: 'match', evidence: { name: { agreement: 'full', … }, birthDate: 'unknown', … } }]
 */
export function linkPatients(patients: readonly LinkablePatient[], rows: readonly DemographicsRow[], options: LinkOptions): LinkOutcome[] {
  const threshold = options.distance;
  const prepared = rows.map(prepareRow).filter((row) => row.names.length > 0 || (row.id ?? '').trim() !== '');
  for (const [row, expected] of chanceNamesakes(prepared)) row.namesakes = expected;
  const byName = new Map<string, PreparedRow[]>();
  for (const row of prepared) {
    if (row.canonical === undefined) continue;
    const list = byName.get(row.canonical);
    if (list === undefined) byName.set(row.canonical, [row]);
    else list.push(row);
  }
  const choices = new Map<string, LinkChoiceInput>();
  for (const choice of options.choices ?? []) {
    const key = prepareName(choice.dicomName)?.canonical;
    if (key !== undefined && !choices.has(key)) choices.set(key, choice);
  }
  const people = patients.map(preparePatient);
  const outcomes: (LinkOutcome | undefined)[] = people.map((patient) => {
    for (const name of patient.names) {
      const choice = choices.get(name.canonical);
      if (choice !== undefined) return chosenLink(patient, choice, byName, threshold);
    }
    return undefined;
  });
  const chosenRows = new Set(outcomes.flatMap((outcome) => (outcome?.status === 'linked' ? [outcome.row] : [])));
  const open = prepared.filter((row) => !chosenRows.has(row.input.row));
  const finder = new CandidateFinder(open, threshold, options.exhaustive === true);
  const weighed: Scored[][] = people.map(() => []);
  people.forEach((patient, i) => {
    if (outcomes[i] !== undefined) return;
    const scored: Scored[] = [];
    for (const index of finder.find(patient)) {
      const row = open[index]!;
      const evidence = pairEvidence(patient, row, threshold);
      if (!isCandidate(patient, row, evidence.name, evidence.birthDate, threshold)) continue;
      const item = score(patient, row, evidence, false);
      if (item !== undefined) scored.push(item);
    }
    weighed[i] = scored;
    outcomes[i] = decide(scored, 'match');
  });
  return settleSharedRows(weighed, outcomes as LinkOutcome[], chosenRows);
}

/**
 * A row is one patient's at most. Linked patients claiming one row: the one it fits strictly best
 * (weight, then spelling) keeps it, the others are ambiguous (all are, when none is strictly
 * best) — that stays their outcome. Every other patient is decided again without the rows now
 * linked: a twin's row, better by a slip of the date, no longer hides the patient's own. Rounds
 * repeat while they link more; then suggestions of one row are settled like links.
 */
function settleSharedRows(weighed: Scored[][], outcomes: LinkOutcome[], chosenRows: ReadonlySet<number>): LinkOutcome[] {
  const settled = new Set<number>();
  const rank = (i: number, row: number) => weighed[i]!.find((item) => item.row.input.row === row)!;
  const settle = (status: 'linked' | 'suggested') => {
    const claims = new Map<number, number[]>();
    outcomes.forEach((outcome, i) => {
      if (outcome.status !== status || (outcome.status === 'linked' && outcome.by === 'choice')) return;
      const list = claims.get(outcome.row);
      if (list === undefined) claims.set(outcome.row, [i]);
      else list.push(i);
    });
    for (const [row, claimants] of claims) {
      if (claimants.length < 2) continue;
      claimants.sort((a, b) => order(rank(a, row), rank(b, row)) || a - b);
      const strictlyBest = order(rank(claimants[0]!, row), rank(claimants[1]!, row)) < 0;
      claimants.forEach((i, position) => {
        settled.add(i);
        if (position === 0 && strictlyBest) return;
        outcomes[i] = { status: 'ambiguous', rows: [row], score: (outcomes[i] as { score: number }).score };
      });
    }
  };
  for (let round = 0; round < 8; round++) {
    settle('linked');
    const taken = new Set(chosenRows);
    for (const outcome of outcomes) if (outcome.status === 'linked') taken.add(outcome.row);
    let linkedMore = false;
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'linked' || settled.has(i) || (outcome.status === 'missing' && outcome.reason !== 'no-match')) return;
      const open = weighed[i]!.filter((item) => !taken.has(item.row.input.row));
      if (open.length === weighed[i]!.length) return;
      weighed[i] = open;
      outcomes[i] = decide(open, 'match');
      if (outcomes[i]!.status === 'linked') linkedMore = true;
    });
    if (!linkedMore) break;
  }
  settle('suggested');
  return outcomes;
}
