/**
 * A small, test-only DICOM encoder, written apart from the codec so tests do not check the codec
 * with itself. It builds data sets field by field (PS3.5 §7) in any of the three encodings.
 */

/** One element to encode: a value, or items (a sequence), or fragments (encapsulated data). */
export interface BuildElement {
  tag: number;
  vr: string;
  value?: Uint8Array;
  items?: BuildElement[][];
  fragments?: Uint8Array[];
  /** Sequence (and its items) with undefined length and delimiters. */
  undefinedLength?: boolean;
}

export interface BuildEncoding {
  explicitVr: boolean;
  littleEndian: boolean;
}

const LONG = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

export const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function tagBytes(tag: number, le: boolean): Uint8Array {
  const bytes = new Uint8Array(4);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, tag >>> 16, le);
  view.setUint16(2, tag & 0xffff, le);
  return bytes;
}

function u32(value: number, le: boolean): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, le);
  return bytes;
}

function u16(value: number, le: boolean): Uint8Array {
  const bytes = new Uint8Array(2);
  new DataView(bytes.buffer).setUint16(0, value, le);
  return bytes;
}

function header(tag: number, vr: string, length: number, enc: BuildEncoding): Uint8Array {
  if (!enc.explicitVr) return concat([tagBytes(tag, enc.littleEndian), u32(length, enc.littleEndian)]);
  const vrBytes = ascii(vr);
  if (LONG.has(vr)) return concat([tagBytes(tag, enc.littleEndian), vrBytes, new Uint8Array(2), u32(length, enc.littleEndian)]);
  return concat([tagBytes(tag, enc.littleEndian), vrBytes, u16(length, enc.littleEndian)]);
}

const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;

function marker(tag: number, length: number, le: boolean): Uint8Array {
  return concat([tagBytes(tag, le), u32(length, le)]);
}

/** Encodes elements in the given order (callers sort them when order matters). */
export function encodeDataset(elements: BuildElement[], enc: BuildEncoding): Uint8Array {
  return concat(elements.map((element) => encodeElement(element, enc)));
}

/** Recursion is fine here: tests build shallow trees, except {@link deepSequence}. */
export function encodeElement(element: BuildElement, enc: BuildEncoding): Uint8Array {
  const le = enc.littleEndian;
  if (element.items) {
    const items = element.items.map((item) => {
      const body = encodeDataset(item, enc);
      return element.undefinedLength ? concat([marker(ITEM, 0xffffffff, le), body, marker(ITEM_END, 0, le)]) : concat([marker(ITEM, body.length, le), body]);
    });
    const body = concat(items);
    if (element.undefinedLength) return concat([header(element.tag, 'SQ', 0xffffffff, enc), body, marker(SEQUENCE_END, 0, le)]);
    return concat([header(element.tag, 'SQ', body.length, enc), body]);
  }
  if (element.fragments) {
    const fragments = element.fragments.map((fragment) => concat([marker(ITEM, fragment.length, le), fragment]));
    return concat([header(element.tag, element.vr, 0xffffffff, enc), ...fragments, marker(SEQUENCE_END, 0, le)]);
  }
  const value = element.value ?? new Uint8Array(0);
  return concat([header(element.tag, element.vr, value.length, enc), value]);
}

/** A Part 10 file: preamble, `DICM`, a meta group with its group length, then the data set. */
export function part10(transferSyntaxUid: string, dataset: Uint8Array, preamble = true): Uint8Array {
  const le = { explicitVr: true, littleEndian: true };
  const uid = (text: string) => ascii(text.length % 2 ? `${text}\0` : text);
  const metaBody = encodeDataset(
    [
      { tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
      { tag: 0x00020002, vr: 'UI', value: uid('1.2.840.10008.5.1.4.1.1.7') },
      { tag: 0x00020003, vr: 'UI', value: uid('1.2.3.4') },
      { tag: 0x00020010, vr: 'UI', value: uid(transferSyntaxUid) },
    ],
    le,
  );
  const groupLength = encodeElement({ tag: 0x00020000, vr: 'UL', value: u32(metaBody.length, true) }, le);
  return concat([preamble ? new Uint8Array(128) : new Uint8Array(0), preamble ? ascii('DICM') : new Uint8Array(0), groupLength, metaBody, dataset]);
}

/** A sequence nested `depth` times, innermost holding PatientName; built without recursion. */
export function deepSequence(depth: number, enc: BuildEncoding): Uint8Array {
  const le = enc.littleEndian;
  const open = concat([header(0x00400275, 'SQ', 0xffffffff, enc), marker(ITEM, 0xffffffff, le)]);
  const close = concat([marker(ITEM_END, 0, le), marker(SEQUENCE_END, 0, le)]);
  const leaf = encodeElement({ tag: 0x00100010, vr: 'PN', value: ascii('Deep^Name') }, enc);
  const out = new Uint8Array(depth * (open.length + close.length) + leaf.length);
  for (let i = 0; i < depth; i++) out.set(open, i * open.length);
  out.set(leaf, depth * open.length);
  for (let i = 0; i < depth; i++) out.set(close, depth * open.length + leaf.length + i * close.length);
  return out;
}

export { concat, u16, u32 };
