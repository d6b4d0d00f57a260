/**
 * Items a run may keep on disk rather than in memory (one per file of millions): read in order, as
 * often as needed, and counted. An array is one, so tests and small callers pass arrays.
 */
export type Listing<T> = Iterable<T> & { readonly length: number };
