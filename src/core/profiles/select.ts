/** Which rule of a profile an element of a file falls under. */
import { isPrivateTag } from '../anonymize/searched.ts';
import type { DicomElement } from '../dicom/model.ts';
import { type Profile, type ProfileRule, ruleForTag } from './model.ts';

/**
 * The rule for `element`: a rule naming its tag (exact, then a repeating group's), else the
 * profile's rule for every other UID or date of a standard element; undefined: kept and searched.
 */
export function ruleForElement(profile: Profile, element: DicomElement): ProfileRule | undefined {
  if (element.inMeta && !profile.inMeta) return undefined;
  // A private element declared UI holds a UID like any other: remapped, so references stay whole.
  if (isPrivateTag(element.tag)) return profile.byTag.get(element.tag >>> 0) ?? (element.vr === 'UI' && element.encodedVr === 'UI' ? profile.uidRule : undefined);
  const rule = ruleForTag(profile, element.tag);
  if (rule !== undefined) return rule;
  if (profile.uidRule !== undefined && element.vr === 'UI') return profile.uidRule;
  if (profile.dateRule !== undefined && !element.inMeta && (element.vr === 'DA' || element.vr === 'DT')) return profile.dateRule;
  return undefined;
}
