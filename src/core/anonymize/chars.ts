/**
 * Character classes of folded text, as the name rules see them: which characters are letters
 * (and so glue words together), which are CJK (matched as substrings, no word bounds). What may
 * separate the words of a name is text/separators.ts's, the second opinion's too.
 */

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3005\u30fc]/u;

const Kind = { Unknown: 0, Other: 1, Letter: 2, Cjk: 3, Digit: 4 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

/** Class of each UTF-16 unit, computed on first sight. */
const kinds = new Uint8Array(0x10000);

function computeKind(code: number): Kind {
  if (code < 0x80) {
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) return Kind.Letter;
    if (code >= 0x30 && code <= 0x39) return Kind.Digit;
    return Kind.Other;
  }
  // A surrogate is half a character: {@link kindAt} reads it with its pair.
  if (code >= 0xd800 && code <= 0xdfff) return Kind.Other;
  return kindOfChar(String.fromCharCode(code));
}

function kindOfChar(ch: string): Kind {
  if (CJK.test(ch)) return Kind.Cjk;
  if (LETTER.test(ch)) return Kind.Letter;
  return DIGIT.test(ch) ? Kind.Digit : Kind.Other;
}

/** Class table for hot loops: `CHAR_KIND[code]`, 0 until {@link classify} has seen the code. */
export const CHAR_KIND: Uint8Array = kinds;
export const KIND_LETTER = Kind.Letter;
export const KIND_CJK = Kind.Cjk;
export const KIND_DIGIT = Kind.Digit;

/** Classifies a code unit, filling {@link CHAR_KIND}. */
export function classify(code: number): number {
  return kindOf(code);
}

/** Kinds of characters outside the BMP, by code point, as met. */
const astralKinds = new Map<number, Kind>();

function kindOf(code: number): Kind {
  if (code > 0xffff) {
    let kind = astralKinds.get(code);
    if (kind === undefined) {
      kind = kindOfChar(String.fromCodePoint(code));
      if (astralKinds.size < 4096) astralKinds.set(code, kind);
    }
    return kind;
  }
  let kind = kinds[code]! as Kind;
  if (kind === Kind.Unknown) {
    kind = computeKind(code);
    kinds[code] = kind;
  }
  return kind;
}

/**
 * The class of the character at `i` of `text`: both units of a surrogate pair take its class
 * (Adlam 𞤀 is a letter, 𠮷 CJK, 🙂 neither); a lone surrogate is neither.
 */
export function kindAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdfff) return kindOf(code);
  const start = code <= 0xdbff ? i : i - 1;
  const point = start >= 0 ? text.codePointAt(start)! : code;
  return point > 0xffff && (start === i || text.charCodeAt(start) <= 0xdbff) ? kindOf(point) : Kind.Other;
}

/** A letter that binds to its neighbours: a name must not start or end next to one. CJK excluded. A code point. */
export function isWordLetter(code: number): boolean {
  return kindOf(code) === Kind.Letter;
}

/** Han, kana and Hangul: names in these scripts are matched as substrings. A code point. */
export function isCjk(code: number): boolean {
  return kindOf(code) === Kind.Cjk;
}

/** Letters of any script or digits: what a PatientID token must not touch. */
export function isAlnum(code: number): boolean {
  const kind = kindOf(code);
  return kind === Kind.Letter || kind === Kind.Digit || kind === Kind.Cjk;
}

/** {@link isAlnum} for the character at `i` of `text`, a surrogate pair read as one. */
export function isAlnumAt(text: string, i: number): boolean {
  const kind = kindAt(text, i);
  return kind === Kind.Letter || kind === Kind.Digit || kind === Kind.Cjk;
}
