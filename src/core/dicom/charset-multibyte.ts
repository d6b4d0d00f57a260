/**
 * The stand-alone multi-byte encodings (UTF-8, GB18030, GBK) and Shift_JIS: how their bytes
 * group into characters, so text can be mapped back to bytes, and their encoders.
 */
import { CharsetError } from '../errors.ts';
import { type Decoded, Units } from './charset-units.ts';
import { utf8Run } from './utf8.ts';

export type MultiByteKind = 'utf-8' | 'gb18030' | 'gbk' | 'shift-jis';

const decoders = new Map<string, { fatal: TextDecoder; lenient: TextDecoder }>();

function decoderFor(kind: MultiByteKind) {
  let known = decoders.get(kind);
  if (!known) {
    const label = kind === 'gbk' ? 'gb18030' : kind;
    known = { fatal: new TextDecoder(label, { fatal: true, ignoreBOM: true }), lenient: new TextDecoder(label, { ignoreBOM: true }) };
    decoders.set(kind, known);
  }
  return known;
}

const inRange = (b: number | undefined, low: number, high: number) => b !== undefined && b >= low && b <= high;

/** Bytes of the character starting at `at` (for valid input; invalid input is split per unit). */
function charLength(kind: MultiByteKind, bytes: Uint8Array, at: number): number {
  const b = bytes[at]!;
  const next = bytes[at + 1];
  if (kind === 'utf-8') return Math.abs(utf8Run(bytes, at));
  if (kind === 'shift-jis') {
    const lead = inRange(b, 0x81, 0x9f) || inRange(b, 0xe0, 0xfc);
    return lead && (inRange(next, 0x40, 0x7e) || inRange(next, 0x80, 0xfc)) ? 2 : 1;
  }
  if (!inRange(b, 0x81, 0xfe)) return 1;
  if (inRange(next, 0x30, 0x39)) return inRange(bytes[at + 2], 0x81, 0xfe) && inRange(bytes[at + 3], 0x30, 0x39) ? 4 : 1;
  return inRange(next, 0x40, 0x7e) || inRange(next, 0x80, 0xfe) ? 2 : 1;
}

/**
 * UTF-8 text when the bytes are well formed, else undefined (a U+FFFD written as such also gives
 * undefined: the hand decoder reads it alike). Ill-formed UTF-8 is common in values read here
 * (Latin-1 in a UTF-8 file, binary private data): a fatal decoder's exception costs more than
 * the decoding.
 */
function wellFormedUtf8(bytes: Uint8Array): string | undefined {
  const text = decoderFor('utf-8').lenient.decode(bytes);
  return text.includes('\uFFFD') ? undefined : text;
}

/** The decoded text alone: the platform decoder when the bytes are valid. */
export function decodeMultiByte(bytes: Uint8Array, kind: MultiByteKind): string {
  if (kind === 'shift-jis') return decodeMultiByteUnits(bytes, kind, true).text;
  if (kind === 'utf-8') return wellFormedUtf8(bytes) ?? decodeUtf8Lenient(bytes, true).text;
  try {
    return decoderFor(kind).fatal.decode(bytes);
  } catch {
    return decodeMultiByteUnits(bytes, kind, true).text;
  }
}

/**
 * Text with the bytes of every character; invalid bytes read as U+FFFD (UTF-8: as Latin-1).
 * `textOnly` keeps no per-character record, for long values that are only read.
 */
export function decodeMultiByteUnits(bytes: Uint8Array, kind: MultiByteKind, textOnly = false): Decoded {
  const { fatal, lenient } = decoderFor(kind);
  let whole: string | undefined;
  try {
    // Node's Shift_JIS decoder swaps the controls 0x1A, 0x1C and 0x7F (IBM-943's table), so
    // Shift_JIS goes character by character, its single bytes by rule.
    whole = kind === 'shift-jis' ? undefined : kind === 'utf-8' ? wellFormedUtf8(bytes) : fatal.decode(bytes);
  } catch {
    whole = undefined;
  }
  if (textOnly && whole !== undefined) return { text: whole, units: new Units(0) };
  if (kind === 'utf-8' && whole === undefined) return decodeUtf8Lenient(bytes, textOnly);
  const units = new Units(textOnly ? 0 : bytes.length);
  const pieces: string[] = [];
  let t = 0;
  for (let at = 0; at < bytes.length; ) {
    const length = charLength(kind, bytes, at);
    let width: number;
    if (whole !== undefined) {
      width = (whole.codePointAt(t) ?? 0) > 0xffff ? 2 : 1;
    } else {
      let piece: string;
      if (kind === 'shift-jis' && length === 1) piece = jisX0201(bytes[at]!);
      else piece = memoDecode(kind, lenient, bytes, at, length);
      pieces.push(piece);
      width = piece.length;
    }
    if (!textOnly) units.push(at + length, t + width);
    t += width;
    at += length;
  }
  return { text: whole ?? pieces.join(''), units };
}

/**
 * UTF-8 read by hand where it is not valid throughout: each UTF-8 character as such, and each
 * byte that is not part of one as Latin-1 (a unit of its own). Such bytes are nearly always
 * Latin-1 text in a value labelled (or taken) as UTF-8, and names in them must still be found.
 * Validity is the Encoding Standard's: no overlongs, surrogates or code points past U+10FFFF.
 */
