/**
 * Edit distance (insertions, deletions, substitutions of UTF-16 units) between two strings, with a
 * bounded variant that gives up as soon as the distance must exceed a limit: candidate checks in
 * the link index reject most pairs after a few rows of the table.
 */

let previous = new Int32Array(64);
let current = new Int32Array(64);

function ensure(size: number): void {
  if (previous.length >= size) return;
  previous = new Int32Array(size * 2);
  current = new Int32Array(size * 2);
}

/** The Levenshtein distance between `a` and `b`. */
export function levenshtein(a: string, b: string): number {
  return boundedLevenshtein(a, b, Math.max(a.length, b.length));
}

/**
 * The Levenshtein distance between `a` and `b` when it is at most `limit`, else `limit + 1`.
 * Only the diagonal band of width 2·limit+1 is computed.
 */
export function boundedLevenshtein(a: string, b: string, limit: number): number {
  if (a === b) return 0;
  let s = a;
  let t = b;
  if (s.length > t.length) [s, t] = [t, s];
  const n = s.length;
  const m = t.length;
  if (m - n > limit) return limit + 1;
  if (n === 0) return m;
  ensure(n + 1);
  const big = limit + 1;
  for (let i = 0; i <= n; i++) previous[i] = i <= limit ? i : big;
  for (let j = 1; j <= m; j++) {
    const from = Math.max(1, j - limit);
    const to = Math.min(n, j + limit);
    current[from - 1] = from === 1 && j <= limit ? j : big;
    const tc = t.charCodeAt(j - 1);
    let rowMin = current[from - 1]!;
    for (let i = from; i <= to; i++) {
      const cost = s.charCodeAt(i - 1) === tc ? 0 : 1;
      let value = previous[i - 1]! + cost;
      const del = previous[i]! + 1;
      if (del < value) value = del;
      const ins = current[i - 1]! + 1;
      if (ins < value) value = ins;
      current[i] = Math.min(value, big);
      if (value < rowMin) rowMin = value;
    }
    if (to < n) current[to + 1] = big;
    if (rowMin > limit) return big;
    [previous, current] = [current, previous];
  }
  const result = previous[n]!;
  return result > limit ? big : result;
}
