/**
 * Pseudonym ids for new patients (CONTRACT.md, `--ids`, `--id-prefix`, `--id-length`).
 * - `hash`: HMAC of the canonical identity in {@link ID_ALPHABET}. A collision (with an id issued
 *   in any earlier run, or in this batch) moves the later identity, in canonical identity order, to
 *   its next keyed attempt, so the result never depends on the order patients were found.
 * - `order`: numbers zero-padded to the length; new patients are numbered in keyed-hash order from
 *   one above the highest number ever issued, so nothing is ever renumbered.
 */
import { UsageError } from '../errors.ts';
import { asHasher, digestToText, ID_ALPHABET, type KeyedHasher } from './keyed-hash.ts';

export type IdScheme = 'hash' | 'order';

/** The id options a private dir is bound to. */
export interface IdSettings {
  readonly scheme: IdScheme;
  /** Text before the generated part (`subj_`). */
  readonly prefix: string;
  /** Symbols after the prefix. */
  readonly length: number;
}

/** One patient that needs an id. */
export interface IdRequest {
  /** The canonical identity (see `canonicalIdentity`): what the id is derived from. */
  readonly identity: string;
  /**
   * Orders homonyms whose identity is equal (say their PatientIDs or source paths): the first
   * keeps the plain derivation, the others move to later attempts.
   */
  readonly tiebreak?: string;
}

export interface AssignIdsOptions extends IdSettings {
  /** Every id issued before (mapping.csv): never given again. */
  readonly issued?: Iterable<string>;
  /** Ids that must not be used, e.g. one that spells a patient's name: skipped like a collision. */
  readonly avoid?: (id: string) => boolean;
}

const MAX_ATTEMPTS = 10_000;

function compareRequests(a: IdRequest, b: IdRequest): number {
  if (a.identity !== b.identity) return a.identity < b.identity ? -1 : 1;
  const ta = a.tiebreak ?? '';
  const tb = b.tiebreak ?? '';
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** Whether an id has the shape the settings produce (to refuse changed options on a private dir). */
export function idFitsSettings(id: string, settings: IdSettings): boolean {
  if (!id.startsWith(settings.prefix)) return false;
  const rest = id.slice(settings.prefix.length);
  if (rest.length !== settings.length) return false;
  return settings.scheme === 'order' ? /^\d+$/.test(rest) : [...rest].every((ch) => ID_ALPHABET.includes(ch));
}

async function hashIds(hasher: KeyedHasher, sorted: readonly IdRequest[], taken: Set<string>, options: AssignIdsOptions): Promise<string[]> {
  const out: string[] = [];
  for (const request of sorted) {
    let id: string | undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && id === undefined; attempt++) {
      const message = `dicomveil/id/v1\u0000${request.identity}${attempt === 0 ? '' : `\u0000${attempt}`}`;
      const candidate = options.prefix + digestToText(await hasher.digest(message), options.length);
      if (!taken.has(candidate) && !options.avoid?.(candidate)) id = candidate;
    }
    if (id === undefined) throw new UsageError('E_IDS_EXHAUSTED', `no free id of ${options.length} symbols is left; use a larger --id-length`);
    taken.add(id);
    out.push(id);
  }
  return out;
}

async function orderIds(hasher: KeyedHasher, sorted: readonly IdRequest[], taken: Set<string>, options: AssignIdsOptions): Promise<string[]> {
  let highest = 0;
  for (const id of taken) {
    const rest = id.startsWith(options.prefix) ? id.slice(options.prefix.length) : '';
    if (/^\d+$/.test(rest)) highest = Math.max(highest, Number(rest));
  }
  // Keyed-hash order: the numbering reveals nothing about names or about the order files were read.
  const keyed = await Promise.all(sorted.map(async (request, index) => ({ index, digest: digestToText(await hasher.digest(`dicomveil/order/v1\u0000${request.identity}\u0000${request.tiebreak ?? ''}`), 32) })));
  keyed.sort((a, b) => (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : a.index - b.index));
  const out = new Array<string>(sorted.length);
  let next = highest + 1;
  for (const { index } of keyed) {
    let id: string;
    do {
      const digits = String(next++);
      if (digits.length > options.length) throw new UsageError('E_IDS_EXHAUSTED', `ids of ${options.length} digits are used up; use a larger --id-length`);
      id = options.prefix + digits.padStart(options.length, '0');
    } while (taken.has(id) || options.avoid?.(id));
    taken.add(id);
    out[index] = id;
  }
  return out;
}

/**
 * Ids for `requests`, in the same order as `requests`. Deterministic: the same key, requests (in any
 * order) and issued ids give the same result.
 * @example
 * const [id] = await assignIds(key, [{ identity: 'dupont jean|19800315' }], { scheme: 'hash', prefix: 'subj_', length: 8 });
 * // 'subj_' + 8 symbols of ID_ALPHABET
 */
export async function assignIds(key: Uint8Array | KeyedHasher, requests: readonly IdRequest[], options: AssignIdsOptions): Promise<string[]> {
  if (!Number.isInteger(options.length) || options.length < 1 || options.length > 32) {
    throw new UsageError('E_ID_LENGTH', `--id-length must be a whole number from 1 to 32, got ${options.length}`);
  }
  const hasher = await asHasher(key);
  const order = requests.map((_, index) => index).sort((a, b) => compareRequests(requests[a]!, requests[b]!) || a - b);
  const sorted = order.map((index) => requests[index]!);
  const taken = new Set(options.issued ?? []);
  const ids = options.scheme === 'order' ? await orderIds(hasher, sorted, taken, options) : await hashIds(hasher, sorted, taken, options);
  const out = new Array<string>(requests.length);
  order.forEach((index, position) => {
    out[index] = ids[position]!;
  });
  return out;
}
