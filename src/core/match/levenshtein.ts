/**
 * Edit distance (insertions, deletions, substitutions of UTF-16 units) between two strings, with a
 * bounded variant that gives up as soon as the distance must exceed a limit: candidate checks in
 * the link index reject most pairs after a few rows of the table.
 */

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** The Levenshtein distance between `a` and `b`. */
export function levenshtein(a: string, b: string): number {
  return boundedLevenshtein(a, b, Math.max(a.length, b.length));
}

/**
 * The Levenshtein distance between `a` and `b` when it is at most `limit`, else `limit + 1`.
 * A common prefix and suffix cost nothing and are skipped; then only the diagonal band of width
 * 2·limit+1 is computed, stopping when a whole row exceeds the limit.
 */
export function boundedLevenshtein(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  const swap = a.length > b.length;
  const s = swap ? b : a;
  const t = swap ? a : b;
  let n = s.length;
  let m = t.length;
  if (m - n > limit) return limit + 1;
  let start = 0;
  while (start < n && s.charCodeAt(start) === t.charCodeAt(start)) start++;
  while (n > start && s.charCodeAt(n - 1) === t.charCodeAt(m - 1)) {
    n--;
    m--;
  }
  n -= start;
  m -= start;
  if (n === 0) return m <= limit ? m : limit + 1;
  if (rowA.length <= n) {
    rowA = new Int32Array(n * 2 + 2);
    rowB = new Int32Array(n * 2 + 2);
  }
  let previous = rowA;
  let current = rowB;
  const big = limit + 1;
  for (let i = 0; i <= n; i++) previous[i] = i <= limit ? i : big;
  for (let j = 1; j <= m; j++) {
    const from = Math.max(1, j - limit);
    const to = Math.min(n, j + limit);
    let left = from === 1 && j <= limit ? j : big;
    current[from - 1] = left;
    const tc = t.charCodeAt(start + j - 1);
    let rowMin = left;
    for (let i = from; i <= to; i++) {
      let value = previous[i - 1]! + (s.charCodeAt(start + i - 1) === tc ? 0 : 1);
      const up = previous[i]! + 1;
      if (up < value) value = up;
      if (left + 1 < value) value = left + 1;
      if (value > big) value = big;
      current[i] = value;
      left = value;
      if (value < rowMin) rowMin = value;
    }
    if (to < n) current[to + 1] = big;
    if (rowMin > limit) return big;
    const swapRows = previous;
    previous = current;
    current = swapRows;
  }
  const result = previous[n]!;
  return result > limit ? big : result;
}

/**
 * Whether `b` is `a` with at most one slip: a letter replaced, added or dropped, or two
 * neighbouring letters swapped (the optimal string alignment distance is at most 1).
 */
export function withinOneSlip(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Every string one deletion away from `word`, and the word itself: two words within one slip share one. */
export function deletionKeys(word: string): string[] {
  const out = new Set([word]);
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return [...out];
}
