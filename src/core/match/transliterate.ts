/**
 * Letters that Unicode decomposition does not reduce to ASCII, mapped to how people write them in
 * Latin letters, so "Łukasz", "Lukasz", "Дмитрий" and "Dmitriy" fold to comparable words.
 * Han, kana and Hangul are deliberately absent: an ideographic or phonetic PN group is its own
 * spelling and is compared as written (a Han reading guessed from Chinese would be wrong for Japanese).
 * Latin letters come from the one folding table (core/text), shared with the finder and the verifier.
 */
import { ALTERNATIVES, TRANSLITERATIONS } from '../text/table.ts';

/** Each Latin letter of the folding table by its first (plain) form. */
const LATIN: Record<string, string> = Object.fromEntries(Object.entries(TRANSLITERATIONS).map(([letter, forms]) => [letter, forms[0]!]));

// Modern Greek readings (ELOT 743 simplified): what a Greek patient writes on a Latin form.
const GREEK: Record<string, string> = {
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm',
  ν: 'n', ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps',
  ω: 'o',
};

// Russian, Ukrainian, Belarusian and Serbian/Macedonian letters, passport-style romanization.
const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia', і: 'i', ї: 'i',
  є: 'ie', ґ: 'g', ў: 'u', ђ: 'dj', ј: 'j', љ: 'lj', њ: 'nj', ћ: 'c', џ: 'dz', ѓ: 'g', ќ: 'k',
  ѕ: 'dz',
};

/** Lower-case letter → its Latin transliteration; undefined when the letter needs none. */
export const TRANSLITERATION: ReadonlyMap<string, string> = new Map(
  [LATIN, GREEK, CYRILLIC].flatMap((table) => Object.entries(table)),
);

/** Letters also written another way, as a second key: "Müller" is also "Mueller", "Søren" "Soeren". */
export const UMLAUT_EXPANSION: ReadonlyMap<string, string> = new Map([...ALTERNATIVES].map(([letter, forms]) => [letter, forms[0]!]));
