/**
 * Profiles as data: the research profile, the PS3.15 basic profile generated from the standard's
 * table with its options, the handlers of their actions and the table `dicomveil profile` prints.
 */
export { basicProfile } from './basic.ts';
export { DEIDENTIFICATION_CODES } from './deidentification-codes.ts';
export { type ProfileRow, profileTable, renderProfileTable } from './describe.ts';
export * from './model.ts';
export { buildProfile } from './build.ts';
export { deidentificationMethod, describeProfile, OWN_TEXTS, researchProfile } from './research.ts';
export { isUid, isWellKnownUid } from './uid-registry.ts';
