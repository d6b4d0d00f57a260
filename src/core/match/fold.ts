/**
 * Folding of names for comparison (CONTRACT.md, "Names"): NFKC, lower case, accents removed and
 * letters transliterated to ASCII where a Latin writing exists, katakana written as hiragana, then
 * words split on anything that is not a letter or digit. Apostrophes join ("O'Brien" = "OBrien");
 * every other separator splits (space `^` `-` `,` `.` `/` and the like).
 */
import { FORMAT_CHARACTERS } from '../text/table.ts';
import { TRANSLITERATION, UMLAUT_EXPANSION } from './transliterate.ts';

const APOSTROPHES = /['’‘ʼ`´]/g;
const MARK = /\p{M}/u;
const SEPARATORS = /[^\p{L}\p{N}\p{M}]+/u;
// Below the CJK radicals block: Latin, Greek, Cyrillic, Hebrew, Arabic… whose accents are noise.
// From there up (kana, Han, Hangul) a combining mark is part of the letter (が is not か).
const FIRST_KEEP_MARKS = 0x2e80;

const KATAKANA_FIRST = 0x30a1;
const KATAKANA_LAST = 0x30f6;
const KATAKANA_TO_HIRAGANA = 0x60;

const cache = new Map<string, string>();

function foldCodePoint(ch: string, umlauts: boolean): string {
  if (umlauts) {
    const expanded = UMLAUT_EXPANSION.get(ch);
    if (expanded !== undefined) return expanded;
  }
  const direct = TRANSLITERATION.get(ch);
  if (direct !== undefined) return direct;
  const code = ch.codePointAt(0)!;
  // Katakana to hiragana: one sound, two scripts ("ヤマダ" is "やまだ"); NFKC already made
  // half-width katakana full-width.
  if (code >= KATAKANA_FIRST && code <= KATAKANA_LAST) return String.fromCharCode(code - KATAKANA_TO_HIRAGANA);
  if (code >= FIRST_KEEP_MARKS) return ch;
  const cacheKey = umlauts ? `u${ch}` : ch;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  let out = '';
  for (const part of ch.normalize('NFD')) {
    if (MARK.test(part)) continue;
    out += TRANSLITERATION.get(part) ?? part;
  }
  if (cache.size < 4096) cache.set(cacheKey, out);
  return out;
}

/**
 * Folds a name for comparison. With `umlauts`, ä/ö/ü become ae/oe/ue (the second key of a German
 * name); without, they lose their dots like any other accent.
 */
export function foldName(text: string, umlauts = false): string {
  const lower = text.replace(APOSTROPHES, '').replace(FORMAT_CHARACTERS, '').normalize('NFKC').toLowerCase();
  let ascii = true;
  for (let i = 0; i < lower.length; i++) {
    if (lower.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return lower;
  let out = '';
  for (const ch of lower) out += ch.charCodeAt(0) < 0x80 ? ch : foldCodePoint(ch, umlauts);
  return out;
}

/** True when folding with umlaut expansion gives something else than plain folding. */
export function hasUmlaut(text: string): boolean {
  for (const ch of text.normalize('NFC').toLowerCase()) if (UMLAUT_EXPANSION.has(ch)) return true;
  return false;
}

/** The folded words of a name, in written order. */
export function nameWords(text: string, umlauts = false): string[] {
  return foldName(text, umlauts)
    .split(SEPARATORS)
    .filter((word) => word.length > 0);
}
