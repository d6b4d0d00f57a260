/**
 * The second opinion on one written DICOM file: every element of any VR at any depth, the file
 * meta group and the preamble, each value in every plausible reading (decode.ts), deflated data
 * sets inflated, and compressed values inflated too (inflated.ts). Not searched: bulk data at its
 * standard places (copied verbatim, compared byte for byte elsewhere), and numbers, dates and UIDs
 * of standard elements whose bytes are a valid value of their VR. A file that does not parse is
 * searched whole, in windows.
 */
import { dictionaryVrs } from '../dicom/dictionary.ts';
import type { DicomElement, DicomFile } from '../dicom/model.ts';
import { type ParseOptions, parseDicom } from '../dicom/reader.ts';
import { type ByteSource, bytesSource } from '../dicom/source.ts';
import { isValidDateValue } from '../dicom/vr.ts';
import { DicomParseError } from '../errors.ts';
import { foldString } from '../text/fold.ts';
import { byteOffsetOf, readings } from './decode.ts';
import {
  compressedStarts,
  fileInflateBudget,
  givesFewerThan,
  type InflateBudget,
  inflateWindows,
  MAX_INFLATED_PER_FILE,
  MAX_INFLATED_PER_VALUE,
  nameBytesFor,
  paddedGzipMembers,
} from './inflated.ts';
import { searchText } from './match.ts';
import type { Needles } from './needles.ts';

// Bound once: the TypeScript loader reads an import through a getter at every use.
const readingsOf = readings;
const searchIn = searchText;
const offsetOf = byteOffsetOf;

/**
 * One place where a known patient's name or PatientID was found, or that could not be searched
 * whole (then no patient: a value inflating past the caps); never the name itself.
 */
export interface VerifyFinding {
  readonly patientId?: string;
  /** A tag path (`(0008,1115)[0].(0010,0010)`), `preamble`, `path`, or `bytes` (a file that does not parse). */
  readonly place: string;
  /** Byte offset of the value or window (in the inflated data set when deflated). */
  readonly offset?: number;
  /** How the bytes were read (`path` for a path). */
  readonly reading: string;
  readonly message: string;
}

export interface SecondOpinionOptions {
  /** The pseudonym id of the patient whose file this is: its given names are searched alone too. */
  readonly ownId?: string | undefined;
  readonly parse?: ParseOptions;
  /** Long values and unparsable files are read this many bytes at a time (windows overlap). */
  readonly window?: number;
  /** More values written on purpose in this file (a keyed hash): never findings. */
  readonly protect?: readonly string[];
}

const PIXEL_DATA = 0x7fe00010;
const FLOAT_PIXEL_DATA = 0x7fe00008;
const DOUBLE_FLOAT_PIXEL_DATA = 0x7fe00009;
const WAVEFORM_DATA = 0x54001010;
const ENCAPSULATED_DOCUMENT = 0x00420011;
const ICON_IMAGE_SEQUENCE = 0x00880200;
const WAVEFORM_SEQUENCE = 0x54000100;

/** Values up to this size are read whole; longer ones in windows. */
const DEFAULT_WINDOW = 1 << 20;

/** Numbers, dates, times and UIDs as text: the bytes their values may hold (space and NUL pad). */
const VALID_BYTES: Readonly<Record<string, Uint8Array>> = Object.fromEntries(
  Object.entries({
    AS: '0123456789DWMY',
    DA: '0123456789.-',
    DS: '0123456789+-.eE',
    DT: '0123456789+-.',
    IS: '0123456789+-',
    TM: '0123456789.:-',
    UI: '0123456789.',
  }).map(([vr, chars]) => {
    const table = new Uint8Array(256);
    for (const ch of `${chars}\\ \0`) table[ch.charCodeAt(0)] = 1;
    return [vr, table];
  }),
);

/** Binary numbers by the size of one value: any bytes are a valid value when the length fits. */
const BINARY_SIZE: Readonly<Record<string, number>> = {
  AT: 4, FL: 4, FD: 8, OD: 8, OF: 4, OL: 4, OV: 8, SL: 4, SS: 2, SV: 8, UL: 4, US: 2, UV: 8,
};

