/**
 * Verification of written bytes: the file is parsed again and searched in every way a name could
 * survive, independently of what the plan believed it did. Every searched element in its
 * character set; then the raw bytes of the preamble, the meta group and everything else that is
 * not bulk data nor a number, date or UID, as UTF-8, Latin-1 and UTF-16LE. Deflated data sets
 * are searched inflated.
 */
import { decodeText } from '../dicom/charset.ts';
import type { DicomElement, DicomFile } from '../dicom/model.ts';
import { type ParseOptions, parseDicom } from '../dicom/reader.ts';
import { type ByteSource, bytesSource } from '../dicom/source.ts';
import { CharsetError, DicomParseError, ResidueError } from '../errors.ts';
import { findNamesInBytes } from './byte-search.ts';
import type { Finding } from './finding.ts';
import { type FindOptions, findNames } from './find-names.ts';
import type { NameIndex } from './name-index.ts';
import { OWN_TEXTS } from './profile.ts';
import { UNSEARCHED_VRS, isBulkData, looksLikeText, searchMode, streamOf } from './searched.ts';

export interface VerifyOptions {
  /** Parser limits (as for reading the input). */
  readonly parse?: ParseOptions;
  /** Raw bytes are searched this many at a time (names across chunks are still found). */
  readonly chunkSize?: number;
  /** Values written on purpose that are not names ({@link FilePlan.protect}). */
  readonly protect?: readonly string[];
}

const OVERLAP = 512;

interface Range {
  start: number;
  end: number;
}

/** Everything verification can say about one written file; an empty list means clean. */
export function verifyWrittenFile(written: Uint8Array | ByteSource, index: NameIndex, options: VerifyOptions = {}): Finding[] {
  const source = written instanceof Uint8Array ? bytesSource(written) : written;
  let file: DicomFile;
  try {
    file = parseDicom(source, options.parse);
  } catch (error) {
    if (!(error instanceof DicomParseError)) throw error;
    throw new ResidueError('E_UNVERIFIABLE', `the written file cannot be read back: ${error.message}`, error.location, { cause: error });
  }
  const find = { protect: [...OWN_TEXTS, ...(options.protect ?? [])] };
  const findings = elementFindings(file, index, find);
  const reported = new Set(findings.map((f) => `${f.tagPath}|${f.patientId}`));
  for (const finding of rawFindings(file, index, options.chunkSize ?? 1 << 20, find)) {
    if (!reported.has(`${finding.tagPath}|${finding.patientId}`)) findings.push(finding);
  }
  return findings;
}

function elementFindings(file: DicomFile, index: NameIndex, find: FindOptions): Finding[] {
  const findings: Finding[] = [];
  for (const element of file.elements()) {
    let mode = searchMode(element);
    if (mode === 'none' || element.isBulk) continue;
    const value = element.value();
    if (mode === 'bytes' && element.vr === 'UN' && looksLikeText(value)) mode = 'text';
    if (mode !== 'text') continue;
    let text: string;
    try {
      text = decodeText(value, element.charsets, mode === 'text' && element.vr !== 'UN' ? element.vr : 'UN');
    } catch (error) {
      if (error instanceof CharsetError) continue; // still searched as raw bytes below
      throw error;
    }
    for (const patientId of new Set(findNames(index, text, find).map((span) => span.patientId))) {
      findings.push({
        patientId,
        where: 'element',
        tagPath: element.path,
        offset: element.valueOffset,
        encoding: 'charset',
        message: `${element.path} holds a name or PatientID of ${patientId}`,
      });
    }
  }
  return findings;
}

/** The ranges of each stream that raw byte searches skip: bulk data and unsearched values. */
function skippedRanges(file: DicomFile, meta: boolean): Range[] {
  const ranges: Range[] = [];
  for (const element of file.elements()) {
    if (element.inMeta !== meta) continue;
    if (isBulkData(element.tag) || element.isEncapsulated) ranges.push({ start: element.valueOffset, end: Math.max(element.end, element.valueOffset + element.valueLength) });
    else if (UNSEARCHED_VRS.has(element.vr) && !element.isSequence) ranges.push({ start: element.valueOffset, end: element.valueOffset + element.valueLength });
  }
  return ranges.sort((a, b) => a.start - b.start);
}

function searchedRanges(start: number, end: number, skipped: readonly Range[]): Range[] {
  const out: Range[] = [];
  let at = start;
  for (const range of skipped) {
    if (range.end <= at || range.start >= end) continue;
    if (range.start > at) out.push({ start: at, end: range.start });
    at = Math.max(at, range.end);
  }
  if (end > at) out.push({ start: at, end });
  return out;
}

/** The innermost element whose bytes hold `offset`, for naming where a raw hit is. */
function elementAt(file: DicomFile, meta: boolean, offset: number): DicomElement | undefined {
  let found: DicomElement | undefined;
  for (const element of file.elements()) {
    if (element.inMeta === meta && element.offset <= offset && offset < element.end) found = element;
  }
  return found;
}

function rawFindings(file: DicomFile, index: NameIndex, chunkSize: number, find: FindOptions): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const metaEnd = Math.max(file.hasPreamble ? 132 : 0, ...file.metaElements.map((element) => element.end));
  const first = file.datasetElements[0];
  const streams: { meta: boolean; source: ByteSource; start: number; end: number }[] = [];
  if (file.deflated) {
    streams.push({ meta: true, source: file.source, start: 0, end: metaEnd });
    if (first) streams.push({ meta: false, source: streamOf(file, first), start: 0, end: streamOf(file, first).size });
  } else {
    streams.push({ meta: false, source: file.source, start: 0, end: file.source.size });
  }
  for (const stream of streams) {
    const skipped = file.deflated ? skippedRanges(file, stream.meta) : [...skippedRanges(file, true), ...skippedRanges(file, false)].sort((a, b) => a.start - b.start);
    for (const range of searchedRanges(stream.start, stream.end, skipped)) {
      for (let at = range.start; at < range.end; at += chunkSize) {
        const length = Math.min(range.end - at, chunkSize + OVERLAP);
        for (const hit of findNamesInBytes(index, new Uint8Array(stream.source.read(at, length)), find)) {
          const offset = at + hit.offset;
          const key = `${stream.meta}|${offset}|${hit.patientId}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const inMeta = stream.meta || (!file.deflated && offset < metaEnd);
          const element = elementAt(file, inMeta, offset);
          const place = element ? element.path : offset < 128 && file.hasPreamble ? 'the preamble' : `byte ${offset}`;
          findings.push({
            patientId: hit.patientId,
            where: 'bytes',
            ...(element ? { tagPath: element.path } : {}),
            offset,
            encoding: hit.encoding,
            message: `${place} holds a name or PatientID of ${hit.patientId} (${hit.encoding} bytes at ${file.deflated && !stream.meta ? 'inflated ' : ''}offset ${offset})`,
          });
        }
        if (at + length >= range.end) break;
      }
    }
  }
  return findings;
}
