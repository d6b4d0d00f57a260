/**
 * The second opinion on one written DICOM file: every element of any VR at any depth, the file
 * meta group and the preamble, each value in every plausible reading (decode.ts), deflated data
 * sets inflated. Not searched: bulk data at its standard places (copied verbatim, compared byte
 * for byte elsewhere), and numbers, dates and UIDs of standard elements whose bytes are a valid
 * value of their VR. A file that does not parse is searched whole, in windows.
 */
import type { DicomElement, DicomFile } from '../dicom/model.ts';
import { type ParseOptions, parseDicom } from '../dicom/reader.ts';
import { type ByteSource, bytesSource } from '../dicom/source.ts';
import { DicomParseError } from '../errors.ts';
import { foldString } from '../text/fold.ts';
import { byteOffsetOf, readings } from './decode.ts';
import { searchText } from './match.ts';
import type { Needles } from './needles.ts';

/** One place where a known patient's name or PatientID was found; never the name itself. */
export interface VerifyFinding {
  readonly patientId: string;
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

/** Numbers, dates, times and UIDs as text: what their bytes may hold (padding aside). */
const VALID_TEXT: Readonly<Record<string, RegExp>> = {
  AS: /^[0-9DWMY\\ ]*$/,
  DA: /^[0-9.\-\\ ]*$/,
  DS: /^[0-9+\-.eE\\ ]*$/,
  DT: /^[0-9+\-.\\ ]*$/,
  IS: /^[0-9+\-\\ ]*$/,
  TM: /^[0-9.:\-\\ ]*$/,
  UI: /^[0-9.\\ ]*$/,
};

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

/** Whether a standard element's value is a valid number, date or UID of its VR (then not searched). */
function isValidNumber(element: DicomElement, value: () => Uint8Array): boolean {
  if (element.vr === 'UN' || element.encodedVr === 'UN') return false;
  const size = BINARY_SIZE[element.vr];
  if (size !== undefined) return element.valueLength % size === 0;
  const pattern = VALID_TEXT[element.vr];
  if (pattern === undefined) return false;
  if (element.valueLength > 1024) return false;
  const bytes = value();
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0 || bytes[end - 1] === 0x20)) end--;
  let text = '';
  for (let i = 0; i < end; i++) {
    const byte = bytes[i]!;
    if (byte >= 0x80 || byte < 0x20) return false;
    text += String.fromCharCode(byte);
  }
  return pattern.test(text);
}

interface Place {
  readonly element: DicomElement;
  readonly stream: ByteSource;
  /** The searched byte range in `stream`. */
  readonly start: number;
  readonly end: number;
}

/** Every searched element value, in document order, with the stream its offsets refer to. */
function* searchedPlaces(file: DicomFile): Generator<Place> {
  function* walk(elements: readonly DicomElement[], parent: number | undefined, inPrivate: boolean): Generator<Place> {
    for (const element of elements) {
      const stream = element.inMeta || !file.deflated ? file.source : file.datasetSource;
      if (element.isSequence) {
        const privateHere = inPrivate || isPrivate(element.tag);
        for (const item of element.items) yield* walk(item, element.tag >>> 0, privateHere);
        continue;
      }
      if (!inPrivate && !element.inMeta && isStandardBulk(element.tag, parent)) continue;
      if (!inPrivate && !isPrivate(element.tag) && isValidNumber(element, () => element.value())) continue;
      // Encapsulated data outside its standard place: every byte up to the end, fragments and all.
      const end = element.isEncapsulated ? element.end : element.valueOffset + element.valueLength;
      if (end > element.valueOffset) yield { element, stream, start: element.valueOffset, end };
    }
  }
  yield* walk(file.metaElements, undefined, false);
  yield* walk(file.datasetElements, undefined, false);
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
interface Hit {
  readonly patientId: string;
  readonly place: string;
  readonly reading: string;
  readonly offset: number | undefined;
}

class Collector {
  readonly hits: Hit[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly needles: Needles,
    private readonly own: number | undefined,
    private readonly protect: readonly string[],
  ) {}

  /** Searches every reading of `bytes`, which start at byte `base` of their stream. */
  search(bytes: Uint8Array, base: number, charsets: readonly string[], vr: string, place: string): void {
    for (const decoded of readings(this.needles, bytes, charsets, vr)) {
      for (const hit of searchText(this.needles, decoded.text, this.own, this.protect)) {
        const patientId = this.needles.patients[hit.patient]!.id;
        const at = byteOffsetOf(decoded, bytes, hit.start);
        const offset = at === undefined ? undefined : base + at;
        const key = `${place}|${decoded.reading}|${patientId}|${offset}`;
        if (this.seen.has(key)) continue;
        this.seen.add(key);
        this.hits.push({ patientId, place, reading: decoded.reading, offset });
      }
    }
  }

  /** One finding per element and patient, every reading that found it listed. */
  byPlace(describe: (place: string) => { text: string; offset: number | undefined }): VerifyFinding[] {
    const groups = new Map<string, Hit[]>();
    for (const hit of this.hits) {
      const key = `${hit.place}|${hit.patientId}`;
      groups.set(key, [...(groups.get(key) ?? []), hit]);
    }
    return [...groups.values()].map((hits) => {
      const { patientId, place } = hits[0]!;
      const where = describe(place);
      const readingsFound = [...new Set(hits.map((h) => h.reading))].join(', ');
      const offset = where.offset;
      return { patientId, place, reading: readingsFound, ...(offset === undefined ? {} : { offset }), message: `${where.text} holds a name or PatientID of ${patientId} (${readingsFound})` };
    });
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
  const described = new Map<string, { text: string; offset: number | undefined }>();
  if (file.hasPreamble) {
    collector.search(file.source.read(0, 128), 0, [], 'OB', 'preamble');
    described.set('preamble', { text: 'the preamble', offset: 0 });
  }
  for (const { element, stream, start, end } of searchedPlaces(file)) {
    const inflated = stream !== file.source ? 'inflated ' : '';
    described.set(element.path, { text: `${element.path} (value at ${inflated}offset ${element.valueOffset})`, offset: element.valueOffset });
    if (!element.isBulk && !element.isEncapsulated && end - start <= size) {
      collector.search(element.value(), start, element.charsets, element.vr, element.path);
      continue;
    }
    for (const window of windows(stream, start, end, size, overlap)) {
      collector.search(window.bytes, window.offset, element.charsets, element.vr, element.path);
    }
  }
  return collector.byPlace((place) => described.get(place) ?? { text: place, offset: undefined });
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
