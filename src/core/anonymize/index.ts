/**
 * The anonymization core: the multi-pattern name scanner, the research profile, per-file edit
 * plans, verification of written bytes, names in paths, and risk flags. Pure: bytes and plain
 * data in and out; the codec (`../dicom`) parses and writes, `src/node/run` does the I/O.
 */
export { type ByteHit, findNamesInBytes } from './byte-search.ts';
export { type Finding, type FindingEncoding, findingError } from './finding.ts';
export { type FindOptions, findNames, type NameSpan, replaceNames } from './find-names.ts';
export { buildNameIndex, type KnownPatient, MIN_ID_LENGTH, MIN_LONE_LETTERS, type NameIndex } from './name-index.ts';
export { renamePath, scanPath } from './paths.ts';
export { type FilePlan, type PlanContext, planFileEdits, type Removal, type Replacement } from './plan.ts';
export { deidentificationMethod, describeProfile, OWN_TEXTS, type Profile, type ProfileAction, type ProfileOptions, type ProfileRule, researchProfile } from './profile.ts';
export { type DocumentKind, documentKind, type RiskFlag, riskFlags } from './risk.ts';
export { isBulkData, searchMode, type SearchMode, TEXT_VRS, UNSEARCHED_VRS } from './searched.ts';
export { type VerifyOptions, verifyWrittenFile } from './verify.ts';