function isPrivate(tag: number): boolean {
  return ((tag >>> 16) & 1) === 1;
}

/** Bulk data at its standard places (CONTRACT.md, "Not text-searched"). */
function isStandardBulk(tag: number, parent: number | undefined): boolean {
  const unsigned = tag >>> 0;
  if (parent === undefined) {
    if (unsigned === PIXEL_DATA || unsigned === FLOAT_PIXEL_DATA || unsigned === DOUBLE_FLOAT_PIXEL_DATA) return true;
    if (unsigned === WAVEFORM_DATA || unsigned === ENCAPSULATED_DOCUMENT) return true;
    const group = unsigned >>> 16;
    return (unsigned & 0xffff) === 0x3000 && group >= 0x6000 && group <= 0x601e && group % 2 === 0;
  }
  if (parent === ICON_IMAGE_SEQUENCE) return unsigned === PIXEL_DATA;
  if (parent === WAVEFORM_SEQUENCE) return unsigned === WAVEFORM_DATA;
  return false;
}

/** Whether the dictionary gives the tag a binary or string number VR, or does not know it. */
function holdsNumbers(tag: number): boolean {
  const allowed = dictionaryVrs(tag);
  return allowed === undefined || allowed.some((vr) => BINARY_SIZE[vr] !== undefined || VALID_BYTES[vr] !== undefined);
}

/** Whether a standard element's value is a valid number, date or UID of its VR (then not searched). */
function isValidNumber(element: DicomElement): boolean {
  if (element.encodedVr === 'UN') return false;
  const vr = element.vr;
  if (vr === 'UN') return false;
  const size = BINARY_SIZE[vr];
  // A binary VR is trusted where the dictionary has numbers: a StudyDescription stored as US is text.
  if (size !== undefined) return element.valueLength % size === 0 && holdsNumbers(element.tag);
  const valid = VALID_BYTES[vr];
  if (valid === undefined || element.isBulk) return false;
  const bytes = element.value();
  for (let i = 0; i < bytes.length; i++) if (valid[bytes[i]!] !== 1) return false;
  return vr !== 'DA' || isValidDateValue(bytes);
}

interface Place {
  readonly element: DicomElement;
  readonly stream: ByteSource;
  /** The searched byte range in `stream`. */
  readonly start: number;
  readonly end: number;
  /** A private element or one inside a private sequence: a vendor's blob may be a raw deflate stream. */
  readonly privateData: boolean;
}

/** Every searched element value, in document order, with the stream its offsets refer to. */
function forEachPlace(file: DicomFile, visit: (place: Place) => void): void {
  const walk = (elements: readonly DicomElement[], parent: number | undefined, inPrivate: boolean) => {
    for (const element of elements) {
      if (element.isSequence) {
        const privateHere = inPrivate || isPrivate(element.tag);
        for (const item of element.items) walk(item, element.tag >>> 0, privateHere);
        continue;
      }
      if (!inPrivate && !element.inMeta && isStandardBulk(element.tag, parent)) continue;
      if (!inPrivate && !isPrivate(element.tag) && isValidNumber(element)) continue;
      // Encapsulated data outside its standard place: every byte up to the end, fragments and all.
      const end = element.isEncapsulated ? element.end : element.valueOffset + element.valueLength;
      if (end <= element.valueOffset) continue;
      const stream = element.inMeta || !file.deflated ? file.source : file.datasetSource;
      visit({ element, stream, start: element.valueOffset, end, privateData: inPrivate || isPrivate(element.tag) });
    }
  };
  walk(file.metaElements, undefined, false);
  walk(file.datasetElements, undefined, false);
}

/** Reads `[start, end)` of `source` in overlapping windows (a name across two windows is whole in one). */
function* windows(source: ByteSource, start: number, end: number, size: number, overlap: number): Generator<{ offset: number; bytes: Uint8Array }> {
  for (let offset = start; offset < end; offset += size - overlap) {
    const length = Math.min(size, end - offset);
    yield { offset, bytes: source.read(offset, length) };
    if (offset + length >= end) return;
  }
}

