/**
 * Names searched in raw bytes, whatever their declared character set: as UTF-8, Latin-1
 * (Windows-1252, a superset) and UTF-16 (LE and BE) at both alignments. This is how verification sees the
 * preamble, headers, binary values and text written in the wrong encoding.
 */
import { latinReadings } from '../dicom/charset.ts';
import { utf8Run } from '../dicom/utf8.ts';
import { KIND_CJK, kindAt } from './chars.ts';
import { type FindOptions, findNames } from './find-names.ts';
import type { NameIndex } from './name-index.ts';

/** A name or PatientID found in bytes: `[offset, offset + length)` relative to the bytes given. */
export interface ByteHit {
  readonly offset: number;
  readonly length: number;
  readonly patientId: string;
  readonly encoding: 'utf-8' | 'latin-1' | 'utf-16le' | 'utf-16be';
}

const utf8 = new TextDecoder('utf-8');
const utf16 = new TextDecoder('utf-16le');
const utf16be = new TextDecoder('utf-16be');
const UTF16_LE = [[utf16, 'utf-16le']] as const;
const UTF16_BOTH = [[utf16, 'utf-16le'], [utf16be, 'utf-16be']] as const;

/**
 * Byte offset of UTF-16 index `index` in `TextDecoder('utf-8')`'s decoding of `bytes`. Invalid
 * bytes are walked as the WHATWG Encoding Standard's UTF-8 decoder walks them:
 * one U+FFFD for each maximal subpart of an ill-formed sequence, so offsets after bad bytes are
 * still exact.
 */
export function utf8Offset(bytes: Uint8Array, index: number): number {
  let units = 0;
  let i = 0;
  while (i < bytes.length && units < index) {
    const run = utf8Run(bytes, i);
    // A whole four-byte sequence is two UTF-16 units; anything else (a cut one included) is one.
    units += run === 4 ? 2 : 1;
    i += Math.abs(run);
  }
  return i;
}

/** CJK matches read from UTF-16 bytes must be this long: any two bytes are an ideograph, so a two-character full name (李明) in binary is noise. */
const MIN_UTF16_CJK = 3;

function isAllCjk(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (kindAt(text, i) !== KIND_CJK) return false;
  return true;
}

function hasHighBytes(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

/**
 * Whether the bytes may hold UTF-16LE text of a Latin name or a PatientID: four letters, digits
 * or Latin-1 letters, each followed by a 0x00 (or 0x01 for Latin Extended-A).
 */
function mayHoldUtf16Latin(bytes: Uint8Array): boolean {
  let run = 0;
  // The last byte pairs with a NUL past the end: big-endian UTF-16 read one byte on ends so.
  for (let i = 0; i < bytes.length; i += 1) {
    const low = bytes[i]!;
    const high = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const letter = (high === 0 && (((low | 0x20) >= 0x61 && (low | 0x20) <= 0x7a) || (low >= 0x30 && low <= 0x39) || low >= 0xc0)) || high === 1;
    if (letter) {
      run++;
      if (run >= 4) return true;
      i++;
    } else run = 0;
  }
  return false;
}

/** `bytes` with one NUL after them. */
function padded(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/**
 * Every known name or PatientID in `bytes` read as Latin-1, UTF-8 (when bytes ≥ 0x80 exist) and
 * UTF-16LE and BE (when letters alternate with NUL bytes, as in UTF-16 text of Latin names),
 * sorted by offset.
 */
export function findNamesInBytes(index: NameIndex, bytes: Uint8Array, options: FindOptions = {}): ByteHit[] {
  if (bytes.length === 0) return [];
  const hits: ByteHit[] = [];
  for (const reading of latinReadings(bytes)) {
    for (const span of findNames(index, reading, options)) {
      hits.push({ offset: span.start, length: span.end - span.start, patientId: span.patientId, encoding: 'latin-1' });
    }
  }
  if (hasHighBytes(bytes)) {
    for (const span of findNames(index, utf8.decode(bytes), options)) {
      const offset = utf8Offset(bytes, span.start);
      const end = utf8Offset(bytes, span.end);
      hits.push({ offset, length: end - offset, patientId: span.patientId, encoding: 'utf-8' });
    }
  }
  // Latin names in UTF-16 show as letter/NUL pairs; CJK, Cyrillic or Greek ones have no such
  // mark, so an index with such names has every value read as UTF-16. Big-endian UTF-16 of a
  // Latin-1 name is its little-endian UTF-16 one byte further on, which the odd alignment reads:
  // only wider names need the big-endian decoding.
  if (bytes.length >= 4 && (index.hasWide || mayHoldUtf16Latin(bytes))) {
    const decoders = index.hasWide ? UTF16_BOTH : UTF16_LE;
    for (const [decoder, encoding] of decoders) {
      for (const align of [0, 1]) {
        // An odd tail is read with a NUL after it: big-endian UTF-16 read as little-endian one
        // byte on ends with its last character's low byte, which would otherwise be lost.
        const rest = bytes.subarray(align);
        const text = decoder.decode(rest.length % 2 === 0 ? rest : padded(rest));
        for (const span of findNames(index, text, options)) {
          // Any two bytes read as UTF-16 are some ideograph: a short CJK match in binary is noise.
          if (span.end - span.start < MIN_UTF16_CJK && isAllCjk(text, span.start, span.end)) continue;
          const offset = align + 2 * span.start;
          const length = 2 * (span.end - span.start);
          // UTF-16LE text of a Latin name reads as the same name in BE one byte further on: one hit.
          if (encoding === 'utf-16be' && hits.some((h) => h.encoding === 'utf-16le' && h.patientId === span.patientId && h.offset < offset + length && offset < h.offset + h.length)) continue;
          hits.push({ offset, length, patientId: span.patientId, encoding });
        }
      }
    }
  }
  return hits.sort((a, b) => a.offset - b.offset);
}
