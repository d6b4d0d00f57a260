/**
 * Finds, among many strings, every one within the normalized edit threshold of a query — exactly
 * the set an exhaustive scan finds, after looking at a few hundred of them instead of all.
 *
 * Partition filter (as in "Pass-Join", Li et al., VLDB 2011): a stored string that may pair with
 * partners needing up to k edits is cut into k+1 segments. If a query is within k edits, one
 * segment is untouched and appears in the query shifted by δ with |δ| + |Δ−δ| ≤ k (Δ the length
 * difference). Candidates found that way are then checked with the bounded edit distance.
 * The budget here is relative (⌊t·longer⌋), so a string of length L is cut for its largest
 * possible budget, ⌊t·L/(1−t)⌋: its partners are at most L/(1−t) long.
 */
import { EPSILON, editBudget } from './measures.ts';
import { boundedLevenshtein } from './levenshtein.ts';

interface Segmentation {
  readonly starts: readonly number[];
  readonly lengths: readonly number[];
}

export class SimilarStrings {
  readonly #threshold: number;
  readonly #strings: string[] = [];
  readonly #segments = new Map<string, number[]>();
  /** Lengths present, for the length window of a query. */
  readonly #lengths = new Set<number>();
  /** Strings too short to be cut into enough non-empty segments: always checked. */
  readonly #loose: number[] = [];
  readonly #cuts = new Map<number, Segmentation | undefined>();
  #stamp = new Uint32Array(0);
  #round = 0;

  constructor(threshold: number) {
    this.#threshold = threshold;
  }

  get size(): number {
    return this.#strings.length;
  }

  /** The string stored under `id`. */
  at(id: number): string {
    return this.#strings[id]!;
  }

  #maxBudget(length: number): number {
    const t = this.#threshold;
    return t >= 1 ? Number.POSITIVE_INFINITY : Math.floor((t * length) / (1 - t) + EPSILON);
  }

  #cut(length: number): Segmentation | undefined {
    if (this.#cuts.has(length)) return this.#cuts.get(length);
    const parts = this.#maxBudget(length) + 1;
    let cut: Segmentation | undefined;
    if (parts <= length) {
      const starts: number[] = [];
      const lengths: number[] = [];
      const short = Math.floor(length / parts);
      const longCount = length - short * parts;
      let at = 0;
      for (let i = 0; i < parts; i++) {
        const size = i < parts - longCount ? short : short + 1;
        starts.push(at);
        lengths.push(size);
        at += size;
      }
      cut = { starts, lengths };
    }
    this.#cuts.set(length, cut);
    return cut;
  }

  /** Stores `text` and returns its id (ids count up from 0). */
  add(text: string): number {
    const id = this.#strings.length;
    this.#strings.push(text);
    const length = text.length;
    this.#lengths.add(length);
    const cut = this.#cut(length);
    if (cut === undefined) this.#loose.push(id);
    else {
      cut.starts.forEach((start, i) => {
        const key = `${length}|${i}|${text.slice(start, start + cut.lengths[i]!)}`;
        const list = this.#segments.get(key);
        if (list === undefined) this.#segments.set(key, [id]);
        else list.push(id);
      });
    }
    return id;
  }

  /** Calls `found(id)` once for every stored string within the threshold of `query`. */
  search(query: string, found: (id: number) => void): void {
    if (this.#stamp.length < this.#strings.length) this.#stamp = new Uint32Array(this.#strings.length * 2 + 16);
    const round = ++this.#round;
    const stamp = this.#stamp;
    const check = (id: number) => {
      if (stamp[id] === round) return;
      stamp[id] = round;
      const text = this.#strings[id]!;
      const budget = editBudget(Math.max(text.length, query.length), this.#threshold);
      if (boundedLevenshtein(query, text, budget) <= budget) found(id);
    };
    for (const id of this.#loose) check(id);
    const q = query.length;
    for (const length of this.#lengths) {
      const budget = editBudget(Math.max(length, q), this.#threshold);
      const delta = q - length;
      if (Math.abs(delta) > budget) continue;
      const cut = this.#cut(length);
      if (cut === undefined) continue;
      for (let i = 0; i < cut.starts.length; i++) {
        const start = cut.starts[i]!;
        const size = cut.lengths[i]!;
        for (let shift = -budget; shift <= budget; shift++) {
          if (Math.abs(shift) + Math.abs(delta - shift) > budget) continue;
          const at = start + shift;
          if (at < 0 || at + size > q) continue;
          const list = this.#segments.get(`${length}|${i}|${query.slice(at, at + size)}`);
          if (list !== undefined) for (const id of list) check(id);
        }
      }
    }
  }
}
