/**
 * Letters that Unicode decomposition does not reduce to ASCII, mapped to how people write them in
 * Latin letters, so "Łukasz", "Lukasz", "Дмитрий" and "Dmitriy" fold to comparable words.
 * Han, kana and Hangul are deliberately absent: an ideographic or phonetic PN group is its own
 * spelling and is compared as written (a Han reading guessed from Chinese would be wrong for Japanese).
 */

const LATIN: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŀ: 'l',
  ŧ: 't', ŋ: 'ng', ĸ: 'k', ſ: 's', ƒ: 'f', ə: 'e', ɛ: 'e', ɔ: 'o', ĳ: 'ij',
};

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

/** German umlauts as a second key: "Müller" is also written "Mueller". */
export const UMLAUT_EXPANSION: ReadonlyMap<string, string> = new Map([
  ['ä', 'ae'],
  ['ö', 'oe'],
  ['ü', 'ue'],
]);
