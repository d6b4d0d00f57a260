/**
 * Text values in their Specific Character Set (PS3.3 C.12.1.1.2, PS3.5 §6.1): decode, encode,
 * and replace spans of text in place, keeping every byte outside the spans.
 *
 * Only SH, LO, ST, LT, UC, UT, PN (and UN, which may hold any of them) use the declared
 * character set; every other VR is in the default repertoire. Bytes above 0x7F where nothing
 * declares them read as UTF-8 where they form UTF-8 (writers that declare nothing and write
 * UTF-8 are common) and as Latin-1 where they do not; so do bytes that are not UTF-8 in a value
 * declared UTF-8. Names in mislabelled values are still found, and every byte is kept.
 */
import { CharsetError } from '../errors.ts';
import { decodeIso2022, encodeIso2022, encodeIso2022Run, widenOverEscapes } from './charset-iso2022.ts';
import { decodeMultiByte, decodeMultiByteUnits, encodeMultiByte } from './charset-multibyte.ts';
import { byteTable } from './charset-tables.ts';
import { type CharsetSpec, resolveCharsets, type SingleByteLabel } from './charset-terms.ts';
import { applyUnitEdits, concatBytes, type Span, sortedSpans, unitEdits } from './charset-units.ts';

export { isKnownCharsetTerm } from './charset-terms.ts';
export type { Span as TextSpan } from './charset-units.ts';

const CHARSET_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'UC', 'UT', 'PN', 'UN']);
const DEFAULT: CharsetSpec = { kind: 'default', name: '' };
const specs = new Map<string, CharsetSpec>();
// The codec hands the same array to every element of a data set: resolve it once.
const specsByArray = new WeakMap<readonly string[], CharsetSpec>();

function specFor(charsets: readonly string[], vr: string): CharsetSpec {
  if (!CHARSET_VRS.has(vr) || charsets.length === 0) return DEFAULT;
  const known = specsByArray.get(charsets);
  if (known) return known;
  const spec = specForTerms(charsets);
  specsByArray.set(charsets, spec);
  return spec;
}

function specForTerms(charsets: readonly string[]): CharsetSpec {
  const key = charsets.join('\\');
  let spec = specs.get(key);
  if (!spec) {
    if (specs.size > 256) specs.clear(); // a hostile dataset may declare endless variants
    spec = resolveCharsets(charsets);
    specs.set(key, spec);
  }
  return spec;
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const webDecoders = new Map<string, TextDecoder>();

/**
 * One character per byte, exactly. Not through TextDecoder: the Web's "latin1" is
 * Windows-1252, which differs at 0x80–0x9F, and is slower than this for short values.
 */
function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  return text;
}

function singleByte(bytes: Uint8Array, label: SingleByteLabel): string {
  if (label === 'latin1') return latin1(bytes);
  // The Web's ISO 8859 decoders keep C1 controls as ISO 8859 does; its iso-8859-9 and
  // tis-620 are Windows code pages, so those go through our table.
  if (label !== 'iso-8859-9' && label !== 'tis-620') {
    let decoder = webDecoders.get(label);
    if (!decoder) {
      decoder = new TextDecoder(label);
      webDecoders.set(label, decoder);
    }
    return decoder.decode(bytes);
  }
  const table = byteTable(label).decode;
  const units = Uint16Array.from(bytes, (b) => table[b]!);
  let text = '';
  for (let i = 0; i < units.length; i += 8192) text += String.fromCharCode.apply(null, units.subarray(i, i + 8192) as unknown as number[]);
  return text;
}

/** Decodes a text value (all its values, with their `\\` delimiters) to a string. */
export function decodeText(bytes: Uint8Array, charsets: readonly string[], vr: string): string {
  const spec = specFor(charsets, vr);
  // Most values are ASCII, and the platform's UTF-8 decoder is the fastest way to tell: it
  // gives one character per byte, none of them U+FFFD, only for ASCII. Valid UTF-8 is done too.
  const asUtf8 = utf8.decode(bytes);
  const valid = !asUtf8.includes('\uFFFD');
  if (valid && asUtf8.length === bytes.length && !(spec.kind === 'iso2022' && asUtf8.includes('\x1b'))) return asUtf8;
  if (valid && (spec.kind === 'utf-8' || spec.kind === 'default')) return asUtf8;
  switch (spec.kind) {
    case 'default':
      return decodeMultiByte(bytes, 'utf-8');
    case 'single':
      return singleByte(bytes, spec.label);
    case 'iso2022':
      return decodeIso2022(bytes, spec, vr, true).text;
    default:
      return decodeMultiByte(bytes, spec.kind);
  }
}

/**
 * Windows-1252's characters for the bytes 0x80–0x9F; the five it leaves unassigned stay C1
 * controls. Written out: Node 20's TextDecoder('windows-1252') decodes these bytes as Latin-1.
 */
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1 = /[\u0080-\u009f]/g;

function windows1252C1(text: string): string {
  return text.replace(C1, (unit) => WINDOWS_1252_C1[unit.charCodeAt(0) - 0x80]!);
}

/** Byte → Windows-1252 code unit (the five unassigned bytes as their C1 controls). */
export const WINDOWS_1252 = Uint16Array.from({ length: 256 }, (_, b) => (b >= 0x80 && b < 0xa0 ? WINDOWS_1252_C1.charCodeAt(b - 0x80) : b));
// Both agree with Windows-1252 on every byte but 0x80–0x9F, and are the fastest way to a string.
const latin1Decoder = new TextDecoder('windows-1252');
const unitsDecoder = new TextDecoder(new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 'utf-16le' : 'utf-16be');

