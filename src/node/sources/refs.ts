/**
 * Entry references: how a worker finds an entry again from a string alone. A ref is a path on
 * disk relative to the input's root folder, then one `!name` per zip level; a duplicate zip
 * entry name carries `#n` (its n-th occurrence, from 2). `%`, `!` and `#` inside names are
 * percent-escaped, so any name round-trips.
 */
import { join } from 'node:path';

/** One zip level of a ref: an entry name in the enclosing zip, and which occurrence of it. */
export interface RefStep {
  readonly name: string;
  /** 1 for the first entry of that name in the zip's directory order. */
  readonly occurrence: number;
}

export interface ParsedRef {
  /** `/`-separated path relative to the input's root folder. */
  readonly diskPath: string;
  readonly steps: readonly RefStep[];
}

function escapeSegment(text: string): string {
  return text.replace(/[%!#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function unescapeSegment(text: string): string {
  return text.replace(/%(25|21|23)/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The ref of a file on disk, from its `/`-separated path relative to the root. */
export function diskRef(diskPath: string): string {
  return escapeSegment(diskPath);
}

/** The ref of a zip entry inside the zip (or nested zip) whose ref is `zipRef`. */
export function zipEntryRef(zipRef: string, name: string, occurrence = 1): string {
  return `${zipRef}!${escapeSegment(name)}${occurrence > 1 ? `#${occurrence}` : ''}`;
}

/** Reads a ref back; throws a RangeError on a malformed one. */
export function parseRef(ref: string): ParsedRef {
  const parts = ref.split('!');
  const diskPath = unescapeSegment(parts[0] ?? '');
  if (diskPath === '') throw new RangeError('empty input reference');
  const steps = parts.slice(1).map((part) => {
    const hash = part.lastIndexOf('#');
    const occurrence = hash >= 0 ? Number(part.slice(hash + 1)) : 1;
    if (!Number.isSafeInteger(occurrence) || occurrence < 1) throw new RangeError(`malformed input reference: ${ref}`);
    const name = unescapeSegment(hash >= 0 ? part.slice(0, hash) : part);
    if (name === '') throw new RangeError(`malformed input reference: ${ref}`);
    return { name, occurrence };
  });
  return { diskPath, steps };
}

/**
 * The input path a ref names, for people (files.csv, stderr): the root joined to its path on
 * disk, then its zip steps as they stand, `a.zip!../../x.dcm` (a duplicate entry name with its
 * `#n`). Joined whole, `..` in an entry name would name a file outside the zip (`<root>/x.dcm`)
 * that does not exist. Names are unescaped: the folder `A%` is not the folder `A%25`.
 */
export function refPath(root: string, ref: string): string {
  let parsed: ParsedRef;
  try {
    parsed = parseRef(ref);
  } catch {
    return join(root, ref);
  }
  const { diskPath, steps } = parsed;
  return `${join(root, diskPath)}${steps.map((step) => `!${step.name}${step.occurrence > 1 ? `#${step.occurrence}` : ''}`).join('')}`;
}
