/**
 * Which rows are worth weighing against a patient, and finding them without comparing every row.
 * A row is a candidate when its id equals a PatientID, or when the names agree at least partly
 * and one of these holds: the names match at the threshold (the two measures), the birth dates
 * are the same or near, or a birth date is unknown and the row holds a word of the patient's
 * family name as a PN value marks it with `^` (or one slip from it; a value without `^`, all
 * family name by the contract, would make every given name a family name here). Names agreeing partly with a different birth date are no candidate: a shared
 * given name or family name between two people born on other days is the common case.
 *
 * Each clause has its index: the name index (complete for the measures), rows by birth date
 * (looked up with every near variant of the patient's date), rows by word (and the words one
 * slip away, found through their one-deletion keys), rows by id. The clause
 * itself is then checked exactly, so the index gives what comparing every row gives.
 */
import { type DateRelation, compareIds, nearDateVariants, validDate } from './evidence.ts';
import { deletionKeys, withinOneSlip } from './levenshtein.ts';
import { EPSILON, matchDistance } from './measures.ts';
import type { FamilySpelling, NameEvidence } from './name-agreement.ts';
import { NameIndex } from './name-index.ts';
import { SimilarStrings } from './similar-strings.ts';
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

/** A word of the patient's family name (as a `^` marks it) within one slip of a word of the row. */
function sharesFamilyWord(patient: CandidatePatient, row: CandidateRow): boolean {
  for (const spelling of patient.spellings) {
    if (!spelling.marked) continue;
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

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
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
  /** Row words, to find the words that agree with a patient's (related, or one slip apart). */
  readonly #vocabulary: SimilarStrings | undefined;
  readonly #slipKeys = new Map<string, string[]>();

  /** `exhaustive`: every row is returned (same links, for checks). */
  constructor(rows: readonly CandidateRow[], threshold: number, exhaustive: boolean) {
    this.#rows = rows;
    if (exhaustive) return;
    this.#names = new NameIndex(threshold);
    this.#vocabulary = new SimilarStrings(threshold);
    const known = new Set<string>();
    for (const row of rows) {
      for (const word of row.words) {
        if (word.length < 2 || known.has(word)) continue;
        known.add(word);
        this.#vocabulary.add(word);
        for (const key of deletionKeys(word)) push(this.#slipKeys, key, word);
      }
    }
    rows.forEach((row, i) => {
      this.#names!.add(row.names);
      if (row.birthDate !== undefined) push(this.#byDate, row.birthDate, i);
      for (const word of row.words) {
        push(this.#byWord, word, i);
        if (row.birthDate === undefined) push(this.#undatedByWord, word, i);
      }
      if (row.id !== undefined && row.id.trim() !== '') push(this.#byId, row.id.trim(), i);
    });
  }

  /**
   * The row words that may agree with one of the patient's (a superset: within the threshold, or
   * sharing a one-deletion key); a name agrees at least partly only through such a word, or run
   * together — and then the name index finds it.
   */
  #agreeingWords(patient: CandidatePatient): Set<string> {
    const out = new Set<string>();
    for (const name of patient.names) {
      for (const key of name.keys) {
        for (const word of key.words) {
          if (word.length < 2) continue;
          this.#vocabulary!.search(word, (id) => out.add(this.#vocabulary!.at(id)));
          for (const deleted of deletionKeys(word)) for (const other of this.#slipKeys.get(deleted) ?? []) out.add(other);
        }
      }
    }
    return out;
  }

  /** Indices of the rows to weigh, in increasing order. */
  find(patient: CandidatePatient): number[] {
    if (this.#names === undefined) return this.#rows.map((_, i) => i);
    const out = new Set<number>(patient.names.length > 0 ? this.#names.candidates(patient.names) : []);
    const addAll = (list: readonly number[] | undefined) => {
      for (const i of list ?? []) out.add(i);
    };
    const date = validDate(patient.birthDate);
    if (date !== undefined && patient.names.length > 0) {
      const agreeing = this.#agreeingWords(patient);
      for (const variant of [date, ...nearDateVariants(date)]) {
        for (const i of this.#byDate.get(variant) ?? []) {
          for (const word of this.#rows[i]!.words) {
            if (!agreeing.has(word)) continue;
            out.add(i);
            break;
          }
        }
      }
    }
    const words = date === undefined ? this.#byWord : this.#undatedByWord;
    const family = new Set<string>();
    for (const spelling of patient.spellings) {
      if (!spelling.marked) continue;
      for (const word of spelling.family) {
        family.add(word);
        for (const key of deletionKeys(word)) for (const other of this.#slipKeys.get(key) ?? []) if (withinOneSlip(word, other)) family.add(other);
      }
    }
    for (const word of family) addAll(words.get(word));
    for (const id of patient.patientIds) addAll(this.#byId.get(id.trim()));
    return [...out].sort((a, b) => a - b);
  }
}