function hasC1Byte(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80 && bytes[i]! < 0xa0) return true;
  return false;
}

/** Bytes read as Windows-1252, one character each (what Windows software writes where Latin-1 is declared). */
export function decodeWindows1252(bytes: Uint8Array): string {
  if (!hasC1Byte(bytes)) return latin1Decoder.decode(bytes);
  const units = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) units[i] = WINDOWS_1252[bytes[i]!]!;
  return unitsDecoder.decode(units);
}

/**
 * Every reading of a value a name must be searched in: {@link decodeText}'s, except that where the
 * value is read as Latin-1 (ISO_IR 100, or bytes that are not UTF-8 where nothing is declared) its
 * C1 controls are read first as the Windows-1252 characters Windows software writes there (`’` in
 * `O’DAY`, `Š`, `œ`, curly quotes), then as Latin-1 too: a C1 byte beside a name is a letter in one
 * reading (`žDUPONT` joins the name to it) and a boundary in the other, and the second opinion reads
 * both. Each reading has one character per byte where {@link decodeText}'s has, so indices are those
 * {@link replaceText} takes and the bytes outside a replaced span are kept as they are.
 */
export function searchReadings(bytes: Uint8Array, charsets: readonly string[], vr: string): string[] {
  const text = decodeText(bytes, charsets, vr);
  const spec = specFor(charsets, vr);
  if (spec.kind !== 'default' && !(spec.kind === 'single' && spec.label === 'latin1')) return [text];
  const windows = windows1252C1(text);
  return windows === text ? [text] : [windows, text];
}

/** Bytes as Latin-1 and, when some are C1 controls there, as Windows-1252: the raw readings searched. */
export function latinReadings(bytes: Uint8Array): string[] {
  return hasC1Byte(bytes) ? [decodeWindows1252(bytes), latin1Decoder.decode(bytes)] : [latin1Decoder.decode(bytes)];
}

function defaultRepertoireError(text: string, spec: CharsetSpec, vr: string): CharsetError | undefined {
  const match = /[^\x00-\x7f]/u.exec(text);
  if (!match) return undefined;
  const where = CHARSET_VRS.has(vr) ? 'the file declares no Specific Character Set' : `${vr} values use the default repertoire`;
  return new CharsetError('unencodable-text', `"${match[0]}" cannot be written: ${where}${spec.name ? ` (${spec.name})` : ''}, which holds only ASCII`);
}

/** Encodes text in a value's character set; throws CharsetError when it cannot hold the text. */
export function encodeText(text: string, charsets: readonly string[], vr: string): Uint8Array {
  const spec = specFor(charsets, vr);
  if (!/[^\x00-\x7f]/.test(text)) {
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  }
  switch (spec.kind) {
    case 'default':
      throw defaultRepertoireError(text, spec, vr)!;
    case 'single': {
      const table = byteTable(spec.label);
      const out = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) {
        const byte = table.encode(text.charCodeAt(i));
        if (byte === undefined) {
          const char = String.fromCodePoint(text.codePointAt(i)!);
          throw new CharsetError('unencodable-text', `"${char}" cannot be written in the Specific Character Set ${spec.name}`);
        }
        out[i] = byte;
      }
      return out;
    }
    case 'iso2022': {
      const initial = { g0: spec.initialG0, g1: spec.initialG1 };
      return encodeIso2022(text, spec, vr, initial, initial);
    }
    default:
      return encodeMultiByte(text, spec.kind, spec.name);
  }
}

/** Whether {@link encodeText} can write the text in this character set. */
export function canEncodeText(text: string, charsets: readonly string[], vr: string): boolean {
  try {
    encodeText(text, charsets, vr);
    return true;
  } catch (error) {
    if (error instanceof CharsetError) return false;
    throw error;
  }
}

/**
 * Replaces spans of the decoded text (indices into {@link decodeText}'s result) and returns the
 * new value. Every byte outside the spans is kept as it was; the new text is written in the
 * value's own character set. In ISO 2022 values the replacement takes the escape sequences
 * around it and ends in the state the following bytes were written in, so they read as before.
 * Throws CharsetError when the new text cannot be written in the character set.
 */
export function replaceText(bytes: Uint8Array, charsets: readonly string[], vr: string, spans: readonly Span[]): Uint8Array {
  if (spans.length === 0) return bytes;
  const spec = specFor(charsets, vr);
  if (spec.kind === 'iso2022') {
    const decoded = decodeIso2022(bytes, spec, vr);
    const edits = unitEdits(decoded, spans, (s, e) => widenOverEscapes(decoded, s, e));
    return applyUnitEdits(bytes, decoded, edits, (edit) => encodeIso2022Run(decoded, spec, vr, edit));
  }
  if (spec.kind === 'single') {
    // One character per byte: text indices are byte offsets.
    const parts: Uint8Array[] = [];
    let at = 0;
    for (const span of sortedSpans(spans, bytes.length)) {
      parts.push(bytes.subarray(at, span.start), encodeText(span.text, charsets, vr));
      at = span.end;
    }
    parts.push(bytes.subarray(at));
    return concatBytes(parts);
  }
  const decoded = decodeMultiByteUnits(bytes, spec.kind === 'default' ? 'utf-8' : spec.kind);
  const edits = unitEdits(decoded, spans);
  // Undeclared UTF-8 is read, but only ASCII is written where nothing is declared.
  return applyUnitEdits(bytes, decoded, edits, (edit) => encodeText(edit.text, charsets, vr));
}
