/**
 * Names and patients: folding, the two fuzzy measures, grouping identities into patients, linking
 * patients to demographics rows, and finding the known patient a new identity belongs to.
 */
export * from './evidence.ts';
export * from './fold.ts';
export * from './link.ts';
export * from './measures.ts';
export * from './name.ts';
export * from './name-index.ts';
