/**
 * Fingerprints the journal compares: an input file's (so changed input bytes are redone) and the
 * set of known spellings (so earlier outputs are re-checked when a new name becomes known).
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { sha256 } from '../../core/ids/hmac.ts';
import { fsPath, parseRef } from '../sources/index.ts';
import { type JournalEntry, journalKey } from '../state/journal.ts';
import type { PlannedPatient } from '../../core/plan/patients-model.ts';
import type { ScannedFile } from '../../core/plan/scanned-file.ts';

const encoder = new TextEncoder();

/**
 * Size, modification time of the file on disk that holds the entry (the zip for zip entries) and a
 * digest of the header facts: cheap, and it changes whenever the bytes or the identity could.
 */
export function inputSignature(root: string, file: Pick<ScannedFile, 'ref' | 'size' | 'kind' | 'identity'>, mtimes = new Map<string, number>()): string {
  // `mtimes`, shared across calls, stats each zip once for all its entries; a plain file is stat'd
  // when asked for (kept, one entry per file of millions, it would hold them all).
  const { diskPath, steps } = parseRef(file.ref);
  const inZip = steps.length > 0;
  let mtime = inZip ? mtimes.get(diskPath) : undefined;
  if (mtime === undefined) {
    try {
      mtime = Math.round(statSync(fsPath(root, diskPath)).mtimeMs);
    } catch {
      mtime = 0; // vanished since the scan: the signature simply will not match next time
    }
    if (inZip) mtimes.set(diskPath, mtime);
  }
  // The core's digest: one per file, where node:crypto's objects cost more than the hashing.
  const hash = sha256(encoder.encode(JSON.stringify([file.size, mtime, file.kind, file.identity ?? null])));
  return `${file.size}:${mtime}:${Buffer.from(hash.buffer, hash.byteOffset, 12).toString('hex')}`;
}

/** What a signature is made of, besides the file's modification time. */
type SignedFacts = Pick<ScannedFile, 'ref' | 'size' | 'kind' | 'identity'>;

/**
 * Each file's {@link inputSignature}, worked out when asked for: a fresh run needs one as each file
 * lands, not all of them (a stat and a hash per file) before the first file is written. Holds no
 * scanned file: a ref, a size and a shared identity per file, found by binary search when the
 * refs come sorted (as a plan lists them), so the scan's records can go once the run is planned.
 */
export function signatureLookup(root: string, files: readonly SignedFacts[]): { get(ref: string): string | undefined } {
  const refs = files.map((file) => file.ref);
  const sizes = Float64Array.from(files, (file) => file.size);
  const kinds = files.map((file) => file.kind);
  const identities = files.map((file) => file.identity);
  const sorted = refs.every((ref, i) => i === 0 || refs[i - 1]! < ref);
  const byRef = sorted ? undefined : new Map(refs.map((ref, i) => [ref, i]));
  const indexOf = (ref: string): number => {
    if (byRef !== undefined) return byRef.get(ref) ?? -1;
    let low = 0;
    let high = refs.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = refs[mid]!;
      if (at === ref) return mid;
      if (at < ref) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  };
  const mtimes = new Map<string, number>();
  return {
    get(ref) {
      const i = indexOf(ref);
      if (i < 0) return undefined;
      const identity = identities[i];
      return inputSignature(root, { ref, size: sizes[i]!, kind: kinds[i]!, ...(identity === undefined ? {} : { identity }) }, mtimes);
    },
  };
}

/** Digest of every patient's id, spellings and PatientIDs, independent of their order. */
export function spellingsDigest(patients: readonly Pick<PlannedPatient, 'id' | 'spellings' | 'patientIds'>[]): string {
  const canonical = patients
    .map((p) => [p.id, [...p.spellings].sort(), [...p.patientIds].sort()] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/**
 * Whether a journal line of another input folder is of a file now here (`sigOf`: this input's
 * signatures): the same signature, and its folder no longer exists.
 */
export function movedHere(sigOf: { get(ref: string): string | undefined }): (entry: JournalEntry) => boolean {
  const gone = new Map<string, boolean>();
  const isGone = (folder: string) => {
    let answer = gone.get(folder);
    if (answer === undefined) {
      answer = !existsSync(folder);
      gone.set(folder, answer);
    }
    return answer;
  };
  return (entry) => entry.input !== undefined && sigOf.get(entry.ref) === entry.sig && isGone(entry.input);
}

/**
 * An input folder moved or mounted elsewhere since is the same input: a journal line of another
 * root that no longer exists, whose file is here under the same relative path with the same
 * signature (size, modification time, header digest), is taken as this root's, so its output
 * counts as done and is neither written again beside itself nor laid out around. A root that still
 * exists is another input folder, whatever its files look like. Changes `journal` in place.
 */
export function adoptMovedInput(journal: Map<string, JournalEntry>, root: string, sigOf: { get(ref: string): string | undefined }): Map<string, JournalEntry> {
  const moved = movedHere(sigOf);
  for (const [key, entry] of [...journal]) {
    if (entry.input === undefined || entry.input === root) continue;
    const here = journalKey(root, entry.ref);
    if (journal.has(here) || !moved(entry)) continue;
    journal.delete(key);
    journal.set(here, { ...entry, input: root });
  }
  return journal;
}
