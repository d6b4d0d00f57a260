/**
 * The check that fails closed on keyed UIDs: every original UID the profile remaps in a file must
 * be gone from the written file (any element, any depth, meta group included) and from its path.
 */
import type { DicomElement, DicomFile } from '../dicom/model.ts';
import type { Profile } from './model.ts';
import { ruleForElement } from './select.ts';
import { uidValues } from './actions/uid.ts';
import { isWellKnownUid } from './uid-registry.ts';

const latin1 = new TextDecoder('latin1');

function remaps(profile: Profile, element: DicomElement): boolean {
  const action = ruleForElement(profile, element)?.action;
  return action === 'uid' || (action === 'dummy' && element.vr === 'UI');
}

/**
 * The original UIDs `profile` remaps in `input`, less those an option keeps elsewhere in it (a
 * `--retain uids` keeps a referenced UID that the table's UID (0040,A124) row still remaps): a
 * UID the user chose to keep is no leak.
 */
export function remappedUids(input: DicomFile, profile: Profile): Set<string> {
  const out = new Set<string>();
  if (profile.uidRule === undefined && !profile.rules.some((rule) => rule.action === 'uid')) return out;
  const kept = new Set<string>();
  for (const element of input.elements()) {
    if (element.vr !== 'UI' || element.isBulk || element.isSequence) continue;
    const into = remaps(profile, element) ? out : ruleForElement(profile, element)?.action === 'keep' ? kept : undefined;
    if (into !== undefined) for (const uid of uidValues(element.value())) if (uid !== '' && !isWellKnownUid(uid)) into.add(uid);
  }
  for (const uid of kept) out.delete(uid);
  return out;
}

/** Whether `text` holds `uid` as a whole UID (not inside a longer run of digits and dots). */
function holdsUid(text: string, uid: string): boolean {
  for (let at = text.indexOf(uid); at >= 0; at = text.indexOf(uid, at + 1)) {
    const before = text.charAt(at - 1);
    const after = text.charAt(at + uid.length);
    if (!/[0-9.]/.test(before) && !/[0-9]/.test(after) && !(after === '.' && /[0-9]/.test(text.charAt(at + uid.length + 1)))) return true;
  }
  return false;
}

/** Where an original UID is still found in the written file or its path (`path`, or a tag path), or undefined. */
export function findRemappedUid(output: DicomFile, outPath: string, originals: ReadonlySet<string>): string | undefined {
  if (originals.size === 0) return undefined;
  for (const uid of originals) if (holdsUid(outPath, uid)) return 'output path (an original UID)';
  for (const element of output.elements()) {
    if (element.isSequence || element.isBulk || element.isEncapsulated) continue;
    const text = latin1.decode(element.value());
    for (const uid of originals) if (holdsUid(text, uid)) return `${element.path} (an original UID)`;
  }
  return undefined;
}
