/**
 * Which elements are searched, and how (CONTRACT.md, "Searched"): text VRs in their character
 * set; private, UN and misfit values that read as text, other values as raw bytes; never the
 * numbers, dates and UIDs of standard elements, nor the bulk data that is copied verbatim.
 */
import { dictionaryVrs } from '../dicom/dictionary.ts';
import type { DicomElement, DicomFile } from '../dicom/model.ts';
import { isValidDateValue } from '../dicom/vr.ts';
import type { ByteSource } from '../dicom/source.ts';

/** Text VRs searched in the element's character set. */
export const TEXT_VRS: ReadonlySet<string> = new Set(['AE', 'CS', 'LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UR', 'UT']);
/**
 * Numbers, dates, times, UIDs: never searched (a PatientID inside a UID is not a name). Binary
 * numbers (US, FL…) are numbers too: read as text they are noise, where a 4-letter name turns up
 * by chance. Byte blobs (OB, OW, UN) are searched.
 */
export const UNSEARCHED_VRS: ReadonlySet<string> = new Set([
  'AS', 'DA', 'DS', 'DT', 'IS', 'TM', 'UI',
  'AT', 'FD', 'FL', 'OD', 'OF', 'OL', 'OV', 'SL', 'SS', 'SV', 'UL', 'US', 'UV',
]);

const PIXEL_DATA = 0x7fe00010;
const FLOAT_PIXEL_DATA = 0x7fe00008;
const DOUBLE_FLOAT_PIXEL_DATA = 0x7fe00009;
const WAVEFORM_DATA = 0x54001010;
const ENCAPSULATED_DOCUMENT = 0x00420011;
const ICON_IMAGE_SEQUENCE = 0x00880200;
const WAVEFORM_SEQUENCE = 0x54000100;

/** The tags of bulk data: PixelData, Float/Double Pixel Data, OverlayData, WaveformData, EncapsulatedDocument. */
export function isBulkData(tag: number): boolean {
  const unsigned = tag >>> 0;
  if (unsigned === PIXEL_DATA || unsigned === FLOAT_PIXEL_DATA || unsigned === DOUBLE_FLOAT_PIXEL_DATA) return true;
  if (unsigned === WAVEFORM_DATA || unsigned === ENCAPSULATED_DOCUMENT) return true;
  // OverlayData (60xx,3000), even groups 6000–601E.
  const group = unsigned >>> 16;
  return (unsigned & 0xffff) === 0x3000 && group >= 0x6000 && group <= 0x601e && group % 2 === 0;
}

/** The tags of a path such as `(0088,0200)[0].(7FE0,0010)`, outermost first. */
function pathTags(path: string): number[] {
  const tags: number[] = [];
  for (const match of path.matchAll(/\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\)/g)) tags.push(Number.parseInt(match[1]! + match[2]!, 16) >>> 0);
  return tags;
}

/**
 * The one notion of bulk data (CONTRACT.md "Searched"): a bulk tag at its standard place — top
 * level; PixelData also in Icon Image Sequence items, WaveformData in Waveform Sequence items.
 * Never text-searched, copied verbatim, compared with the source after writing. The same tags
 * elsewhere (inside a private sequence, say) are binary data like any other: searched. This is
 * not the codec's `isBulk`, which only says that a value is large and read lazily.
 */
export function isBulkDataAt(element: DicomElement): boolean {
  if (!isBulkData(element.tag)) return false;
  if (element.depth === 0) return true;
  if (element.depth !== 1) return false;
  const tag = element.tag >>> 0;
  const parent = pathTags(element.path)[0];
  return (tag === PIXEL_DATA && parent === ICON_IMAGE_SEQUENCE) || (tag === WAVEFORM_DATA && parent === WAVEFORM_SEQUENCE);
}

/**
 * Private data, which means nothing to other readers and may be removed when it holds a name: a
 * private element, or any element inside a private sequence.
 */
export function isPrivateData(element: DicomElement): boolean {
  if (isPrivateTag(element.tag)) return true;
  return element.depth > 0 && pathTags(element.path).some(isPrivateTag);
}

export function isPrivateTag(tag: number): boolean {
  return ((tag >>> 16) & 1) === 1;
}

// Bytes each string VR of numbers, dates and UIDs may hold (PS3.5 6.2), besides space, NUL
// padding and the backslash between values. A value with any other byte is text stored there.
const VALID_BYTES: Readonly<Record<string, string>> = {
  AS: '0123456789DWMY',
  DA: '0123456789-.',
  DS: '0123456789+-.eE',
  DT: '0123456789+-.',
  IS: '0123456789+-',
  TM: '0123456789.:-',
  UI: '0123456789.',
};
const validTables = new Map<string, Uint8Array>(
  Object.entries(VALID_BYTES).map(([vr, chars]) => {
    const table = new Uint8Array(256);
    for (const ch of `${chars} \\\0`) table[ch.charCodeAt(0)] = 1;
    return [vr, table];
  }),
);

