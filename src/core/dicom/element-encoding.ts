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

const ITEM_TAG = 0xfffee000;

/** An element of a new item: a value, or (a nested sequence) items. */
interface NewItemElement {
  readonly tag: number;
  readonly vr: string;
  readonly value: Uint8Array;
  readonly items?: readonly (readonly NewItemElement[])[];
}

/**
 * A whole defined-length sequence of `items` (PS3.5 §7.5.1), each item's elements sorted by tag
 * and encoded in `encoding` like any inserted element.
 */
export function encodeSequence(tag: number, items: readonly (readonly NewItemElement[])[], encoding: Encoding): Uint8Array {
  const le = encoding.littleEndian;
  const encodedItems = items.map((elements) => {
    const parts = [...elements]
      .sort((a, b) => (a.tag >>> 0) - (b.tag >>> 0))
      .map((element) => (element.items !== undefined ? encodeSequence(element.tag, element.items, encoding) : encodeElement(element.tag, element.vr, element.value, encoding)));
    return concat([tagAndLength(ITEM_TAG, parts.reduce((sum, part) => sum + part.length, 0), le), ...parts]);
  });
  const body = concat(encodedItems);
  checkFits(body.length, 4, tag);
  if (!encoding.explicitVr) return concat([tagAndLength(tag, body.length, le), body]);
  const header = new Uint8Array(12);
  const view = new DataView(header.buffer);
  view.setUint16(0, tag >>> 16, le);
  view.setUint16(2, tag & 0xffff, le);
  header[4] = 0x53; // S
  header[5] = 0x51; // Q
  view.setUint32(8, body.length, le);
  return concat([header, body]);
}

function tagAndLength(tag: number, length: number, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, tag >>> 16, littleEndian);
  view.setUint16(2, tag & 0xffff, littleEndian);
  view.setUint32(4, length, littleEndian);
  return bytes;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
