/**
 * What pass 1 saw of a file, carried by its task to pass 2: the plan (its patient, its spellings,
 * its output path) holds only for those bytes. A file replaced between the header scan and its
 * write (an export still arriving, a sync tool; hours between `plan` and a shard) would otherwise
 * be written under the planned patient while names the plan never heard of stay in it.
 */
import { sha256 } from '../ids/hmac.ts';
import type { FileIdentity } from './header-facts.ts';

const encoder = new TextEncoder();

/**
 * A digest of a file's size and header identity; holds no name. 30 bits of SHA-256: kept for every
 * file of a run, a number this small is stored in the task itself (no allocation), and a replaced
 * file passes for the planned one about once in a billion.
 */
export function seenDigest(size: number, identity: FileIdentity | undefined): number {
  const id = identity === undefined ? null : [identity.name, identity.patientId, identity.birthDate, identity.sex, identity.otherNames, ...(identity.otherIds === undefined ? [] : [identity.otherIds])];
  const digest = sha256(encoder.encode(JSON.stringify([size, id])));
  return ((digest[0]! << 22) | (digest[1]! << 14) | (digest[2]! << 6) | (digest[3]! >>> 2)) >>> 0;
}

/** Why a file whose bytes are not those the plan was made from is skipped (never quoting the file). */
export const CHANGED_SINCE_SCAN = 'changed since the scan: run again (after dicomveil plan: scan and plan again)';
