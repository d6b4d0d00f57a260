export { type FoldedText, foldChar, foldString, foldText, originalEnd, originalStart } from './fold.ts';
export { isLetterBounded, isLetterCode, isSeparatorCode, isSeparatorRun, MAX_SEPARATOR_RUN } from './separators.ts';
export { PLACEHOLDER_WORDS } from './placeholders.ts';
export { ALTERNATIVES, EQUIVALENTS, TRANSLITERATIONS } from './table.ts';
export { contractAlternatives, expandAlternatives, foldedVariants } from './variants.ts';