/** Longest byte run a name may take: every letter and separator as four UTF-8 bytes, generously. */
function overlapFor(needles: Needles): number {
  return Math.max(1024, 8 * (needles.maxLetters + 8 * 16) + 64);
}

function ownNumber(needles: Needles, ownId: string | undefined): number | undefined {
  if (ownId === undefined) return undefined;
  const at = needles.patients.findIndex((p) => p.id === ownId);
  return at < 0 ? undefined : at;
}

/** One hit: which patient, where (element or window), how read, and its byte offset when known. */
/** An element, or `preamble` / `bytes`. */
type Where = DicomElement | string;

interface Hit {
  readonly patientId: string;
  readonly place: Where;
  readonly reading: string;
  readonly offset: number | undefined;
}

class Collector {
  readonly hits: Hit[] = [];
  /** Elements whose compressed value went on past what was inflated, in document order. */
  readonly unread: DicomElement[] = [];
  private readonly seen = new Set<string>();
  private readonly placeNumbers = new Map<Where, number>();

  constructor(
    private readonly needles: Needles,
    private readonly own: number | undefined,
    private readonly protect: readonly string[],
  ) {}

  /**
   * Searches every reading of `bytes`, which start at byte `base` of their stream (undefined: bytes
   * inflated from a value, which `via` then names).
   */
  search(bytes: Uint8Array, base: number | undefined, charsets: readonly string[], vr: string, place: Where, via = ''): void {
    const before = this.hits.length;
    for (const decoded of readingsOf(this.needles, bytes, charsets, vr)) {
      // A legacy code page's reading is the last resort: a name another reading found needs no second hit.
      if (decoded.reading === 'code-page' && this.hits.length > before) break;
      for (const hit of searchIn(this.needles, decoded.text, this.own, this.protect)) {
        const patientId = this.needles.patients[hit.patient]!.id;
        const at = base === undefined ? undefined : offsetOf(decoded, bytes, hit.start);
        const offset = at === undefined || base === undefined ? undefined : base + at;
        let placeNumber = this.placeNumbers.get(place);
        if (placeNumber === undefined) {
          placeNumber = this.placeNumbers.size;
          this.placeNumbers.set(place, placeNumber);
        }
        const reading = `${via}${decoded.reading}`;
        const key = `${placeNumber}|${reading}|${patientId}|${offset}`;
        if (this.seen.has(key)) continue;
        this.seen.add(key);
        this.hits.push({ patientId, place, reading, offset });
      }
    }
  }

  /** One finding per element and patient, every reading that found it listed; then each element not read whole. */
  byPlace(describe: (place: Where) => { name: string; text: string; offset: number | undefined }): VerifyFinding[] {
    const unread = [...new Set(this.unread)].map((element): VerifyFinding => {
      const where = describe(element);
      const offset = where.offset === undefined ? {} : { offset: where.offset };
      return { place: where.name, reading: 'inflated', ...offset, message: `${where.text} inflates past ${CAPS_TEXT}, more than is searched: it cannot be shown to hold no name` };
    });
    const groups = new Map<Where, Map<string, Hit[]>>();
    for (const hit of this.hits) {
      const byPatient = groups.get(hit.place) ?? new Map<string, Hit[]>();
      byPatient.set(hit.patientId, [...(byPatient.get(hit.patientId) ?? []), hit]);
      groups.set(hit.place, byPatient);
    }
    const found = [...groups.values()].flatMap((byPatient) => [...byPatient.values()]).map((hits): VerifyFinding => {
      const { patientId } = hits[0]!;
      const where = describe(hits[0]!.place);
      const readingsFound = [...new Set(hits.map((h) => h.reading))].join(', ');
      const offset = where.offset;
      return { patientId, place: where.name, reading: readingsFound, ...(offset === undefined ? {} : { offset }), message: `${where.text} holds a name or PatientID of ${patientId} (${readingsFound})` };
    });
    return [...found, ...unread];
  }

