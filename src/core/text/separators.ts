/**
 * What may stand between the words of a name, and where a name may start and end (CONTRACT.md,
 * "Forms searched"): whitespace, punctuation and symbols separate, at most eight in a row; a name
 * is letters bounded by non-letters (`_`, digits and punctuation are boundaries). Characters, not
 * UTF-16 units: a symbol or letter outside the BMP (🙂, Adlam 𞤀) is one character of two units.
 */

/** At most this many separator characters between two words (`jean..dupont`, `DUPONT ,  Jean`). */
export const MAX_SEPARATOR_RUN = 8;

const SEPARATOR = /[\s\p{Z}\p{P}\p{S}]/u;
const LETTER = /\p{L}/u;

/** Per UTF-16 unit: 0 unknown, 1 letter, 2 separator, 3 neither (digits, controls, marks, surrogates). */
const kinds = new Uint8Array(0x10000);
/** Kinds of characters outside the BMP, by code point, as met. */
const astralKinds = new Map<number, number>();

export const KIND_LETTER = 1;
export const KIND_SEPARATOR = 2;

/** {@link KIND_LETTER}, {@link KIND_SEPARATOR} or 3 (neither), for hot loops: per UTF-16 unit (a surrogate is neither). */
export function charKind(code: number): number {
  return kindOf(code);
}

function classify(ch: string): number {
  return LETTER.test(ch) ? KIND_LETTER : SEPARATOR.test(ch) ? KIND_SEPARATOR : 3;
}

function kindOf(code: number): number {
  if (code > 0xffff) {
    let kind = astralKinds.get(code);
    if (kind === undefined) {
      kind = classify(String.fromCodePoint(code));
      if (astralKinds.size < 4096) astralKinds.set(code, kind);
    }
    return kind;
  }
  let kind = kinds[code]!;
  if (kind === 0) {
    // A lone surrogate is half of an astral character: its pair is read by {@link widthOf}.
    kind = code >= 0xd800 && code <= 0xdfff ? 3 : classify(String.fromCharCode(code));
    kinds[code] = kind;
  }
  return kind;
}

/** The code point at `at` of `text` (a surrogate pair as one), or -1 past the end. */
function codePointAt(text: string, at: number): number {
  return at < text.length ? text.codePointAt(at)! : -1;
}

/** UTF-16 units of the character of kind `kind` at `at` (2 for a surrogate pair), or 0 when it is another kind. */
function widthOf(text: string, at: number, kind: number): number {
  const code = text.charCodeAt(at);
  if (code < 0xd800 || code > 0xdbff) return at < text.length && kindOf(code) === kind ? 1 : 0;
  const point = codePointAt(text, at);
  return point > 0xffff && kindOf(point) === kind ? 2 : 0;
}

/** A letter of any script (after folding: no marks are left); a code point, so astral letters too. */
export function isLetterCode(code: number): boolean {
  return kindOf(code) === KIND_LETTER;
}

/** Whitespace, punctuation or a symbol: `^ _ - – — . , ; : \ / | + ~ ( ) ·`, 🙂 and the like; a code point. */
export function isSeparatorCode(code: number): boolean {
  return kindOf(code) === KIND_SEPARATOR;
}

/** UTF-16 units of the separator at `at` of `text`: 1, 2 for one outside the BMP (🙂), 0 for none. */
export function separatorWidth(text: string, at: number): number {
  return widthOf(text, at, KIND_SEPARATOR);
}

/** UTF-16 units of the letter at `at` of `text`: 1, 2 for one outside the BMP (Adlam 𞤀), 0 for none. */
export function letterWidth(text: string, at: number): number {
  return widthOf(text, at, KIND_LETTER);
}

/** Whether `text` between `start` and `end` may be the separators between two words of a name: at most {@link MAX_SEPARATOR_RUN} characters. */
export function isSeparatorRun(text: string, start: number, end: number): boolean {
  if (end - start > 2 * MAX_SEPARATOR_RUN) return false;
  let characters = 0;
  for (let i = start; i < end; characters++) {
    const width = separatorWidth(text, i);
    if (width === 0 || characters === MAX_SEPARATOR_RUN) return false;
    i += width;
  }
  return true;
}

/** Whether the character just before `at` is a letter (a surrogate pair read as one). */
function letterBefore(text: string, at: number): boolean {
  if (at === 0) return false;
  const code = text.charCodeAt(at - 1);
  if (code >= 0xdc00 && code <= 0xdfff && at >= 2) return letterWidth(text, at - 2) === 2;
  return kindOf(code) === KIND_LETTER;
}

/** Whether `text[start, end)` is bounded by non-letters: no letter just before or just after. */
export function isLetterBounded(text: string, start: number, end: number): boolean {
  return !letterBefore(text, start) && (end >= text.length || letterWidth(text, end) === 0);
}
