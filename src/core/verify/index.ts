/**
 * The second opinion (CONTRACT.md, "Verification is a second opinion"): a separate, deliberately
 * broader search of written files, paths and text for every known patient's names and
 * PatientIDs. It shares the folding table (`../text`) and the codec with the anonymizer, and
 * nothing of its name finder.
 */
export { type Decoded, type Reading, readings } from './decode.ts';
export { htmlUnescaped } from './html-text.ts';
export { jsonUnescaped } from './json-text.ts';
export { EVERY_PATIENT, searchFolded, searchText, type TextHit } from './match.ts';
export { buildNeedles, MIN_ALONE_LETTERS, MIN_ID_CHARACTERS, type Needles, type VerifyPatient } from './needles.ts';
export { secondOpinionPath } from './paths.ts';
export { type SecondOpinionOptions, secondOpinion, secondOpinionBytes, secondOpinionParsed, type VerifyFinding } from './written-file.ts';
