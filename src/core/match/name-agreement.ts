/**
 * How far two people's names agree, for linking (CONTRACT.md "Linking patients to demographics
 * rows"): *fully* when every word of the shorter name pairs with a word of the other (the word
 * distance's pairing), or the names run together are within the threshold ("DUPONTJEAN");
 * *partly* when the family name, or one word of ≥ 4 letters, pairs. A single-letter initial pairs
 * but never makes a partial agreement alone. A name of one word (initials aside) on either side is
 * flagged: alone it cannot tell "Talia" from every other Talia.
 */
import { boundedLevenshtein, withinOneSlip } from './levenshtein.ts';
import { EPSILON, editBudget, maximumMatching, wordsRelated } from './measures.ts';
import { nameWords } from './fold.ts';
import { isParticle, type PreparedName, prepareName } from './name.ts';

export type NameAgreement = 'full' | 'partial' | 'none';

export interface NameEvidence {
  readonly agreement: NameAgreement;
  /**
   * The smaller of the two measures (0 = same name) over the spellings compared, the word
   * distance counting words one slip apart as paired.
   */
  readonly distance: number;
  /** One side holds one word only (initials aside), and it is not a whole name written run together. */
  readonly oneWord: boolean;
  /** A word of the patient's family name pairs with a word of the row (or, ≥ 5 letters, is two slips from one). */
  readonly family: boolean;
  /** How many words of two letters or more pair one to one ("Julia Amelia" in both: 2). */
  readonly words: number;
}

/** A patient's spelling with the folded words of its family name (a PN value's first component; all of a value without `^`). */
export interface FamilySpelling {
  readonly name: PreparedName;
  readonly family: ReadonlySet<string>;
  /** The value marks its family name (a `^` follows it); without, the whole value counts as family name. */
  readonly marked: boolean;
}

export function familySpelling(text: string): FamilySpelling | undefined {
  const name = prepareName(text);
  if (name === undefined) return undefined;
  const familyPart = text.includes('^') ? text.slice(0, text.indexOf('^')) : text;
  const family = new Set([...nameWords(familyPart), ...nameWords(familyPart, true)].filter((word) => word.length >= 2 && !isParticle(word)));
  return { name, family, marked: text.includes('^') };
}

const NONE: NameEvidence = { agreement: 'none', distance: 1, oneWord: false, family: false, words: 0 };
const LEVEL: Record<NameAgreement, number> = { full: 2, partial: 1, none: 0 };

/** Orders evidence: stronger agreement, then a name of several words, then the smaller distance. */
function better(a: NameEvidence, b: NameEvidence): boolean {
  if (LEVEL[a.agreement] !== LEVEL[b.agreement]) return LEVEL[a.agreement] > LEVEL[b.agreement];
  if (a.oneWord !== b.oneWord) return !a.oneWord;
  if (a.family !== b.family) return a.family;
  return a.distance < b.distance - EPSILON;
}

function informative(words: readonly string[]): number {
  let count = 0;
  for (const word of words) if (word.length >= 2) count++;
  return count;
}

/**
 * Whether two words agree: related as the word distance pairs them, or one slip apart (a letter
 * replaced, added, dropped, or two swapped) when both have ≥ 3 letters — "KOC" for "Koch" and
 * "Jdae" for "Jade" are typed that way, and the relative threshold forgives short words nothing.
 */
export function wordsAgree(a: string, b: string, threshold: number): boolean {
  if (a === b) return true;
  // Lengths alone rule most pairs out: neither measure forgives more than this many letters.
  if (Math.abs(a.length - b.length) > Math.max(1, editBudget(Math.max(a.length, b.length), threshold)) && a.length > 1 && b.length > 1) return false;
  return wordsRelated(a, b, threshold) || (a.length >= 3 && b.length >= 3 && withinOneSlip(a, b));
}

function compareWords(a: readonly string[], b: readonly string[], strings: readonly [readonly string[], readonly string[]], family: ReadonlySet<string>, threshold: number): NameEvidence {
  let partial = false;
  let wordPair = false;
  let familyPair = false;
  const related: number[][] = a.map(() => []);
  const relatedWords: number[][] = a.map(() => []);
  a.forEach((x, i) => {
    b.forEach((y, j) => {
      if (!wordsAgree(x, y, threshold)) return;
      related[i]!.push(j);
      if (x.length < 2 || y.length < 2) return;
      relatedWords[i]!.push(j);
      wordPair = true;
      if (family.has(x)) familyPair = true;
      if (Math.min(x.length, y.length) >= 4 || family.has(x)) partial = true;
    });
  });
  // A family name typed with two slips ("BOPELSKI", "Bopiski") does not agree, but beside an
  // agreeing given name it still says which family the row is about.
  if (partial && !familyPair) {
    for (const x of a) {
      if (x.length < 5 || !family.has(x)) continue;
      for (const y of b) if (y.length >= 5 && boundedLevenshtein(x, y, 2) <= 2) familyPair = true;
    }
  }
  // Names run together ("DUPONTJEAN", "홍길동") are compared whole only when their word counts
  // differ: between "jua nelson" and "nelson luca" the whole strings are close, the given names not.
  let edits = Number.POSITIVE_INFINITY;
  if (wordPair || a.length !== b.length) {
    for (let i = 0; i < 2; i++) {
      const x = strings[0][i]!;
      const y = strings[1][i]!;
      const longer = Math.max(x.length, y.length);
      const budget = editBudget(longer, threshold);
      const found = longer === 0 ? 0 : boundedLevenshtein(x, y, budget);
      if (found <= budget) edits = Math.min(edits, longer === 0 ? 0 : found / longer);
    }
  }
  const glued = edits <= threshold + EPSILON && a.length !== b.length;
  if (!wordPair && !glued) return NONE;
  const pairs = wordPair ? maximumMatching(related, b.length) : 0;
  const byWords = pairs >= Math.min(a.length, b.length) && wordPair;
  const agreement: NameAgreement = glued || byWords ? 'full' : partial ? 'partial' : 'none';
  const oneWord = (informative(a) <= 1 || informative(b) <= 1) && !(glued && Math.max(a.length, b.length) >= 2);
  const words = 1 - (2 * pairs) / (a.length + b.length);
  const wordPairs = wordPair ? maximumMatching(relatedWords, b.length) : 0;
  return { agreement, distance: Math.min(words, edits), oneWord, family: familyPair || (glued && a.length > 0), words: wordPairs };
}

/** The best agreement between any of a patient's spellings and any of a row's. */
export function compareNames(patient: readonly FamilySpelling[], row: readonly PreparedName[], threshold: number): NameEvidence {
  let best = NONE;
  for (const { name, family } of patient) {
    for (const other of row) {
      for (const ka of name.keys) {
        for (const kb of other.keys) {
          const evidence = compareWords(ka.words, kb.words, [ka.strings, kb.strings], family, threshold);
          if (better(evidence, best)) best = evidence;
        }
      }
    }
  }
  return best;
}
