import { InternalError } from '../../errors.ts';
import { isWellKnownUid } from '../uid-registry.ts';
import type { ActionHandler, ActionInput } from './types.ts';

const latin1 = new TextDecoder('latin1');

/** The UIDs of a UI value (backslash-separated, NUL or space padded). */
export function uidValues(bytes: Uint8Array): string[] {
  return latin1.decode(bytes).replace(/[\0 ]+$/, '').split('\\').map((uid) => uid.trim());
}

/** A value's UIDs with every one not of the registry replaced by its keyed UID; the originals remapped are recorded. */
export function remapUidValue(input: ActionInput): Uint8Array | undefined {
  const { element, ctx, plan } = input;
  if (ctx.uid === undefined) throw new InternalError('E_NO_UID_KEY', 'the profile remaps UIDs but the plan has no keyed UID function');
  const uids = uidValues(element.value());
  let changed = false;
  const mapped = uids.map((uid) => {
    if (uid === '' || isWellKnownUid(uid)) return uid;
    const next = ctx.uid!(uid);
    plan.uids.set(uid, next);
    changed = true;
    return next;
  });
  return changed ? new TextEncoder().encode(mapped.join('\\')) : undefined;
}

/** U: every UID in the value that is not a well-known one becomes its keyed UID; a sequence's UIDs are planned one by one. */
export const uid: ActionHandler = (input) => {
  const { element, plan } = input;
  if (element.isSequence || element.isBulk) return false;
  const value = remapUidValue(input);
  if (value !== undefined) plan.edits.push({ op: 'set', element, value });
  return true;
};
