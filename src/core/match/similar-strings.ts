/**
 * Finds, among many strings, every one within the normalized edit threshold of a query — exactly
 * the set an exhaustive scan finds, after looking at a few hundred of them instead of all.
 *
 * Partition filter (as in "Pass-Join", Li et al., VLDB 2011, with one spare segment): a stored
 * string that may pair with partners needing up to k edits is cut into k+2 segments. If a query is
 * within k edits, two segments are untouched, and each appears in the query shifted by δ with
 * |δ| + |Δ−δ| ≤ k (Δ the length difference). Strings with two such segments are then checked with
 * the bounded edit distance; common name parts ("jean") alone no longer make a candidate.
 * The budget here is relative (⌊t·longer⌋), so a string of length L is cut for its largest
 * possible budget, ⌊t·L/(1−t)⌋: its partners are at most L/(1−t) long.
 */
import { EPSILON, editBudget } from './measures.ts';
import { boundedLevenshtein } from './levenshtein.ts';

/** Segments that must be found intact: k edits touch at most k of the k + SPARE segments. */
const SPARE = 2;

interface Segmentation {
  readonly starts: readonly number[];
  readonly lengths: readonly number[];
}

export class SimilarStrings {
  readonly #threshold: number;
  readonly #strings: string[] = [];
  /** length → segment number → segment text → ids. */
  readonly #segments = new Map<number, Map<string, number[]>[]>();
  /** Lengths present, for the length window of a query. */
  readonly #lengths = new Set<number>();
  /** Strings too short to be cut into enough non-empty segments: always checked. */
  readonly #loose: number[] = [];
  readonly #cuts = new Map<number, Segmentation | undefined>();
  #stamp = new Uint32Array(0);
  #hits = new Uint8Array(0);
  #lastSegment = new Int32Array(0);
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
    const parts = this.#maxBudget(length) + SPARE;
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
      let bySegment = this.#segments.get(length);
      if (bySegment === undefined) {
        bySegment = cut.starts.map(() => new Map<string, number[]>());
        this.#segments.set(length, bySegment);
      }
      for (let i = 0; i < cut.starts.length; i++) {
        const start = cut.starts[i]!;
        const key = text.slice(start, start + cut.lengths[i]!);
        const map = bySegment[i]!;
        const list = map.get(key);
        if (list === undefined) map.set(key, [id]);
        else list.push(id);
      }
    }
    return id;
  }

  /** Calls `found(id)` once for every stored string within the threshold of `query`. */
  search(query: string, found: (id: number) => void): void {
    if (this.#stamp.length < this.#strings.length) {
      const size = this.#strings.length * 2 + 16;
      this.#stamp = new Uint32Array(size);
      this.#hits = new Uint8Array(size);
      this.#lastSegment = new Int32Array(size);
    }
    const round = ++this.#round;
    const stamp = this.#stamp;
    const hits = this.#hits;
    const lastSegment = this.#lastSegment;
    const checked = round * 2;
    const strings = this.#strings;
    const threshold = this.#threshold;
    for (const id of this.#loose) {
      const text = strings[id]!;
      const budget = editBudget(Math.max(text.length, query.length), threshold);
      if (boundedLevenshtein(query, text, budget) <= budget) found(id);
    }
    const q = query.length;
    for (const length of this.#lengths) {
      const budget = editBudget(Math.max(length, q), threshold);
      const delta = q - length;
      if (Math.abs(delta) > budget) continue;
      const cut = this.#cut(length);
      const bySegment = this.#segments.get(length);
      if (cut === undefined || bySegment === undefined) continue;
      for (let i = 0; i < cut.starts.length; i++) {
        const start = cut.starts[i]!;
        const size = cut.lengths[i]!;
        const map = bySegment[i]!;
        for (let shift = -budget; shift <= budget; shift++) {
          if (Math.abs(shift) + Math.abs(delta - shift) > budget) continue;
          const at = start + shift;
          if (at < 0 || at + size > q) continue;
          const list = map.get(query.slice(at, at + size));
          if (list === undefined) continue;
          for (const id of list) {
            // stamp: round*2−1 while counting segment hits, round*2 once checked.
            if (stamp[id] === checked) continue;
            if (stamp[id] !== checked - 1) {
              stamp[id] = checked - 1;
              hits[id] = 0;
              lastSegment[id] = -1;
            }
            if (lastSegment[id] === i) continue;
            lastSegment[id] = i;
            if (++hits[id]! < SPARE) continue;
            stamp[id] = checked;
            if (boundedLevenshtein(query, strings[id]!, budget) <= budget) found(id);
          }
        }
      }
    }
  }
}