/** Whether every byte of a string value of numbers, dates or UIDs is one its VR allows. */
function holdsOnlyItsVr(element: DicomElement): boolean {
  const table = validTables.get(element.vr);
  if (table === undefined) return isNumberAttribute(element.tag); // binary numbers: any bytes are some number
  if (element.isBulk) return false;
  // Read in place when the parser's element says where from: this runs for every date and UID of
  // every file, and a copy of each would be garbage to collect.
  const source = (element as { source?: ByteSource }).source;
  const value = source === undefined ? element.value() : source.read(element.valueOffset, element.valueLength);
  for (let i = 0; i < value.length; i++) if (table[value[i]!] !== 1) return false;
  return element.vr !== 'DA' || isValidDateValue(value);
}

/**
 * Whether the dictionary lets an attribute hold numbers (or does not know it): only then is a
 * binary VR trusted. A text attribute stored as US or FL (a broken exporter) is searched: its
 * bytes are the text a reader by keyword shows, and a name there makes the file a residue.
 */
function isNumberAttribute(tag: number): boolean {
  const allowed = dictionaryVrs(tag);
  return allowed === undefined || allowed.some((vr) => UNSEARCHED_VRS.has(vr));
}

/**
 * Whether a value is a number, date or UID by its VR, hence never searched. Not so for a private
 * element, whatever VR it declares (a private US or DS element can hold text), nor for a standard
 * element stored as UN, nor for a string value whose bytes are not a valid value of its VR (text
 * in a DS or DA element is text).
 */
export function isUnsearchedVr(element: DicomElement): boolean {
  if (!UNSEARCHED_VRS.has(element.vr) || isPrivateTag(element.tag) || element.encodedVr === 'UN') return false;
  return holdsOnlyItsVr(element);
}

/** How an element is searched. */
export type SearchMode = 'text' | 'bytes' | 'none';

/** Bytes that a text value may hold besides printable ones: TAB LF FF CR ESC (ISO 2022). */
function isTextControl(byte: number): boolean {
  return byte === 0x09 || byte === 0x0a || byte === 0x0c || byte === 0x0d || byte === 0x1b;
}

/** Whether a value of unknown type reads as text: no control bytes but text ones, NUL padding at most. */
export function looksLikeText(value: Uint8Array): boolean {
  let end = value.length;
  while (end > 0 && (value[end - 1] === 0 || value[end - 1] === 0x20)) end--;
  if (end === 0) return false;
  for (let i = 0; i < end; i++) {
    const byte = value[i]!;
    if (byte < 0x20 && !isTextControl(byte)) return false;
    if (byte === 0x7f) return false;
  }
  return true;
}

/** The mode for an element (not a sequence): by VR, then by content for UN, private and misfit values. */
export function searchMode(element: DicomElement): SearchMode {
  if (element.isSequence || isBulkDataAt(element)) return 'none';
  // Pixel data or a document nested where no standard puts it: binary data, searched.
  if (element.isEncapsulated) return 'bytes';
  if ((element.tag & 0xffff) === 0 && !isPrivateTag(element.tag)) return 'none'; // group lengths
  if (TEXT_VRS.has(element.vr)) return 'text';
  if (isUnsearchedVr(element)) return 'none';
  return 'bytes';
}

/** The VR a value that is not declared as text is decoded with when it reads as text: long text in the file's charset. */
export const TEXT_READING_VR = 'UT';

/**
 * Whether an element's value (its bytes given) is searched and edited as text: a text VR, or a
 * value that reads as text in a private element, a UN one, or a string VR of numbers, dates or
 * UIDs. A standard binary value (an ICC profile in OB) stays binary: a name there is a residue.
 */
export function readsAsText(element: DicomElement, value: Uint8Array): boolean {
  const mode = searchMode(element);
  if (mode !== 'bytes') return mode === 'text';
  // Pixel data or a document away from its standard place is binary data, whatever it reads as.
  if (element.isEncapsulated || isBulkData(element.tag)) return false;
  const textual = element.vr === 'UN' || validTables.has(element.vr) || isPrivateData(element);
  return textual && looksLikeText(value);
}

/** The stream an element's offsets refer to: the file, or its inflated data set. */
export function streamOf(file: DicomFile, element: DicomElement): ByteSource {
  if (element.inMeta || !file.deflated) return file.source;
  const inflated = (file as { datasetSource?: ByteSource }).datasetSource;
  return inflated ?? file.source;
}

/** Plain ASCII without ESC: every charset, Latin-1 and UTF-8 read it as the same text. */
export function isPlainAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte >= 0x80 || byte === 0x1b) return false;
  }
  return true;
}
