/**
 * The one folding table (CONTRACT.md, "Names": folding, on both sides of every comparison). The
 * finder, the verifier and the matcher all fold through what is written here, so a name one of
 * them sees is a name the others see.
 *
 * Besides Unicode's own NFKC, case folding and mark removal, these letters need data: Unicode
 * does not decompose them, yet people write them without their stroke or ligature.
 */

/**
 * Lower-case letter → how it is written in plain Latin letters. The first spelling is the fold;
 * any further ones are searched too ("Søren" is also written "Soeren", "Müller" "Mueller").
 */
export const TRANSLITERATIONS: Readonly<Record<string, readonly string[]>> = {
  ä: ['a', 'ae'],
  ö: ['o', 'oe'],
  ü: ['u', 'ue'],
  ø: ['o', 'oe'],
  // Danish and Norwegian write å as aa where it cannot be typed (Haaland, Aagaard).
  å: ['a', 'aa'],
  æ: ['ae'],
  œ: ['oe'],
  ß: ['ss'],
  ł: ['l'],
  // Serbian and Croatian write đ as dj in Latin letters without marks (Đoković, Djokovic).
  đ: ['d', 'dj'],
  ð: ['d'],
  þ: ['th'],
  ı: ['i'],
  ħ: ['h'],
  ŋ: ['n', 'ng'],
  ŀ: ['l'],
  ŧ: ['t'],
  ĸ: ['k'],
  ſ: ['s'],
  ƒ: ['f'],
  ə: ['e'],
  ɛ: ['e'],
  ɔ: ['o'],
};

/** Characters that fold to another character which is not their lower case or decomposition. */
export const EQUIVALENTS: Readonly<Record<string, string>> = {
  // Full case folding: the final sigma is the same letter as σ.
  ς: 'σ',
  // Apostrophes people type for one another ("O’Day" is "O'Day").
  '’': "'",
  ʼ: "'",
  '‘': "'",
};

/** Invisible format characters, dropped: soft hyphen, zero-width space and joiners, word joiner, BOM, bidi marks. */
export const FORMAT_CHARACTER = /\p{Cf}/u;

/** {@link FORMAT_CHARACTER}, for removing them all from a string. */
export const FORMAT_CHARACTERS = /\p{Cf}/gu;

/** Marks removed after decomposition (accents; NFD text folds like NFC). */
export const MARK = /\p{M}/u;

export const LETTER = /\p{L}/u;

/**
 * Kept whole: Hangul syllables and kana. NFKD would split them into jamo or strip the voicing
 * marks that tell two different sounds apart (が is not か).
 */
export function keptWhole(code: number): boolean {
  return (code >= 0xac00 && code <= 0xd7a3) || (code >= 0x3040 && code <= 0x30ff);
}

/** The fold of a lower-case letter from the table, or undefined when Unicode's own rules do. */
export function tableFold(ch: string): string | undefined {
  return TRANSLITERATIONS[ch]?.[0] ?? EQUIVALENTS[ch];
}

/** Letters of the table with more than one written form: letter → every form after the first. */
export const ALTERNATIVES: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(TRANSLITERATIONS)
    .filter(([, forms]) => forms.length > 1)
    .map(([letter, forms]) => [letter, forms.slice(1)]),
);
