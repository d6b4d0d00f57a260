/**
 * Case and accent folding that remembers where each folded character came from, so a match found
 * in folded text can be replaced in the original text (CONTRACT.md, "Names": case- and
 * accent-insensitive).
 */

/** Folded text with, for each folded UTF-16 unit, the original range it stands for. */
export interface FoldedText {
  readonly text: string;
  /** `origStart[i]` is the original index where folded unit `i` starts. */
  readonly origStart: Int32Array;
  /** `origEnd[i]` is the original index just after what folded unit `i` stands for. */
  readonly origEnd: Int32Array;
}

/** Letters that NFD does not decompose but that people write without their stroke or ligature. */
const SPECIAL: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ø: 'o', Ø: 'o', ł: 'l', Ł: 'l',
  đ: 'd', Đ: 'd', ð: 'd', Ð: 'd', þ: 'th', Þ: 'th', ı: 'i', ħ: 'h', Ħ: 'h', ŋ: 'n', Ŋ: 'n',
  '’': "'", 'ʼ': "'", '‘': "'",
};

const COMBINING = /\p{M}/u;
const foldCache = new Map<string, string>();

/** Folds one code point (as a string) to lower case without accents; may return '' or 2 chars. */
export function foldChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : ch;
  // Hangul syllables and kana stay whole: NFKD would split them into jamo or strip voicing marks.
  if ((code >= 0xac00 && code <= 0xd7a3) || (code >= 0x3040 && code <= 0x30ff)) return ch;
  const cached = foldCache.get(ch);
  if (cached !== undefined) return cached;
  let out = SPECIAL[ch];
  if (out === undefined) {
    out = '';
    for (const part of ch.normalize('NFKD').toLowerCase()) {
      if (COMBINING.test(part)) continue;
      out += SPECIAL[part] ?? part;
    }
    // Full-width forms and ligatures decompose under NFKD; anything that vanished entirely was a mark.
  }
  if (foldCache.size < 65536) foldCache.set(ch, out);
  return out;
}

/** Folds `text`, keeping a map from folded positions back to original positions. */
export function foldText(text: string): FoldedText {
  const n = text.length;
  let ascii = true;
  for (let i = 0; i < n; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    // The common case: one folded unit per original unit.
    const origStart = new Int32Array(n);
    const origEnd = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      origStart[i] = i;
      origEnd[i] = i + 1;
    }
    return { text: text.toLowerCase(), origStart, origEnd };
  }
  const parts: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < n) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const folded = foldChar(text.slice(i, i + width));
    if (folded.length === 0) {
      // A combining mark (NFD input): it belongs to the character before it.
      if (ends.length > 0) ends[ends.length - 1] = i + width;
    } else {
      for (let k = 0; k < folded.length; k++) {
        parts.push(folded[k]!);
        starts.push(i);
        ends.push(i + width);
      }
    }
    i += width;
  }
  return { text: parts.join(''), origStart: Int32Array.from(starts), origEnd: Int32Array.from(ends) };
}

/** Folds a whole string with no offset map (for building the index). */
export function foldString(text: string): string {
  return foldText(text).text;
}
