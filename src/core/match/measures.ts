/**
 * The two fuzzy measures of CONTRACT.md ("Names"), on folded words:
 * - normalized Levenshtein: edit distance / length of the longer string, on the words run together
 *   (as written, and in sorted order, each compared with its kind: "DUPONTJEAN" = "Jean Dupont");
 * - word distance: 1 − 2·m / (w₁ + w₂), m the size of a maximum one-to-one pairing of words that
 *   are equal, within the threshold by normalized Levenshtein, or a single-letter initial of the
 *   other. Word order is ignored.
 * Two spellings match when either measure is at most the threshold.
 */
import { boundedLevenshtein, levenshtein } from './levenshtein.ts';
import type { NameKey, PreparedName } from './name.ts';

/** Float slack so that 1 − 4/5 counts as 0.2. */
export const EPSILON = 1e-9;

/** The largest edit count that keeps two strings, the longer of length `longer`, within `threshold`. */
export function editBudget(longer: number, threshold: number): number {
  return Math.floor(threshold * longer + EPSILON);
}

/** Edit distance divided by the length of the longer string (0 for two empty strings). */
export function normalizedLevenshtein(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 0 : levenshtein(a, b) / longer;
}

const LATIN_LETTER = /^[a-z]$/;

/** Whether two words may pair in the word distance. */
export function wordsRelated(a: string, b: string, threshold: number): boolean {
  if (a === b) return true;
  if (a.length === 1 && LATIN_LETTER.test(a) && b.startsWith(a)) return true;
  if (b.length === 1 && LATIN_LETTER.test(b) && a.startsWith(b)) return true;
  const budget = editBudget(Math.max(a.length, b.length), threshold);
  return budget > 0 && boundedLevenshtein(a, b, budget) <= budget;
}

/** Size of a maximum matching in the bipartite graph `related[i]` (augmenting paths: exact, not greedy). */
export function maximumMatching(related: readonly (readonly number[])[], rightCount: number): number {
  const owner = new Int32Array(rightCount).fill(-1);
  const seen = new Uint8Array(rightCount);
  const tryAssign = (left: number): boolean => {
    for (const right of related[left]!) {
      if (seen[right]) continue;
      seen[right] = 1;
      if (owner[right] === -1 || tryAssign(owner[right]!)) {
        owner[right] = left;
        return true;
      }
    }
    return false;
  };
  let size = 0;
  for (let left = 0; left < related.length; left++) {
    seen.fill(0);
    if (tryAssign(left)) size++;
  }
  return size;
}

/** 1 − 2·m/(w₁+w₂) over two word lists; 1 when either is empty. */
export function wordDistance(a: readonly string[], b: readonly string[], threshold: number): number {
  const total = a.length + b.length;
  if (a.length === 0 || b.length === 0) return 1;
  let related: number[][] | undefined;
  let edges = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      if (!wordsRelated(a[i]!, b[j]!, threshold)) continue;
      related ??= a.map(() => []);
      related[i]!.push(j);
      edges++;
    }
  }
  if (related === undefined) return 1;
  // One edge (the common case between different people) needs no matching.
  const m = edges === 1 ? 1 : maximumMatching(related, b.length);
  return (total - 2 * m) / total;
}

/** The smaller of the two measures between two folded readings. */
export function keyDistance(a: NameKey, b: NameKey, threshold: number): number {
  let best = wordDistance(a.words, b.words, threshold);
  for (let i = 0; i < 2 && best > 0; i++) best = Math.min(best, normalizedLevenshtein(a.strings[i]!, b.strings[i]!));
  return best;
}

/** The distance between two spellings: the smallest over their readings and both measures. */
export function nameDistance(a: PreparedName, b: PreparedName, threshold: number): number {
  let best = 1;
  for (const ka of a.keys) {
    for (const kb of b.keys) best = Math.min(best, keyDistance(ka, kb, threshold));
  }
  return best;
}

/**
 * The distance between two sets of spellings when it is within `threshold` (exact then), else
 * `Infinity`: the edit distance is bounded by the threshold, so non-matching pairs cost a few
 * table rows. What linking and grouping use.
 */
export function matchDistance(a: readonly PreparedName[], b: readonly PreparedName[], threshold: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const na of a) {
    for (const nb of b) {
      for (const ka of na.keys) {
        for (const kb of nb.keys) {
          const w1 = ka.words.length;
          const w2 = kb.words.length;
          // Even pairing every word of the shorter list leaves this much: often already too far.
          const closest = (w1 + w2 - 2 * Math.min(w1, w2)) / (w1 + w2);
          if (closest <= threshold + EPSILON && closest < best) {
            const words = wordDistance(ka.words, kb.words, threshold);
            if (words <= threshold + EPSILON && words < best) best = words;
            if (best === 0) return 0;
          }
          for (let i = 0; i < 2; i++) {
            const sa = ka.strings[i]!;
            const sb = kb.strings[i]!;
            if (i === 1 && sa === ka.strings[0] && sb === kb.strings[0]) break;
            const longer = Math.max(sa.length, sb.length);
            const budget = editBudget(longer, threshold);
            const edits = boundedLevenshtein(sa, sb, budget);
            if (edits <= budget && edits / longer < best) best = edits / longer;
          }
          if (best === 0) return 0;
        }
      }
    }
  }
  return best;
}

/** Whether two spellings match at `threshold`. */
export function namesMatch(a: PreparedName, b: PreparedName, threshold: number): boolean {
  return nameDistance(a, b, threshold) <= threshold + EPSILON;
}

/**
 * The distance between two sets of spellings (a patient's PN groups, other names…): the smallest
 * over all pairs; 1 when either side has none.
 */
export function spellingsDistance(a: readonly PreparedName[], b: readonly PreparedName[], threshold: number): number {
  let best = 1;
  for (const na of a) {
    for (const nb of b) {
      best = Math.min(best, nameDistance(na, nb, threshold));
      if (best === 0) return 0;
    }
  }
  return best;
}

/**
 * The normalized Levenshtein alone, smallest over all spellings, readings and strings: finer than
 * the word distance (which counts "dupond" as "dupont"), so it breaks ties between two rows that
 * both match at word distance 0 in favour of the one spelled exactly.
 */
export function spellingsEditDistance(a: readonly PreparedName[], b: readonly PreparedName[]): number {
  let best = 1;
  for (const na of a) {
    for (const nb of b) {
      for (const ka of na.keys) {
        for (const kb of nb.keys) {
          for (let i = 0; i < 2; i++) best = Math.min(best, normalizedLevenshtein(ka.strings[i]!, kb.strings[i]!));
        }
      }
    }
  }
  return best;
}
