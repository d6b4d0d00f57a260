/**
 * What may stand between the words of a name, and where a name may start and end (CONTRACT.md,
 * "Forms searched"): whitespace, punctuation and symbols separate, at most eight in a row; a name
 * is letters bounded by non-letters (`_`, digits and punctuation are boundaries).
 */

/** At most this many separator characters between two words (`jean..dupont`, `DUPONT ,  Jean`). */
export const MAX_SEPARATOR_RUN = 8;

const SEPARATOR = /[\s\p{Z}\p{P}\p{S}]/u;
const LETTER = /\p{L}/u;

/** Per UTF-16 unit: 0 unknown, 1 letter, 2 separator, 3 neither (digits, controls, marks). */
const kinds = new Uint8Array(0x10000);

export const KIND_LETTER = 1;
export const KIND_SEPARATOR = 2;

/** {@link KIND_LETTER}, {@link KIND_SEPARATOR} or 3 (neither), for hot loops. */
export function charKind(code: number): number {
  return kindOf(code);
}

function kindOf(code: number): number {
  let kind = kinds[code]!;
  if (kind === 0) {
    // A lone surrogate is half of an astral letter or symbol: neither, so it binds nothing.
    const ch = code >= 0xd800 && code <= 0xdfff ? '' : String.fromCharCode(code);
    kind = ch !== '' && LETTER.test(ch) ? 1 : ch !== '' && SEPARATOR.test(ch) ? 2 : 3;
    kinds[code] = kind;
  }
  return kind;
}

/** A letter of any script (after folding: no marks are left). */
export function isLetterCode(code: number): boolean {
  return kindOf(code) === 1;
}

/** Whitespace, punctuation or a symbol: `^ _ - – — . , ; : \ / | + ~ ( ) ·` and the like. */
export function isSeparatorCode(code: number): boolean {
  return kindOf(code) === 2;
}

/** Whether `text` between `start` and `end` may be the separators between two words of a name. */
export function isSeparatorRun(text: string, start: number, end: number): boolean {
  if (end - start > MAX_SEPARATOR_RUN) return false;
  for (let i = start; i < end; i++) if (kindOf(text.charCodeAt(i)) !== 2) return false;
  return true;
}

/** Whether `text[start, end)` is bounded by non-letters: no letter just before or just after. */
export function isLetterBounded(text: string, start: number, end: number): boolean {
  return (start === 0 || kindOf(text.charCodeAt(start - 1)) !== 1) && (end >= text.length || kindOf(text.charCodeAt(end)) !== 1);
}
