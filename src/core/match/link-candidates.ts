/**
 * Which rows are worth weighing against a patient, and finding them without comparing every row.
 * A row is a candidate when its id equals a PatientID, or when the names agree at least partly
 * and one of these holds: the names match at the threshold (the two measures), the birth dates
 * are the same or near, or a birth date is unknown and the row holds a word of the patient's
 * family name (or one slip from it). Names agreeing partly with a different birth date are no candidate: a shared
 * given name or family name between two people born on other days is the common case.
 *
 * Each clause has its index: the name index (complete for the measures), rows by birth date
 * (looked up with every near variant of the patient's date), rows by word (each word also
 * with one letter deleted: two words one slip apart share such a key), rows by id. The clause
 * itself is then checked exactly, so the index gives what comparing every row gives.
 */
import { type DateRelation, compareIds, nearDateVariants, validDate } from './evidence.ts';
import { deletionKeys, withinOneSlip } from './levenshtein.ts';
import { EPSILON, matchDistance } from './measures.ts';
import type { FamilySpelling, NameEvidence } from './name-agreement.ts';
import { NameIndex } from './name-index.ts';
import type { PreparedName } from './name.ts';

export interface CandidateRow {
  readonly names: readonly PreparedName[];
  /** Valid `YYYYMMDD`, else undefined. */
  readonly birthDate: string | undefined;
  readonly id: string | undefined;
  /** Every folded word of every reading of its names. */
  readonly words: ReadonlySet<string>;
}

export interface CandidatePatient {
  readonly spellings: readonly FamilySpelling[];
  readonly names: readonly PreparedName[];
  readonly birthDate: string | undefined;
  readonly patientIds: readonly string[];
}

export function wordsOf(names: readonly PreparedName[]): Set<string> {
  const out = new Set<string>();
  for (const name of names) for (const key of name.keys) for (const word of key.words) out.add(word);
  return out;
}

/** A word of the patient's family name within one slip of a word of the row. */
function sharesFamilyWord(patient: CandidatePatient, row: CandidateRow): boolean {
  for (const spelling of patient.spellings) {
    for (const family of spelling.family) {
      if (row.words.has(family)) return true;
      for (const word of row.words) if (withinOneSlip(family, word)) return true;
    }
  }
  return false;
}

/** The candidate clause, checked exactly on one pair whose name evidence is known. */
export function isCandidate(patient: CandidatePatient, row: CandidateRow, name: NameEvidence, dates: DateRelation, threshold: number): boolean {
  if (compareIds(patient.patientIds, row.id) === 'equal') return true;
  if (name.agreement === 'none') return false;
  if (dates === 'same' || dates === 'near') return true;
  if (dates === 'unknown' && sharesFamilyWord(patient, row)) return true;
  return matchDistance(patient.names, row.names, threshold) <= threshold + EPSILON;
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Rows that may be candidates of a patient: a superset of the clause's, from four indexes. */
export class CandidateFinder {
  readonly #rows: readonly CandidateRow[];
  readonly #names: NameIndex | undefined;
  readonly #byDate = new Map<string, number[]>();
  readonly #byWord = new Map<string, number[]>();
  readonly #undatedByWord = new Map<string, number[]>();
  readonly #byId = new Map<string, number[]>();

  /** `exhaustive`: every row is returned (same links, for checks). */
  constructor(rows: readonly CandidateRow[], threshold: number, exhaustive: boolean) {
    this.#rows = rows;
    if (exhaustive) return;
    this.#names = new NameIndex(threshold);
    rows.forEach((row, i) => {
      this.#names!.add(row.names);
      if (row.birthDate !== undefined) push(this.#byDate, row.birthDate, i);
      const keys = new Set<string>();
      for (const word of row.words) for (const key of deletionKeys(word)) keys.add(key);
      for (const key of keys) {
        push(this.#byWord, key, i);
        if (row.birthDate === undefined) push(this.#undatedByWord, key, i);
      }
      if (row.id !== undefined && row.id.trim() !== '') push(this.#byId, row.id.trim(), i);
    });
  }

  /** Indices of the rows to weigh, in increasing order. */
  find(patient: CandidatePatient): number[] {
    if (this.#names === undefined) return this.#rows.map((_, i) => i);
    const out = new Set<number>(patient.names.length > 0 ? this.#names.candidates(patient.names) : []);
    const addAll = (list: readonly number[] | undefined) => {
      for (const i of list ?? []) out.add(i);
    };
    const date = validDate(patient.birthDate);
    if (date !== undefined) for (const variant of [date, ...nearDateVariants(date)]) addAll(this.#byDate.get(variant));
    const words = date === undefined ? this.#byWord : this.#undatedByWord;
    for (const spelling of patient.spellings) for (const word of spelling.family) for (const key of deletionKeys(word)) addAll(words.get(key));
    for (const id of patient.patientIds) addAll(this.#byId.get(id.trim()));
    return [...out].sort((a, b) => a - b);
  }
}
