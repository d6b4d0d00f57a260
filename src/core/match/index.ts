/**
 * Names and patients (CONTRACT.md, "Patients" and "Names"): folding, the two fuzzy measures,
 * grouping identities into patients, linking patients to demographics rows, and recognising the
 * patients of earlier runs. Pure: strings in, plain data out.
 */
export { compareAttribute, conflicts, type Evidence } from './evidence.ts';
export { foldName, nameWords } from './fold.ts';
export { type Difference, type GroupOptions, type Grouping, groupIdentities, type Homonym, type Identity, joinObstacle, type PatientBasis, type PatientGroup } from './group.ts';
export { canonicalIdentity, type IdentityParts } from './identity.ts';
export { type KnownMatch, type KnownPatient, KnownPatients, type PatientToResolve } from './known.ts';
export { levenshtein } from './levenshtein.ts';
export { type DemographicsRow, type LinkablePatient, type LinkChoiceInput, type LinkOptions, type LinkOutcome, linkPatients } from './link.ts';
export { EPSILON, matchDistance, nameDistance, namesMatch, normalizedLevenshtein, spellingsDistance, spellingsEditDistance, wordDistance, wordsRelated } from './measures.ts';
export { isUsableName, type NameKey, personNameSpellings, type PreparedName, prepareName } from './name.ts';
export { NameIndex } from './name-index.ts';
export { sourceNameMatch, sourceSpelling } from './source-name.ts';
