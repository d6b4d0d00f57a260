/**
 * A small DICOM writer for the synthetic dataset, deliberately independent of dicomveil's codec
 * so tests never check the codec against itself: explicit and implicit VR little endian, defined
 * and undefined lengths, nested sequences, private blocks, ISO_IR 100 and ISO_IR 192 text.
 */

export type Vr = 'AE' | 'AS' | 'CS' | 'DA' | 'DS' | 'IS' | 'LO' | 'LT' | 'PN' | 'SH' | 'ST' | 'TM' | 'UI' | 'UL' | 'US' | 'OB' | 'OW' | 'SQ' | 'UN' | 'UT';

/** One element: text for string VRs, numbers for US/UL, bytes for OB/OW/UN, items for SQ. */
export type Element =
  | { tag: number; vr: Exclude<Vr, 'US' | 'UL' | 'OB' | 'OW' | 'UN' | 'SQ'>; value: string }
  | { tag: number; vr: 'US' | 'UL'; value: number | number[] }
  | { tag: number; vr: 'OB' | 'OW' | 'UN'; value: Uint8Array }
  | { tag: number; vr: 'SQ'; value: Element[][] };

export type Charset = 'ISO_IR 100' | 'ISO_IR 192';

export interface EncodeOptions {
  implicit: boolean;
  charset: Charset;
  /** Sequences and items with undefined length (delimited), as many modalities write them. */
  undefinedLengths: boolean;
}

export const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';
export const IMPLICIT_VR_LE = '1.2.840.10008.1.2';

const LONG_VRS = new Set<Vr>(['OB', 'OW', 'SQ', 'UN', 'UT']);
const TEXT_VRS = new Set<Vr>(['AE', 'AS', 'CS', 'DA', 'DS', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UT']);
const UNDEFINED = 0xffffffff;

/** Text as bytes in a charset: Latin-1 for ISO_IR 100, UTF-8 for ISO_IR 192. */
export function encodeText(text: string, charset: Charset): Uint8Array {
  if (charset === 'ISO_IR 192') return new TextEncoder().encode(text);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new RangeError(`"${text}" is not Latin-1`);
    out[i] = code;
  }
  return out;
}

function valueBytes(element: Element, charset: Charset): Uint8Array {
  switch (element.vr) {
    case 'US':
    case 'UL': {
      const values = Array.isArray(element.value) ? element.value : [element.value];
      const size = element.vr === 'US' ? 2 : 4;
      const out = new Uint8Array(values.length * size);
      const view = new DataView(out.buffer);
      values.forEach((v, i) => {
        if (size === 2) view.setUint16(i * 2, v, true);
        else view.setUint32(i * 4, v, true);
      });
      return out;
    }
    case 'OB':
    case 'OW':
    case 'UN':
      return element.value.length % 2 === 0 ? element.value : concat([element.value, new Uint8Array(1)]);
    case 'SQ':
      throw new TypeError('sequences are encoded by encodeElements');
    default: {
      // Only text VRs whose value may hold non-ASCII text use the charset; the rest is ASCII.
      const bytes = TEXT_VRS.has(element.vr) ? encodeText(element.value, charset) : new TextEncoder().encode(element.value);
      if (bytes.length % 2 === 0) return bytes;
      return concat([bytes, Uint8Array.of(element.vr === 'UI' ? 0 : 0x20)]);
    }
  }
}

function header(tag: number, vr: Vr, length: number, implicit: boolean): Uint8Array {
  const long = implicit || LONG_VRS.has(vr);
  const out = new Uint8Array(implicit ? 8 : long ? 12 : 8);
  const view = new DataView(out.buffer);
  view.setUint16(0, tag >>> 16, true);
  view.setUint16(2, tag & 0xffff, true);
  if (implicit) {
    view.setUint32(4, length, true);
    return out;
  }
  out[4] = vr.charCodeAt(0);
  out[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, length, true);
  else view.setUint16(6, length, true);
  return out;
}

function delimiter(tag: number, length: number): Uint8Array {
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0xfffe, true);
  view.setUint16(2, tag & 0xffff, true);
  view.setUint32(4, length, true);
  return out;
}

/** Encodes elements (sorted by tag, as the standard requires) into chunks. */
export function encodeElements(elements: readonly Element[], options: EncodeOptions): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (const element of [...elements].sort((a, b) => a.tag - b.tag)) {
    if (element.vr !== 'SQ') {
      const value = valueBytes(element, options.charset);
      if (!options.implicit && !LONG_VRS.has(element.vr) && value.length > 0xffff) throw new RangeError('value too long for a short VR');
      chunks.push(header(element.tag, element.vr, value.length, options.implicit), value);
      continue;
    }
    const items = element.value.map((item) => {
      const body = concat(encodeElements(item, options));
      return options.undefinedLengths ? concat([delimiter(0xe000, UNDEFINED), body, delimiter(0xe00d, 0)]) : concat([delimiter(0xe000, body.length), body]);
    });
    const content = concat(items);
    if (options.undefinedLengths) chunks.push(header(element.tag, 'SQ', UNDEFINED, options.implicit), content, delimiter(0xe0dd, 0));
    else chunks.push(header(element.tag, 'SQ', content.length, options.implicit), content);
  }
  return chunks;
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const chunk of chunks) size += chunk.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export interface FileMeta {
  sopClassUid: string;
  sopInstanceUid: string;
  transferSyntaxUid: string;
}

/**
 * A whole Part 10 file: 128-byte preamble, `DICM`, the meta group (explicit VR LE, with its
 * group length), then the dataset in the meta's transfer syntax.
 */
export function dicomFile(meta: FileMeta, dataset: readonly Element[], options: EncodeOptions): Uint8Array {
  const metaElements: Element[] = [
    { tag: 0x00020001, vr: 'OB', value: Uint8Array.of(0, 1) },
    { tag: 0x00020002, vr: 'UI', value: meta.sopClassUid },
    { tag: 0x00020003, vr: 'UI', value: meta.sopInstanceUid },
    { tag: 0x00020010, vr: 'UI', value: meta.transferSyntaxUid },
    { tag: 0x00020012, vr: 'UI', value: '1.2.826.0.1.3680043.10.1234.1' },
    { tag: 0x00020013, vr: 'SH', value: 'DICOMVEIL_SYNTH' },
  ];
  const metaOptions: EncodeOptions = { implicit: false, charset: 'ISO_IR 100', undefinedLengths: false };
  const metaBody = concat(encodeElements(metaElements, metaOptions));
  const groupLength = concat(encodeElements([{ tag: 0x00020000, vr: 'UL', value: metaBody.length }], metaOptions));
  const prefix = new Uint8Array(132);
  prefix.set([0x44, 0x49, 0x43, 0x4d], 128);
  return concat([prefix, groupLength, metaBody, ...encodeElements(dataset, options)]);
}
