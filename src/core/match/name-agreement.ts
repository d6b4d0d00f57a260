/**
 * How far two people's names agree, for linking (CONTRACT.md "Linking patients to demographics
 * rows"): *fully* when every word of the shorter name pairs with a word of the other (the word
 * distance's pairing), or the names run together are within the threshold ("DUPONTJEAN");
 * *partly* when the family name, or one word of ≥ 4 letters, pairs. A single-letter initial pairs
 * but never makes a partial agreement alone. A name of one word (initials aside) on either side is
 * flagged: alone it cannot tell "Talia" from every other Talia.
 */
import { EPSILON, normalizedLevenshtein, wordDistance, wordsRelated } from './measures.ts';
import { nameWords } from './fold.ts';
import { isParticle, type PreparedName, prepareName } from './name.ts';

export type NameAgreement = 'full' | 'partial' | 'none';

export interface NameEvidence {
  readonly agreement: NameAgreement;
  /** The smaller of the two measures (0 = same name), over the spellings compared. */
  readonly distance: number;
  /** One side holds one word only (initials aside), and it is not a whole name written run together. */
  readonly oneWord: boolean;
}

/** A patient's spelling with the folded words of its family name (a PN value's first component; all of a value without `^`). */
export interface FamilySpelling {
  readonly name: PreparedName;
  readonly family: ReadonlySet<string>;
}

export function familySpelling(text: string): FamilySpelling | undefined {
  const name = prepareName(text);
  if (name === undefined) return undefined;
  const familyPart = text.includes('^') ? text.slice(0, text.indexOf('^')) : text;
  const family = new Set([...nameWords(familyPart), ...nameWords(familyPart, true)].filter((word) => word.length >= 2 && !isParticle(word)));
  return { name, family };
}

const NONE: NameEvidence = { agreement: 'none', distance: 1, oneWord: false };
const LEVEL: Record<NameAgreement, number> = { full: 2, partial: 1, none: 0 };

/** Orders evidence: stronger agreement, then a name of several words, then the smaller distance. */
function better(a: NameEvidence, b: NameEvidence): boolean {
  if (LEVEL[a.agreement] !== LEVEL[b.agreement]) return LEVEL[a.agreement] > LEVEL[b.agreement];
  if (a.oneWord !== b.oneWord) return !a.oneWord;
  return a.distance < b.distance - EPSILON;
}

function informative(words: readonly string[]): number {
  let count = 0;
  for (const word of words) if (word.length >= 2) count++;
  return count;
}

function compareWords(a: readonly string[], b: readonly string[], strings: readonly [readonly string[], readonly string[]], family: ReadonlySet<string>, threshold: number): NameEvidence {
  const words = wordDistance(a, b, threshold);
  const total = a.length + b.length;
  const pairs = Math.round((total * (1 - words)) / 2);
  let edits = 1;
  for (let i = 0; i < 2; i++) edits = Math.min(edits, normalizedLevenshtein(strings[0][i]!, strings[1][i]!));
  const byString = edits <= threshold + EPSILON;
  let partial = false;
  let wordPair = false;
  for (const x of a) {
    if (x.length < 2) continue;
    for (const y of b) {
      if (y.length < 2 || !wordsRelated(x, y, threshold)) continue;
      wordPair = true;
      if (Math.min(x.length, y.length) >= 4 || family.has(x)) partial = true;
    }
  }
  const byWords = wordPair && pairs >= Math.min(a.length, b.length);
  const agreement: NameAgreement = byString || byWords ? 'full' : partial ? 'partial' : 'none';
  const oneWord = (informative(a) <= 1 || informative(b) <= 1) && !(byString && Math.max(a.length, b.length) >= 2);
  return { agreement, distance: Math.min(words, edits), oneWord };
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
