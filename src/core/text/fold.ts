/**
 * Case and accent folding that remembers where each folded character came from, so a match found
 * in folded text can be replaced in the original text (CONTRACT.md, "Names": case- and
 * accent-insensitive). Driven by the one folding table (table.ts); cached per code unit, since
 * every header byte of every file goes through here.
 */
import { FORMAT_CHARACTER, keptWhole, LETTER, MARK, tableFold } from './table.ts';

/** Folded text with, for each folded UTF-16 unit, the original range it stands for. */
export interface FoldedText {
  readonly text: string;
  /** `origStart[i]` is the original index where folded unit `i` starts; undefined = identity. */
  readonly origStart: Int32Array | undefined;
  /** `origEnd[i]` is the original index just after what folded unit `i` stands for. */
  readonly origEnd: Int32Array | undefined;
}

/** Original index where folded unit `i` starts. */
export function originalStart(folded: FoldedText, i: number): number {
  return folded.origStart === undefined ? i : folded.origStart[i]!;
}

/** Original index just after folded unit `i`. */
export function originalEnd(folded: FoldedText, i: number): number {
  return folded.origEnd === undefined ? i + 1 : folded.origEnd[i]!;
}

/** A character's fold by the table, upper case included (`Ø` folds as `ø`). */
function tableFoldOf(ch: string): string | undefined {
  return tableFold(ch) ?? tableFold(ch.toLowerCase());
}

/** Single-unit folds by code unit: 0 = not computed yet, 0xffff = see {@link multi}. */
const single = new Uint16Array(0x10000);
/** Folds of code units that give 0 or ≥ 2 units. */
const multi = new Map<number, string>();

function computeFold(ch: string): string {
  if (keptWhole(ch.charCodeAt(0))) return ch;
  const special = tableFoldOf(ch);
  if (special !== undefined) return special;
  if (MARK.test(ch) || FORMAT_CHARACTER.test(ch)) return '';
  if (!LETTER.test(ch)) {
    // Full-width digits and punctuation, circled digits and letters (ⓚ, 🄺): NFKC gives one plain
    // character, a circled letter folds as that letter. "¼" and "™" stay one non-letter, not
    // "1⁄4" or the letters "tm".
    const compatible = ch.normalize('NFKC');
    if (compatible.length !== 1 || compatible === ch) return ch;
    return LETTER.test(compatible) ? computeFold(compatible) : compatible;
  }
  let out = '';
  for (const part of ch.normalize('NFKD').toLowerCase()) {
    if (MARK.test(part) || FORMAT_CHARACTER.test(part)) continue;
    out += tableFold(part) ?? part;
  }
  return out;
}

/** Folds one code point (as a string) to lower case without accents; may return '' or 2+ chars. */
export function foldChar(ch: string): string {
  if (ch.length === 1) {
    const code = ch.charCodeAt(0);
    const known = single[code]!;
    if ((known !== 0 || code === 0) && known !== 0xffff) return String.fromCharCode(known);
    if (known === 0xffff) return multi.get(code)!;
    const folded = computeFold(ch);
    if (folded.length === 1 && folded.charCodeAt(0) !== 0 && folded.charCodeAt(0) !== 0xffff) single[code] = folded.charCodeAt(0);
    else {
      single[code] = 0xffff;
      multi.set(code, folded);
    }
    return folded;
  }
  return computeFold(ch);
}

for (let code = 0; code < 0x80; code++) {
  single[code] = code >= 0x41 && code <= 0x5a ? code + 32 : code;
}
// NUL folds to itself; 0 otherwise means "not computed", so code 0 is tested apart below.

/** Folded code units are built in place and read as one string (endianness: see below). */
const utf16 = new TextDecoder(new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'utf-16le' : 'utf-16be');
let codes = new Uint16Array(1024);
let starts = new Int32Array(1024);
let ends = new Int32Array(1024);

