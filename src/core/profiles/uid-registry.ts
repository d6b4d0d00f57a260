/**
 * Which UIDs are the standard's own and never remapped: everything under the DICOM root
 * `1.2.840.10008` (only the standard assigns there: SOP classes, transfer syntaxes, well-known
 * frames of reference…) and the registry's coding schemes outside it.
 */
import { UID_REGISTRY } from './uid-registry.gen.ts';

const DICOM_ROOT = '1.2.840.10008.';

export interface RegisteredUid {
  readonly uid: string;
  readonly kind: string;
  readonly name: string;
}

let registry: Map<string, RegisteredUid> | undefined;

/** The generated registry, by UID. */
export function uidRegistry(): ReadonlyMap<string, RegisteredUid> {
  if (registry === undefined) {
    registry = new Map();
    for (const line of UID_REGISTRY.split('\n')) {
      const [uid, kind, name] = line.split('\t');
      if (uid && kind && name) registry.set(uid, { uid, kind, name });
    }
  }
  return registry;
}

/** Whether `uid` is a well-known UID that identifies no instance, patient or site. */
export function isWellKnownUid(uid: string): boolean {
  return uid.startsWith(DICOM_ROOT) || uidRegistry().has(uid);
}

/** A syntactically valid UID (PS3.5 §9.1): digits in components without leading zeros, ≤ 64 characters. */
export function isUid(text: string): boolean {
  return text.length > 0 && text.length <= 64 && /^(0|[1-9]\d*)(\.(0|[1-9]\d*))+$/.test(text);
}