  /** One finding per byte offset and patient (a file searched whole), every reading listed. */
  byOffset(): VerifyFinding[] {
    const groups = new Map<string, Hit[]>();
    for (const hit of this.hits) {
      const key = `${hit.offset ?? -1}|${hit.patientId}`;
      groups.set(key, [...(groups.get(key) ?? []), hit]);
    }
    return [...groups.values()]
      .map((hits) => {
        const { patientId, offset } = hits[0]!;
        const readingsFound = [...new Set(hits.map((h) => h.reading))].join(', ');
        const at = offset === undefined ? 'bytes' : `bytes at ${offset}`;
        return { patientId, place: 'bytes', reading: readingsFound, ...(offset === undefined ? {} : { offset }), message: `${at} hold a name or PatientID of ${patientId} (${readingsFound})` };
      })
      .sort((a, b) => (a.offset ?? -1) - (b.offset ?? -1));
  }
}

/** The second opinion on a file already parsed back from what was written. */
export function secondOpinionParsed(file: DicomFile, needles: Needles, options: SecondOpinionOptions = {}): VerifyFinding[] {
  const collector = collectorFor(needles, options);
  const size = options.window ?? DEFAULT_WINDOW;
  const overlap = Math.min(overlapFor(needles), size >> 1);
  const budget = fileInflateBudget();
  const sizes = { window: size, overlap, nameBytes: nameBytesFor(needles.minLetters) };
  if (file.hasPreamble) {
    collector.search(file.source.read(0, PREAMBLE_BYTES), 0, [], 'OB', 'preamble');
    searchInflatedPreamble(collector, file.source, budget, sizes);
  }
  forEachPlace(file, (place) => {
    const { element, stream, start, end } = place;
    if (!element.isBulk && !element.isEncapsulated && end - start <= size) collector.search(element.value(), start, element.charsets, element.vr, element);
    else for (const window of windows(stream, start, end, size, overlap)) collector.search(window.bytes, window.offset, element.charsets, element.vr, element);
    if (!element.isEncapsulated) searchInflated(collector, place, budget, sizes);
    else for (const fragment of fragments(stream, start, end)) searchInflated(collector, { ...place, ...fragment }, budget, sizes);
  });
  return collector.byPlace((place) => {
    if (typeof place === 'string') return { name: place, text: `the ${place}`, offset: 0 };
    const inflated = file.deflated && !place.inMeta ? 'inflated ' : '';
    return { name: place.path, text: `${place.path} (value at ${inflated}offset ${place.valueOffset})`, offset: place.valueOffset };
  });
}

const CAPS_TEXT = `the ${MAX_INFLATED_PER_VALUE >> 20} MiB inflated per value or ${MAX_INFLATED_PER_FILE >> 20} MiB per file`;

const ITEM = 0xfffee000;

/**
 * The fragments of encapsulated data in `[start, end)` of `stream`, each a byte range: items
 * (FFFE,E000) read little-endian as the encapsulated transfer syntaxes are, each length bounded by
 * `end`; the walk stops at the delimiter, or anything else that is no item.
 */
function* fragments(stream: ByteSource, start: number, end: number): Generator<{ start: number; end: number }> {
  let at = start;
  while (at + 8 <= end) {
    const header = stream.read(at, 8);
    const view = new DataView(header.buffer, header.byteOffset, 8);
    const tag = ((view.getUint16(0, true) << 16) | view.getUint16(2, true)) >>> 0;
    if (tag !== ITEM) return;
    const from = at + 8;
    const to = Math.min(end, from + view.getUint32(4, true));
    yield { start: from, end: to };
    at = to;
  }
}

/** Compressed bytes are read this many at a time: a wrong guess fails within the first. */
const INFLATE_CHUNK = 64 * 1024;

/** Gzip members after NUL padding tried in one value; a value with more is not read whole. */
const MAX_PADDED_MEMBERS = 64;

/** Bytes read to tell a compressed value by its header (after a length field at most): 16 past a 64-bit length. */
const HEAD_BYTES = 24;
/**
 * A value that starts like a gzip or zlib stream, or a private or UN value (perhaps a raw deflate
 * stream), searched inflated: every reading of what it inflates to, in windows. A value of
 * printable ASCII is tried too: fixed-code blocks can be written in printable bytes, NUL and tab
 * alone, and zlib inflates them.
 */
