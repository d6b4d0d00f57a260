/**
 * An index of spellings that returns, for a query spelling, every entry that may match it — never
 * fewer than an exhaustive comparison would match, usually a few dozen out of tens of thousands.
 * Callers compute the exact distance on those candidates only.
 *
 * Why each path is complete, for a threshold t < 1:
 * - normalized Levenshtein ≤ t on the run-together strings: {@link SimilarStrings} on those strings
 *   (one for the written order, one for the sorted order);
 * - word distance ≤ t needs m ≥ ⌈(1−t)(w₁+w₂)/2⌉ pairs. A pair is either two related words (found
 *   through {@link SimilarStrings} on the vocabulary, counted per entry) or involves a single-letter
 *   word, at most s₁ + s₂ of those (s the number of single letters on each side). So an entry is a
 *   candidate when count + s₁ + s₂ reaches the need; entries no word reached are taken from the
 *   (word count, single-letter count) buckets where s₁ + s₂ alone can reach it.
 */
import { EPSILON } from './measures.ts';
import type { NameKey, PreparedName } from './name.ts';
import { SimilarStrings } from './similar-strings.ts';

interface KeyShape {
  readonly entry: number;
  readonly words: number;
  readonly singles: number;
}

function singleLetters(words: readonly string[]): number {
  return words.filter((word) => word.length === 1 && word >= 'a' && word <= 'z').length;
}

/** Smallest pair count m with 1 − 2m/(w₁+w₂) ≤ t. */
function pairsNeeded(w1: number, w2: number, threshold: number): number {
  return Math.max(1, Math.ceil(((1 - threshold) * (w1 + w2)) / 2 - EPSILON));
}

export class NameIndex {
  readonly #threshold: number;
  readonly #keys: KeyShape[] = [];
  /** Written-order and sorted-order run-together strings, each compared only with its kind. */
  readonly #strings: [SimilarStrings, SimilarStrings];
  readonly #stringOwners: [number[][], number[][]] = [[], []];
  readonly #stringIds: [Map<string, number>, Map<string, number>] = [new Map(), new Map()];
  readonly #vocabulary: SimilarStrings;
  readonly #wordOwners: number[][] = [];
  readonly #wordIds = new Map<string, number>();
  /** `${words}|${singles}` → keys, for matches made of initials alone. */
  readonly #buckets = new Map<string, number[]>();
  #entries = 0;
  #count = new Uint16Array(0);
  /** Per key: the query word occurrence that last counted it (round-stamped). */
  #countedBy = new Uint32Array(0);
  #wordRound = 0;
  #touched: number[] = [];
  /** Vocabulary ids related to a query word, kept while the vocabulary does not grow. */
  readonly #relatedWords = new Map<string, readonly number[]>();
  #relatedFor = -1;
  #entryStamp = new Uint32Array(0);
  #entryRound = 0;

  constructor(threshold: number) {
    this.#threshold = threshold;
    this.#strings = [new SimilarStrings(threshold), new SimilarStrings(threshold)];
    this.#vocabulary = new SimilarStrings(threshold);
  }

  /** Number of entries added. */
  get size(): number {
    return this.#entries;
  }

  /** Adds an entry with its spellings; returns its number (counting up from 0). */
  add(names: readonly PreparedName[]): number {
    const entry = this.#entries++;
    for (const name of names) for (const key of name.keys) this.#addKey(entry, key);
    return entry;
  }

  #addKey(entry: number, key: NameKey): void {
    const k = this.#keys.length;
    const shape = { entry, words: key.words.length, singles: singleLetters(key.words) };
    this.#keys.push(shape);
    for (let i = 0; i < 2; i++) this.#own(this.#strings[i]!, this.#stringIds[i]!, this.#stringOwners[i]!, key.strings[i]!, k);
    for (const word of new Set(key.words)) this.#own(this.#vocabulary, this.#wordIds, this.#wordOwners, word, k);
    const bucket = `${shape.words}|${shape.singles}`;
    const list = this.#buckets.get(bucket);
    if (list === undefined) this.#buckets.set(bucket, [k]);
    else list.push(k);
  }

  /** The vocabulary words related to `word` (common given names are asked for again and again). */
  #related(word: string): readonly number[] {
    if (this.#relatedFor !== this.#vocabulary.size) {
      this.#relatedWords.clear();
      this.#relatedFor = this.#vocabulary.size;
    }
    let ids = this.#relatedWords.get(word);
    if (ids === undefined) {
      const found: number[] = [];
      this.#vocabulary.search(word, (id) => found.push(id));
      ids = found;
      if (this.#relatedWords.size < 100_000) this.#relatedWords.set(word, ids);
    }
    return ids;
  }

  #own(index: SimilarStrings, ids: Map<string, number>, owners: number[][], text: string, k: number): void {
    let id = ids.get(text);
    if (id === undefined) {
      id = index.add(text);
      ids.set(text, id);
      owners.push([]);
    }
    const list = owners[id]!;
    if (list[list.length - 1] !== k) list.push(k);
  }

  /** Every entry that may match one of `names`, in increasing order. */
  candidates(names: readonly PreparedName[]): number[] {
    const out: number[] = [];
    if (this.#threshold >= 1) {
      for (let entry = 0; entry < this.#entries; entry++) out.push(entry);
      return out;
    }
    if (this.#entryStamp.length < this.#entries) this.#entryStamp = new Uint32Array(this.#entries * 2 + 16);
    const round = ++this.#entryRound;
    const stamp = this.#entryStamp;
    const add = (entry: number) => {
      if (stamp[entry] === round) return;
      stamp[entry] = round;
      out.push(entry);
    };
    for (const name of names) for (const key of name.keys) this.#candidatesOf(key, add);
    return out.sort((a, b) => a - b);
  }

  #candidatesOf(key: NameKey, add: (entry: number) => void): void {
    const t = this.#threshold;
    const keys = this.#keys;
    for (let i = 0; i < 2; i++) {
      const owners = this.#stringOwners[i]!;
      this.#strings[i]!.search(key.strings[i]!, (id) => {
        for (const k of owners[id]!) add(keys[k]!.entry);
      });
    }
    const w1 = key.words.length;
    const s1 = singleLetters(key.words);
    if (this.#count.length < keys.length) {
      this.#count = new Uint16Array(keys.length * 2);
      this.#countedBy = new Uint32Array(keys.length * 2);
    }
    const count = this.#count;
    const countedBy = this.#countedBy;
    const touched = this.#touched;
    const wordOwners = this.#wordOwners;
    // Every occurrence counts: "Jean Jean" can pair twice.
    for (const word of key.words) {
      const round = ++this.#wordRound;
      for (const id of this.#related(word)) {
        for (const k of wordOwners[id]!) {
          if (countedBy[k] === round) continue;
          countedBy[k] = round;
          if (count[k] === 0) touched.push(k);
          count[k]! += 1;
        }
      }
    }
    for (const k of touched) {
      const shape = this.#keys[k]!;
      if (count[k]! + s1 + shape.singles >= pairsNeeded(w1, shape.words, t)) add(shape.entry);
      count[k] = 0;
    }
    touched.length = 0;
    for (const [bucket, list] of this.#buckets) {
      const [w2, s2] = bucket.split('|').map(Number) as [number, number];
      if (s1 + s2 < pairsNeeded(w1, w2, t)) continue;
      for (const k of list) add(keys[k]!.entry);
    }
  }
}
