/**
 * Which demographics link a patient keeps from one run to the next. An output is one dataset that
 * runs extend: a link, once made, is part of it like the id, so a later run that gives another
 * sheet (the new patients' rows only), or none, keeps it. A later sheet decides anew only what it
 * can improve: it links a patient no earlier sheet could (or replaces a row by its updated one),
 * and a links.csv choice of "no row" unlinks. Suggestions, ambiguities and misses are the latest
 * sheet's.
 */
import type { KnownLink } from './patients-model.ts';

export function isLinked(link: KnownLink | undefined): link is KnownLink & { row: NonNullable<KnownLink['row']> } {
  return (link?.status === 'linked' || link?.status === 'manual') && link.row !== undefined;
}

/**
 * The link a patient has after this run: `earlier` as the registry holds it, `now` as this run's
 * sheet decides (undefined: no sheet). `kept` says the earlier link stands over this run's outcome.
 */
export function settleLink(earlier: KnownLink | undefined, now: KnownLink | undefined): { link: KnownLink | undefined; kept: boolean } {
  if (now === undefined) return { link: earlier, kept: earlier !== undefined };
  if (isLinked(now) || now.status === 'none' || !isLinked(earlier)) return { link: now, kept: false };
  return { link: earlier, kept: true };
}
