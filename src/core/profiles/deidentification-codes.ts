/**
 * The words dicomveil writes about its own de-identification: PS3.16 CID 7050 codes and the
 * profile's name. Verification does not search inside them (`OWN_TEXTS`): a patient called
 * "Patient" or "Content" must not make every file a residue.
 */
import type { CleanOption, RetainOption } from './model.ts';

/** The DCM codes of PS3.16 CID 7050 for the profile and each option. */
export const DEIDENTIFICATION_CODES: Readonly<Record<'basic' | RetainOption | CleanOption, readonly [string, string]>> = {
  basic: ['113100', 'Basic Application Confidentiality Profile'],
  'full-dates': ['113106', 'Retain Longitudinal Temporal Information Full Dates Option'],
  'modified-dates': ['113107', 'Retain Longitudinal Temporal Information Modified Dates Option'],
  'patient-characteristics': ['113108', 'Retain Patient Characteristics Option'],
  device: ['113109', 'Retain Device Identity Option'],
  institution: ['113112', 'Retain Institution Identity Option'],
  uids: ['113110', 'Retain UIDs Option'],
  descriptors: ['113105', 'Clean Descriptors Option'],
  'structured-content': ['113104', 'Clean Structured Content Option'],
};

/** How DeidentificationMethod names the basic profile. */
export const BASIC_METHOD_NAME = 'PS3.15 basic profile';

/** LongitudinalTemporalInformationModified (0028,0303) as the basic profile writes it: dates kept, shifted, or removed. */
export const LONGITUDINAL_VALUES = { full: 'UNMODIFIED', modified: 'MODIFIED', removed: 'REMOVED' } as const;

/** Every text the basic profile writes that is not a value of the file: codes, method, dummy item texts. */
export const BASIC_OWN_TEXTS: readonly string[] = [
  ...Object.values(DEIDENTIFICATION_CODES).map(([, meaning]) => meaning),
  BASIC_METHOD_NAME,
  ...Object.values(LONGITUDINAL_VALUES),
  'Finding',
];
