/**
 * Encoding of the few bytes the writer creates: element headers, length fields and padded values
 * (PS3.5 §7.1). Everything else in an output file is copied from its source.
 */
import { InternalError } from '../errors.ts';
import { formatTag } from './dictionary.ts';
import type { Encoding } from './transfer-syntax.ts';
import { hasLongLength, paddingByte } from './vr.ts';

/** A value padded to even length with its VR's padding byte (PS3.5 §6.2: space for text, NUL for UI). */
export function padValue(value: Uint8Array, vr: string): Uint8Array {
  if (value.length % 2 === 0) return value;
  const padded = new Uint8Array(value.length + 1);
  padded.set(value);
  padded[value.length] = paddingByte(vr);
  return padded;
}

/** An unsigned integer of `size` bytes (2 or 4) in the given byte order. */
export function encodeUint(value: number, size: number, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  if (size === 2) view.setUint16(0, value, littleEndian);
  else view.setUint32(0, value, littleEndian);
  return bytes;
}

/** Checks that a value length fits a length field of `size` bytes. */
export function checkFits(length: number, size: number, tag: number): void {
  const max = size === 2 ? 0xffff : 0xfffffffe;
  if (length > max) throw new InternalError('E_VALUE_TOO_LONG', `a value of ${length} bytes does not fit the length field of ${formatTag(tag)} (max ${max})`);
}

/** A whole element: header in `encoding`, then `value` padded to even length. */
export function encodeElement(tag: number, vr: string, value: Uint8Array, encoding: Encoding): Uint8Array {
  const padded = padValue(value, vr);
  const le = encoding.littleEndian;
  const longLength = !encoding.explicitVr || hasLongLength(vr);
  const headerLength = encoding.explicitVr ? (longLength ? 12 : 8) : 8;
  checkFits(padded.length, longLength ? 4 : 2, tag);
  const bytes = new Uint8Array(headerLength + padded.length);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, tag >>> 16, le);
  view.setUint16(2, tag & 0xffff, le);
  if (!encoding.explicitVr) view.setUint32(4, padded.length, le);
  else {
    bytes[4] = vr.charCodeAt(0);
    bytes[5] = vr.charCodeAt(1);
    if (longLength) view.setUint32(8, padded.length, le);
    else view.setUint16(6, padded.length, le);
  }
  bytes.set(padded, headerLength);
  return bytes;
}