function searchInflated(collector: Collector, place: Place, budget: InflateBudget, sizes: { window: number; overlap: number; nameBytes: number }): void {
  const { window, overlap, nameBytes } = sizes;
  const { element, stream, start, end } = place;
  if (end - start < 2) return;
  // Read in place, as each value is: a copy of every head would be garbage to collect.
  const head = stream.read(start, Math.min(HEAD_BYTES, end - start));
  const starts = compressedStarts(head, place.privateData || element.vr === 'UN' || element.encodedVr === 'UN', end - start, nameBytes);
  const gzip = starts.find((s) => s.compression === 'gzip');
  if (gzip !== undefined) {
    const members = paddedGzipMembers(stream, start + gzip.at, end, MAX_PADDED_MEMBERS);
    if (members === undefined) collector.unread.push(element);
    for (const at of members ?? []) starts.push({ compression: 'gzip', at: at - start });
  }
  for (const { compression, at } of starts) {
    if (givesFewerThan(stream, start + at, end, compression, nameBytes)) continue;
    const whole = inflateWindows(stream, start + at, end, compression, budget, { chunk: INFLATE_CHUNK, window, overlap }, (bytes) => {
      collector.search(bytes, undefined, element.charsets, 'UT', element, 'inflated ');
    });
    // What zlib would inflate further may hold a name: the file fails closed.
    if (!whole) collector.unread.push(element);
  }
}

const PREAMBLE_BYTES = 128;

/**
 * The preamble searched inflated: a vendor's bytes, as free as a private blob, so a raw deflate
 * stream is tried as well as a header's. Its 128 bytes inflate to far less than a cap.
 */
function searchInflatedPreamble(collector: Collector, source: ByteSource, budget: InflateBudget, sizes: { window: number; overlap: number; nameBytes: number }): void {
  for (const { compression, at } of compressedStarts(source.read(0, HEAD_BYTES), true, PREAMBLE_BYTES, sizes.nameBytes)) {
    if (givesFewerThan(source, at, PREAMBLE_BYTES, compression, sizes.nameBytes)) continue;
    inflateWindows(source, at, PREAMBLE_BYTES, compression, budget, { chunk: INFLATE_CHUNK, window: sizes.window, overlap: sizes.overlap }, (bytes) => {
      collector.search(bytes, undefined, [], 'UT', 'preamble', 'inflated ');
    });
  }
}

function collectorFor(needles: Needles, options: SecondOpinionOptions): Collector {
  return new Collector(needles, ownNumber(needles, options.ownId), (options.protect ?? []).map((value) => foldString(value)));
}

/** The second opinion on every byte of `source`, as for a file that does not parse: one finding per offset. */
export function secondOpinionBytes(source: ByteSource, needles: Needles, options: SecondOpinionOptions = {}): VerifyFinding[] {
  const collector = collectorFor(needles, options);
  const size = options.window ?? DEFAULT_WINDOW;
  const overlap = Math.min(overlapFor(needles), size >> 1);
  for (const window of windows(source, 0, source.size, size, overlap)) collector.search(window.bytes, window.offset, [], 'UN', 'bytes');
  return collector.byOffset();
}

/**
 * The second opinion on written bytes: parsed and searched element by element, or, when they do
 * not parse, searched whole (and `unparsed` says so).
 */
export function secondOpinion(written: Uint8Array | ByteSource, needles: Needles, options: SecondOpinionOptions = {}): { findings: VerifyFinding[]; unparsed?: DicomParseError } {
  const source = written instanceof Uint8Array ? bytesSource(written) : written;
  let file: DicomFile;
  try {
    file = parseDicom(source, options.parse);
  } catch (error) {
    if (!(error instanceof DicomParseError)) throw error;
    return { findings: secondOpinionBytes(source, needles, options), unparsed: error };
  }
  return { findings: secondOpinionParsed(file, needles, options) };
}
