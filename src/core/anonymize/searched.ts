/**
 * Which elements are searched, and how (CONTRACT.md, "Searched"): text VRs in their character
 * set, private and UN values that read as text, other values as raw bytes; never numbers, dates,
 * UIDs, nor the bulk data that is copied verbatim.
 */
import type { DicomElement, DicomFile } from '../dicom/model.ts';
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

/** Bulk data by the contract: PixelData, Float/Double Pixel Data, OverlayData, WaveformData, EncapsulatedDocument. */
export function isBulkData(tag: number): boolean {
  const unsigned = tag >>> 0;
  if (unsigned === PIXEL_DATA || unsigned === FLOAT_PIXEL_DATA || unsigned === DOUBLE_FLOAT_PIXEL_DATA) return true;
  if (unsigned === WAVEFORM_DATA || unsigned === ENCAPSULATED_DOCUMENT) return true;
  // OverlayData (60xx,3000), even groups 6000–601E.
  const group = unsigned >>> 16;
  return (unsigned & 0xffff) === 0x3000 && group >= 0x6000 && group <= 0x601e && group % 2 === 0;
}

export function isPrivateTag(tag: number): boolean {
  return ((tag >>> 16) & 1) === 1;
}

/**
 * Whether a value is a number, date or UID by its VR, hence never searched. A private element's
 * VR in an implicit-VR file is the vendor dictionary's word, not the file's: its value is
 * searched as any private value is, whatever that VR says.
 */
export function isUnsearchedVr(element: DicomElement): boolean {
  return UNSEARCHED_VRS.has(element.vr) && !(element.encodedVr === undefined && isPrivateTag(element.tag));
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

/** The mode for an element (not a sequence): by VR, then by content for UN and private binary. */
export function searchMode(element: DicomElement): SearchMode {
  if (element.isSequence || element.isEncapsulated || isBulkData(element.tag)) return 'none';
  if ((element.tag & 0xffff) === 0 && !isPrivateTag(element.tag)) return 'none'; // group lengths
  if (TEXT_VRS.has(element.vr)) return 'text';
  if (isUnsearchedVr(element)) return 'none';
  return 'bytes';
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