function ensure(capacity: number): void {
  if (codes.length >= capacity) return;
  const size = Math.max(capacity, codes.length * 2);
  const grow = <T extends Uint16Array | Int32Array>(old: T, make: (n: number) => T): T => {
    const next = make(size);
    next.set(old);
    return next;
  };
  codes = grow(codes, (n) => new Uint16Array(n));
  starts = grow(starts, (n) => new Int32Array(n));
  ends = grow(ends, (n) => new Int32Array(n));
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Combining and half-width voiced and semi-voiced sound marks (゙ ゚ ﾞ ﾟ). */
function isVoicingMark(code: number): boolean {
  return code === 0x3099 || code === 0x309a || code === 0xff9e || code === 0xff9f;
}

/** Hiragana, katakana and half-width katakana. */
function isKana(code: number): boolean {
  return (code >= 0x3040 && code <= 0x30ff) || (code >= 0xff66 && code <= 0xff9d);
}

/**
 * Units of the Hangul syllable that conjoining jamo starting at `i` spell (NFD, as macOS and some
 * RIS write Korean): a leading consonant and a vowel, with a final consonant or not, or a syllable
 * without one and its final consonant written apart; 0 when they spell none. The syllable itself
 * is {@link hangulSyllable}.
 */
function hangulJamoRun(text: string, i: number, code: number): number {
  const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
  if (code >= 0x1100 && code <= 0x1112 && next >= 0x1161 && next <= 0x1175) return isTrailingJamo(i + 2 < text.length ? text.charCodeAt(i + 2) : 0) ? 3 : 2;
  return code >= 0xac00 && code <= 0xd7a3 && (code - 0xac00) % 28 === 0 && isTrailingJamo(next) ? 2 : 0;
}

function isTrailingJamo(code: number): boolean {
  return code >= 0x11a8 && code <= 0x11c2;
}

/** The syllable NFC composes from the `width` units at `i` that {@link hangulJamoRun} measured (Unicode's arithmetic). */
function hangulSyllable(text: string, i: number, width: number): number {
  const code = text.charCodeAt(i);
  if (code >= 0xac00) return code + text.charCodeAt(i + 1) - 0x11a7;
  const lv = 0xac00 + ((code - 0x1100) * 21 + (text.charCodeAt(i + 1) - 0x1161)) * 28;
  return width === 3 ? lv + text.charCodeAt(i + 2) - 0x11a7 : lv;
}

/** Folds non-ASCII `text` into {@link codes}, {@link starts} and {@link ends}; returns the folded length. */
function foldInto(text: string): number {
  const n = text.length;
  ensure(n + 16);
  let out = 0;
  for (let i = 0; i < n; ) {
    const code = text.charCodeAt(i);
    if (i + 1 < n && isVoicingMark(text.charCodeAt(i + 1)) && isKana(code)) {
      // A kana and its voicing mark written apart (NFD, or half-width ﾀﾞ) are the one kana NFKC
      // composes (ダ), which stays whole: the mark tells two sounds apart and is not dropped.
      const composed = text.slice(i, i + 2).normalize('NFKC');
      if (composed.length === 1) {
        codes[out] = composed.charCodeAt(0);
        starts[out] = i;
        ends[out] = i + 2;
        out++;
        i += 2;
        continue;
      }
    }
    const jamo = code >= 0x1100 && code <= 0xd7a3 ? hangulJamoRun(text, i, code) : 0;
    if (jamo > 0) {
      // Hangul in NFD: the syllable its jamo spell, kept whole as NFC text keeps it.
      codes[out] = hangulSyllable(text, i, jamo);
      starts[out] = i;
      ends[out] = i + jamo;
      out++;
      i += jamo;
      continue;
    }
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const width = pair ? 2 : 1;
    const known = pair ? 0xffff : single[code]!;
    if ((known !== 0 || code === 0) && known !== 0xffff) {
      codes[out] = known;
      starts[out] = i;
      ends[out] = i + 1;
      out++;
    } else {
      const folded = pair ? computeFold(text.slice(i, i + 2)) : foldChar(text[i]!);
      if (folded.length === 0) {
        // A combining mark (NFD input): it belongs to the character before it.
        if (out > 0) ends[out - 1] = i + width;
      } else {
        ensure(out + folded.length + n - i + 16);
        for (let k = 0; k < folded.length; k++) {
          codes[out] = folded.charCodeAt(k);
          starts[out] = i;
          ends[out] = i + width;
          out++;
        }
      }
    }
    i += width;
  }
  return out;
}

/** The first `length` folded units as a string: short ones without the decoder's call cost. */
function codesText(length: number): string {
  if (length <= 256) return String.fromCharCode.apply(null, codes.subarray(0, length) as unknown as number[]);
  return utf16.decode(new Uint8Array(codes.buffer, 0, length * 2));
}

/** Folds `text`, keeping a map from folded positions back to original positions. */
export function foldText(text: string): FoldedText {
  // The common case: one folded unit per original unit.
  if (isAscii(text)) return { text: text.toLowerCase(), origStart: undefined, origEnd: undefined };
  const out = foldInto(text);
  return { text: codesText(out), origStart: starts.slice(0, out), origEnd: ends.slice(0, out) };
}

/** Folds a whole string with no offset map (for building the index, and searches that map hits back only when there are some). */
export function foldString(text: string): string {
  if (isAscii(text)) return text.toLowerCase();
  return codesText(foldInto(text));
}
