/**
 * One copy of each equal value among many: what a run holds for every file until its report (a
 * series' identity, a file's counts) is mostly the same few values, each a copy per file when it
 * crossed from a worker thread.
 */

/** A function that returns an equal value met before (by JSON text), or `value` itself, remembering at most `limit`. */
export function equalValues<T>(limit: number): (value: T) => T {
  const known = new Map<string, T>();
  return (value) => {
    const key = JSON.stringify(value);
    const seen = known.get(key);
    if (seen !== undefined) return seen;
    if (known.size < limit) known.set(key, value);
    return value;
  };
}
