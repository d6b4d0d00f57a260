/**
 * The other ways a word is written ("ø → o and oe", "ü → u and ue"): every form the folding
 * table lists is searched, not only the first.
 */
import { foldString } from './fold.ts';
import { ALTERNATIVES } from './table.ts';

/** Past this many, a word's variants are not multiplied further (a word with 5+ such letters). */
const MAX_VARIANTS = 16;

/** Upper-case letters whose lower case has alternatives: `Ü` → `ü`. */
function lowerOf(ch: string): string {
  return ALTERNATIVES.has(ch) ? ch : ch.toLowerCase();
}

/**
 * Every folded spelling of `word`: its fold, and the folds with each letter's alternative forms
 * (`søren` → soren, soeren; `Müller` → muller, mueller). The plain fold comes first.
 */
export function foldedVariants(word: string): string[] {
  let partials = [''];
  for (const ch of word.normalize('NFC')) {
    const alternatives = ALTERNATIVES.get(lowerOf(ch));
    const folded = foldString(ch);
    if (alternatives === undefined || partials.length * (alternatives.length + 1) > MAX_VARIANTS) {
      partials = partials.map((p) => p + folded);
      continue;
    }
    partials = partials.flatMap((p) => [p + folded, ...alternatives.map((a) => p + a)]);
  }
  return [...new Set(partials)];
}

/** `text` with each letter that has alternatives written in its first alternative, case kept ("MÜLLER" → "MUELLER"). */
export function expandAlternatives(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const lower = lowerOf(ch);
    const alternative = ALTERNATIVES.get(lower)?.[0];
    if (alternative === undefined) out += ch;
    else out += lower === ch ? alternative : alternative.toUpperCase();
  }
  return out;
}

/** Longer forms, besides a vowel + e, that read back as their letter: aa (å), dj (đ); never ng (ŋ: "Young" is no "Youn"). */
const READ_BACK: ReadonlySet<string> = new Set(['aa', 'dj']);

/**
 * The longer forms read back as the plain fold ("Mueller" → "Muller", "Soeren" → "Soren",
 * "Haaland" → "Haland", "Djokovic" → "Dokovic"), so a name written either way finds the other.
 */
const CONTRACTIONS: readonly (readonly [RegExp, string])[] = [...new Set([...ALTERNATIVES.entries()].flatMap(([letter, forms]) => {
  const plain = foldString(letter);
  return forms.filter((form) => form === `${plain}e` || READ_BACK.has(form));
}))].map((form) => [new RegExp(`(${form[0]})${form[1]}`, 'gi'), '$1'] as const);

/** `text` with every alternative form contracted to the plain fold, case kept ("MUELLER" → "MULLER"). */
export function contractAlternatives(text: string): string {
  let out = text;
  for (const [pattern, replacement] of CONTRACTIONS) out = out.replace(pattern, replacement);
  return out;
}
