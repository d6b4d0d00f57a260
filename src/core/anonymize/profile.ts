/** The research profile, now one of the profiles of `../profiles` (kept here for existing imports). */
export { deidentificationMethod, describeProfile, OWN_TEXTS, researchProfile } from '../profiles/research.ts';
export type { Profile, ProfileAction, ProfileOptions, ProfileRule } from '../profiles/model.ts';
export { ACCESSION_NUMBER, DEIDENTIFICATION_METHOD, PATIENT_ID, PATIENT_IDENTITY_REMOVED, PATIENT_NAME, REMOVED_KEYWORDS } from '../profiles/research.ts';
