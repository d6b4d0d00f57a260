/**
 * The research profile as data (CTP-style: tag, keyword, action), so that planning, `--dry-run`
 * and the GUI read the same rules (CONTRACT.md, "What a file becomes").
 */
import { maxValueLength } from '../dicom/vr.ts';
import { formatTag, keywordForTag, parseTagOrKeyword } from '../dicom/dictionary.ts';

/** What happens to an attribute. */
export type ProfileAction =
  /** The patient's pseudonym id; inserted at the top level when absent. */
  | 'pseudonym'
  | 'remove'
  /** A keyed hash of the value itself (linkable across files, not reversible without the key). */
  | 'hash'
  /** A fixed value, set or inserted at the top level. */
  | 'set';

export interface ProfileRule {
  readonly tag: number;
  readonly keyword: string;
  readonly action: ProfileAction;
  readonly vr: string;
  /** For `set`: the value written. */
  readonly value?: string;
  /** Whether the rule came from `--remove`. */
  readonly extra?: boolean;
}

export interface Profile {
  readonly rules: readonly ProfileRule[];
  /** `--private-tags remove`: every private element goes (names in kept ones are scrubbed anyway). */
  readonly removePrivate: boolean;
  /** Rules by tag, for planning. */
  readonly byTag: ReadonlyMap<number, ProfileRule>;
}

export interface ProfileOptions {
  /** `--remove`: keywords or tags, as the user wrote them (a bad one throws a UsageError). */
  readonly remove?: readonly string[];
  readonly privateTags?: 'keep' | 'remove';
  /** dicomveil's version, written into DeidentificationMethod. */
  readonly version: string;
}

/** Attributes the research profile removes (they identify and carry no research value). */
export const REMOVED_KEYWORDS = [
  ['PatientAddress', 0x00101040, 'LO'],
  ['PatientTelephoneNumbers', 0x00102154, 'SH'],
  ['PatientBirthTime', 0x00100032, 'TM'],
  ['OtherPatientNames', 0x00101001, 'PN'],
  ['OtherPatientIDs', 0x00101000, 'LO'],
  ['OtherPatientIDsSequence', 0x00101002, 'SQ'],
  ['PatientBirthName', 0x00101005, 'PN'],
  ['PatientMotherBirthName', 0x00101060, 'PN'],
  ['MedicalRecordLocator', 0x00101090, 'LO'],
] as const;

export const PATIENT_NAME = 0x00100010;
export const PATIENT_ID = 0x00100020;
export const ACCESSION_NUMBER = 0x00080050;
export const PATIENT_IDENTITY_REMOVED = 0x00120062;
export const DEIDENTIFICATION_METHOD = 0x00120063;

/**
 * Text dicomveil writes that is never a name, even where it spells a family name ("Dates",
 * "Kept"): verification does not search inside it.
 */
export const OWN_TEXTS: readonly string[] = ['pseudonymised, keyed ids; dates, age, sex kept', 'dicomveil'];

/**
 * The text written into DeidentificationMethod (0012,0063): an LO, so at most 64 characters
 * (PS3.5 Table 6.2-1). The method comes first; a version long enough to push it past 64 shortens
 * the method to its essentials, and only a version of over 50 characters is itself cut.
 */
export function deidentificationMethod(version: string): string {
  const max = maxValueLength('LO')!;
  for (const method of ['pseudonymised, keyed ids; dates, age, sex kept', 'keyed ids; dates, age, sex kept']) {
    const text = `dicomveil ${version}: ${method}`;
    if (text.length <= max) return text;
  }
  return `dicomveil ${version}`.slice(0, max);
}

/** The default research profile, with the user's `--remove` and `--private-tags` applied. */
export function researchProfile(options: ProfileOptions): Profile {
  const rules: ProfileRule[] = [
    { tag: PATIENT_NAME, keyword: 'PatientName', action: 'pseudonym', vr: 'PN' },
    { tag: PATIENT_ID, keyword: 'PatientID', action: 'pseudonym', vr: 'LO' },
    ...REMOVED_KEYWORDS.map(([keyword, tag, vr]) => ({ tag, keyword, action: 'remove' as const, vr })),
    { tag: ACCESSION_NUMBER, keyword: 'AccessionNumber', action: 'hash', vr: 'SH' },
    { tag: PATIENT_IDENTITY_REMOVED, keyword: 'PatientIdentityRemoved', action: 'set', vr: 'CS', value: 'YES' },
    { tag: DEIDENTIFICATION_METHOD, keyword: 'DeidentificationMethod', action: 'set', vr: 'LO', value: deidentificationMethod(options.version) },
  ];
  const byTag = new Map<number, ProfileRule>(rules.map((rule) => [rule.tag, rule]));
  for (const written of options.remove ?? []) {
    const tag = parseTagOrKeyword(written);
    const rule: ProfileRule = { tag, keyword: keywordForTag(tag) ?? formatTag(tag), action: 'remove', vr: '', extra: true };
    // A user's --remove wins over the profile's own action for that attribute.
    if (byTag.has(tag)) rules.splice(rules.indexOf(byTag.get(tag)!), 1, rule);
    else rules.push(rule);
    byTag.set(tag, rule);
  }
  return { rules, removePrivate: options.privateTags === 'remove', byTag };
}

/** Human lines describing what the profile does, for `--dry-run` and the GUI. */
export function describeProfile(profile: Profile): string[] {
  const named = (rule: ProfileRule) => `${rule.keyword} ${formatTag(rule.tag)}`;
  const of = (action: ProfileAction, extra: boolean) =>
    profile.rules.filter((rule) => rule.action === action && (rule.extra ?? false) === extra).map(named);
  const lines = [
    `Replaced by the patient's id (added when absent): ${of('pseudonym', false).join(', ')}`,
    `Removed: ${of('remove', false).join(', ')}`,
  ];
  const extras = of('remove', true);
  if (extras.length > 0) lines.push(`Also removed (--remove): ${extras.join(', ')}`);
  lines.push(
    `Replaced by a keyed hash of itself: ${of('hash', false).join(', ')}`,
    ...profile.rules.filter((rule) => rule.action === 'set').map((rule) => `Set: ${named(rule)} = "${rule.value}"`),
    profile.removePrivate
      ? 'Private elements: removed'
      : 'Private elements: kept; names and PatientIDs inside them replaced, binary ones holding a name removed',
    'Every name and PatientID of every known patient, in every text value at any depth, replaced by that patient\'s id; the rest of each value kept',
    'Kept on purpose: age, sex, size, weight, all dates, UIDs; pixel data and every other element byte-identical',
  );
  return lines;
}