function decodeUtf8Lenient(bytes: Uint8Array, textOnly: boolean): Decoded {
  const codes = new Uint16Array(bytes.length); // never more code units than bytes
  const units = new Units(textOnly ? 0 : bytes.length);
  let count = 0;
  for (let at = 0; at < bytes.length; ) {
    const b = bytes[at]!;
    const run = utf8Run(bytes, at);
    let length = 1;
    let code = b;
    if (run > 1) {
      length = run;
      code = b & (0xff >> (run + 1));
      for (let i = 1; i < run; i++) code = (code << 6) | (bytes[at + i]! & 0x3f);
    }
    if (code > 0xffff) {
      codes[count++] = 0xd800 + ((code - 0x10000) >> 10);
      codes[count++] = 0xdc00 + ((code - 0x10000) & 0x3ff);
    } else {
      codes[count++] = code;
    }
    if (!textOnly) units.push(at + length, count);
    at += length;
  }
  let text = '';
  for (let i = 0; i < count; i += 8192) text += String.fromCharCode.apply(null, codes.subarray(i, Math.min(count, i + 8192)) as unknown as number[]);
  return { text, units };
}

const memos = new Map<MultiByteKind, Map<number, string>>();

/** A character of GB18030, GBK or Shift_JIS, each code decoded once by the platform. */
function memoDecode(kind: MultiByteKind, decoder: TextDecoder, bytes: Uint8Array, at: number, length: number): string {
  let memo = memos.get(kind);
  if (!memo || memo.size > 100_000) {
    memo = new Map();
    memos.set(kind, memo);
  }
  let key = length;
  for (let i = 0; i < length; i++) key = key * 256 + bytes[at + i]!;
  let piece = memo.get(key);
  if (piece === undefined) {
    piece = decoder.decode(bytes.subarray(at, at + length));
    memo.set(key, piece);
  }
  return piece;
}

/** A single byte of Shift_JIS: ASCII, or JIS X 0201 half-width katakana at 0xA1–0xDF. */
function jisX0201(b: number): string {
  if (b < 0x80) return String.fromCharCode(b);
  return String.fromCharCode(b >= 0xa1 && b <= 0xdf ? 0xff61 + b - 0xa1 : 0xfffd);
}

function unencodable(char: string, name: string): CharsetError {
  const code = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return new CharsetError('unencodable-text', `"${char}" (U+${code}) cannot be written in the Specific Character Set ${name}`);
}

let gbTables: { two: Map<number, number>; four: Map<number, number> } | undefined;

/** GB18030's two- and four-byte BMP codes, reversed from the platform decoder. */
function gb18030Tables() {
  if (gbTables) return gbTables;
  const two = new Map<number, number>();
  const pairs: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) if (trail !== 0x7f) pairs.push(lead, trail);
  }
  const pairText = new TextDecoder('gb18030').decode(Uint8Array.from(pairs));
  if (pairText.length === pairs.length / 2) {
    for (let i = pairText.length - 1; i >= 0; i--) {
      const unit = pairText.charCodeAt(i);
      if (unit !== 0xfffd) two.set(unit, (pairs[2 * i]! << 8) | pairs[2 * i + 1]!);
    }
  }
  // Four-byte codes 0x81308130… cover the rest of the BMP: pointer p is b1 b2 b3 b4 with
  // p = ((b1-0x81)*10 + (b2-0x30))*1260 + (b3-0x81)*10 + (b4-0x30).
  const count = 39420;
  const quads = new Uint8Array(count * 4);
  for (let p = 0; p < count; p++) quads.set(pointerBytes(p), p * 4);
  const quadText = new TextDecoder('gb18030').decode(quads);
  const four = new Map<number, number>();
  if (quadText.length === count) {
    for (let p = 0; p < count; p++) {
      const unit = quadText.charCodeAt(p);
      if (unit !== 0xfffd && !two.has(unit) && !four.has(unit)) four.set(unit, p);
    }
  }
  four.set(0xfffd, 39417); // 84 31 A4 37: U+FFFD is a character of GB18030 too
  gbTables = { two, four };
  return gbTables;
}

function pointerBytes(p: number): number[] {
  return [0x81 + Math.floor(p / 12600), 0x30 + (Math.floor(p / 1260) % 10), 0x81 + (Math.floor(p / 10) % 126), 0x30 + (p % 10)];
}

/** Encodes text in a multi-byte encoding; CharsetError for characters it lacks. */
export function encodeMultiByte(text: string, kind: MultiByteKind, name: string): Uint8Array {
  if (kind === 'utf-8') {
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.exec(text);
    if (lone) throw unencodable(lone[0], name);
    return new TextEncoder().encode(text);
  }
  const out: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) {
      out.push(code);
    } else if (kind === 'shift-jis') {
      // JIS X 0201 only: ISO_IR 13 declares half-width katakana, not kanji.
      if (code < 0xff61 || code > 0xff9f) throw unencodable(char, name);
      out.push(code - 0xff61 + 0xa1);
    } else {
      const { two, four } = gb18030Tables();
      const pair = two.get(code);
      if (pair !== undefined) out.push(pair >> 8, pair & 0xff);
      else if (kind === 'gbk' && code === 0x20ac) out.push(0x80);
      else if (kind === 'gbk') throw unencodable(char, name);
      else if (code > 0xffff) out.push(...pointerBytes(code - 0x10000 + 189000));
      else if (four.has(code)) out.push(...pointerBytes(four.get(code)!));
      else throw unencodable(char, name);
    }
  }
  return Uint8Array.from(out);
}
