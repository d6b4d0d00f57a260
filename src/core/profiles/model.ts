/**
 * What a profile is: rules as data (a selector and one of a fixed set of actions) plus the few
 * rules that apply to whole classes of elements (private ones, every UID, every date). Planning,
 * `--dry-run`, `dicomveil profile`, the GUI and the report all read this one description.
 */
import type { NewElement } from '../dicom/model.ts';

/** What happens to an attribute. */
export type ProfileAction =
  /** Left as it is (its text is still searched for names like any value). */
  | 'keep'
  | 'remove'
  /** Present with a zero-length value (a sequence: no items). */
  | 'empty'
  /** A value valid for the VR that holds nothing of the original (a sequence: one empty item). */
  | 'dummy'
  /** The patient's pseudonym id; inserted at the top level when absent. */
  | 'pseudonym'
  /** Every UID in the value not of the standard's registry replaced by its keyed UID. */
  | 'uid'
  /** Dates moved back by the patient's keyed number of days; times kept. */
  | 'shift'
  /** A keyed hash of the value itself (linkable across files, not reversible without the key). */
  | 'hash'
  /** Kept, and every searched form of every known patient replaced (the name scrub). */
  | 'clean'
  /** A fixed value (or, for a sequence, fixed items), set or inserted at the top level. */
  | 'set';

export const PROFILE_ACTIONS: readonly ProfileAction[] = ['keep', 'remove', 'empty', 'dummy', 'pseudonym', 'uid', 'shift', 'hash', 'clean', 'set'];

export interface ProfileRule {
  /** The tag, or with {@link mask} the bits a repeating group's tags share (60xx: 0x60003000). */
  readonly tag: number;
  /** Bits of a tag that must equal `tag` (absent: all of them). */
  readonly mask?: number;
  readonly keyword: string;
  readonly action: ProfileAction;
  /** The dictionary's VR ('' when the dictionary does not know the attribute). */
  readonly vr: string;
  /** For `set`: the value written. */
  readonly value?: string;
  /** For `set` on a sequence: the items written. */
  readonly items?: readonly (readonly NewElement[])[];
  /** Whether the rule came from `--remove`. */
  readonly extra?: boolean;
  /** Where the action comes from: `basic`, `--retain modified-dates`, `--remove`, `dicomveil`… */
  readonly origin?: string;
  /** The table's own action code (X, Z/D, X/Z/U*…), for the basic profile's rows. */
  readonly code?: string;
}

export type ProfileName = 'research' | 'basic';
export const PROFILE_NAMES: readonly ProfileName[] = ['research', 'basic'];

/** The standard's Retain … options (PS3.15 E.3), as `--retain` names them. */
export type RetainOption = 'full-dates' | 'modified-dates' | 'patient-characteristics' | 'device' | 'institution' | 'uids';
export const RETAIN_OPTIONS: readonly RetainOption[] = ['full-dates', 'modified-dates', 'patient-characteristics', 'device', 'institution', 'uids'];
/** The standard's Clean … options, as `--clean` names them. */
export type CleanOption = 'descriptors' | 'structured-content';
export const CLEAN_OPTIONS: readonly CleanOption[] = ['descriptors', 'structured-content'];

export interface Profile {
  readonly name: ProfileName;
  readonly retain: readonly RetainOption[];
  readonly clean: readonly CleanOption[];
  readonly rules: readonly ProfileRule[];
  /** `--private-tags remove`: every private element goes (names in kept ones are scrubbed anyway). */
  readonly removePrivate: boolean;
  /** Rules by exact tag, for planning. */
  readonly byTag: ReadonlyMap<number, ProfileRule>;
  /** Rules of repeating groups (50xx, 60xx), tried when no exact rule matches. */
  readonly masked: readonly ProfileRule[];
  /** Whether rules apply in the file meta group too (the basic profile remaps its SOP instance UID). */
  readonly inMeta: boolean;
  /** Rule for any UI element no rule names: every non-registry UID remapped (basic, unless `--retain uids`). */
  readonly uidRule?: ProfileRule;
  /** Rule for any standard DA/DT element no rule names (`--retain modified-dates`). */
  readonly dateRule?: ProfileRule;
}

export interface ProfileOptions {
  readonly profile?: ProfileName;
  readonly retain?: readonly RetainOption[];
  readonly clean?: readonly CleanOption[];
  /** `--remove`: keywords or tags, as the user wrote them (a bad one throws a UsageError). */
  readonly remove?: readonly string[];
  /** `--private-tags`; its default depends on the profile. */
  readonly privateTags?: 'keep' | 'remove';
  /** dicomveil's version, written into DeidentificationMethod. */
  readonly version: string;
}

/** The rule for a tag: an exact one, else a repeating group's. */
export function ruleForTag(profile: Profile, tag: number): ProfileRule | undefined {
  const exact = profile.byTag.get(tag >>> 0);
  if (exact !== undefined || profile.masked.length === 0) return exact;
  return profile.masked.find((rule) => ((tag & (rule.mask ?? 0xffffffff)) >>> 0) === rule.tag >>> 0);
}
