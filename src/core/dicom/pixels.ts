/**
 * Where the first frame of a file's pixels is, for a person to look at (text drawn into the image
 * is invisible to any byte search): uncompressed 8/16-bit MONOCHROME1/2 and 8-bit RGB as raw
 * samples with what it takes to draw them, JPEG baseline as the bytes of its first frame (a
 * browser decodes them). Anything else has no preview. Nothing is decoded here.
 */
import type { DicomElement, DicomFile } from './model.ts';

export const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';

const UNCOMPRESSED = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2', '1.2.840.10008.1.2.1.99']);

/** Largest frame handed out: a thumbnail needs no more, and a value's length is not trusted. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export interface RawFrame {
  kind: 'raw';
  rows: number;
  columns: number;
  bitsAllocated: 8 | 16;
  /** 1: two's complement samples. */
  pixelRepresentation: number;
  photometric: 'MONOCHROME1' | 'MONOCHROME2' | 'RGB';
  samplesPerPixel: 1 | 3;
  /** 1: RRR…GGG…BBB… instead of RGBRGB… */
  planarConfiguration: number;
  littleEndian: boolean;
  /** The frame's bytes in `file.datasetSource`. */
  offset: number;
  length: number;
}

export interface JpegFrame {
  kind: 'jpeg';
  rows: number;
  columns: number;
  /** The fragments of the first frame, in order, in `file.datasetSource`. */
  ranges: { offset: number; length: number }[];
}

export type FramePreview = RawFrame | JpegFrame | { kind: 'none'; reason: string };

function unsigned16(file: DicomFile, tag: number): number | undefined {
  const element = file.get(tag);
  if (element === undefined || element.isSequence || element.isBulk || element.valueLength < 2) return undefined;
  const bytes = element.value();
  return file.encoding.littleEndian ? bytes[0]! | (bytes[1]! << 8) : (bytes[0]! << 8) | bytes[1]!;
}

function text(file: DicomFile, tag: number): string {
  const element = file.get(tag);
  if (element === undefined || element.isSequence || element.isBulk || element.valueLength > 64) return '';
  return new TextDecoder('latin1').decode(element.value()).replace(/[\0 ]+$/, '').trim();
}

const ITEM = 0xfffee000;

/** The fragments of the first frame: after the offset table, up to the one that ends the JPEG stream. */
function firstFrameFragments(file: DicomFile, pixels: DicomElement): { offset: number; length: number }[] | undefined {
  const source = file.datasetSource;
  const ranges: { offset: number; length: number }[] = [];
  let pos = pixels.valueOffset;
  let total = 0;
  for (let index = 0; pos + 8 <= pixels.end; index += 1) {
    const head = source.read(pos, 8);
    // Encapsulated data is always little endian (PS3.5 §A.4).
    const tag = ((head[0]! | (head[1]! << 8)) * 0x10000 + (head[2]! | (head[3]! << 8))) >>> 0;
    const length = (head[4]! | (head[5]! << 8) | (head[6]! << 16) | (head[7]! << 24)) >>> 0;
    if (tag !== ITEM) return ranges.length > 0 ? ranges : undefined;
    const start = pos + 8;
    if (start + length > pixels.end) return undefined;
    pos = start + length;
    if (index === 0) continue; // the Basic Offset Table
    total += length;
    if (total > MAX_FRAME_BYTES) return undefined;
    ranges.push({ offset: start, length });
    const tail = source.read(Math.max(start, start + length - 3), Math.min(3, length));
    const last = tail[tail.length - 1] === 0 ? tail.slice(0, -1) : tail;
    if (last.length >= 2 && last[last.length - 2] === 0xff && last[last.length - 1] === 0xd9) return ranges;
  }
  return ranges.length > 0 ? ranges : undefined;
}

/** Where the first frame of `file` is and how to draw it, or why there is no preview. */
export function firstFramePreview(file: DicomFile): FramePreview {
  const pixels = file.get(0x7fe00010);
  const rows = unsigned16(file, 0x00280010) ?? 0;
  const columns = unsigned16(file, 0x00280011) ?? 0;
  if (pixels === undefined || rows === 0 || columns === 0) return { kind: 'none', reason: 'no image' };
  const syntax = file.transferSyntaxUid;
  if (syntax === JPEG_BASELINE && pixels.isEncapsulated) {
    const ranges = firstFrameFragments(file, pixels);
    return ranges === undefined ? { kind: 'none', reason: 'unreadable fragments' } : { kind: 'jpeg', rows, columns, ranges };
  }
  if (!UNCOMPRESSED.has(syntax) || pixels.isEncapsulated) return { kind: 'none', reason: 'compressed in a form the page cannot draw' };
  const photometric = text(file, 0x00280004);
  const bitsAllocated = unsigned16(file, 0x00280100);
  const samplesPerPixel = unsigned16(file, 0x00280002) ?? 1;
  const monochrome = (photometric === 'MONOCHROME1' || photometric === 'MONOCHROME2') && samplesPerPixel === 1 && (bitsAllocated === 8 || bitsAllocated === 16);
  const rgb = photometric === 'RGB' && samplesPerPixel === 3 && bitsAllocated === 8;
  if (!monochrome && !rgb) return { kind: 'none', reason: `${photometric || 'unknown'} ${bitsAllocated ?? '?'}-bit` };
  const length = rows * columns * samplesPerPixel * ((bitsAllocated ?? 8) / 8);
  if (length > MAX_FRAME_BYTES || length > pixels.valueLength) return { kind: 'none', reason: 'frame larger than its pixel data' };
  return {
    kind: 'raw',
    rows,
    columns,
    bitsAllocated: bitsAllocated as 8 | 16,
    pixelRepresentation: unsigned16(file, 0x00280103) ?? 0,
    photometric: photometric as RawFrame['photometric'],
    samplesPerPixel: samplesPerPixel as 1 | 3,
    planarConfiguration: unsigned16(file, 0x00280006) ?? 0,
    littleEndian: file.encoding.littleEndian,
    offset: pixels.valueOffset,
    length,
  };
}
