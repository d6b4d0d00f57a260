/**
 * Verification of written bytes: the file is parsed again and searched in every way a name could
 * survive, independently of what the plan believed it did. Every searched element in its
 * character set; then the raw bytes of the preamble, the meta group and everything else that is
 * not bulk data nor a number, date or UID, as UTF-8, Latin-1 and UTF-16LE. Deflated data sets
 * are searched inflated.
 */
import { searchReadings } from '../dicom/charset.ts';
import type { DicomElement, DicomFile } from '../dicom/model.ts';
import { type ParseOptions, parseDicom } from '../dicom/reader.ts';
import { type ByteSource, bytesSource } from '../dicom/source.ts';
import { CharsetError, DicomParseError, ResidueError } from '../errors.ts';
import type { Finding } from './finding.ts';
import { type FindOptions, findNames } from './find-names.ts';
import type { NameIndex } from './name-index.ts';
import { type Piece, scanPieces } from './piece-scan.ts';
import { OWN_TEXTS } from './profile.ts';
import { isBulkData, isUnsearchedVr, isPlainAscii, looksLikeText, searchMode, streamOf } from './searched.ts';

export interface VerifyOptions {
  /** Parser limits (as for reading the input). */
  readonly parse?: ParseOptions;
  /** Raw bytes are searched this many at a time (names across chunks are still found). */
  readonly chunkSize?: number;
  /** Values written on purpose that are not names ({@link FilePlan.protect}). */
  readonly protect?: readonly string[];
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
  return verifyParsedFile(file, index, options);
}

/**
 * {@link verifyWrittenFile} for a written file the caller has already parsed back from what is
 * on disk (it checks more of it, such as its bulk data, and one parse serves both).
 */
export function verifyParsedFile(file: DicomFile, index: NameIndex, options: VerifyOptions = {}): Finding[] {
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
    // Plain ASCII reads the same in every charset: the raw Latin-1 search below sees it as is.
    if (isPlainAscii(value)) continue;
    if (mode === 'bytes' && element.vr === 'UN' && looksLikeText(value)) mode = 'text';
    if (mode !== 'text') continue;
    let readings: string[];
    try {
      readings = searchReadings(value, element.charsets, mode === 'text' && element.vr !== 'UN' ? element.vr : 'UN');
    } catch (error) {
      if (error instanceof CharsetError) continue; // still searched as raw bytes below
      throw error;
    }
    for (const patientId of new Set(readings.flatMap((text) => findNames(index, text, find).map((span) => span.patientId)))) {
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

interface Owner {
  readonly element: DicomElement | undefined;
  /** Offsets are in the inflated data set. */
  readonly inflated: boolean;
}

/** The preamble and every value that is not bulk data, a sequence, nor a number, date or UID. */
function* searchedPieces(file: DicomFile): Generator<Piece<Owner>> {
  if (file.hasPreamble) yield { source: file.source, start: 0, end: 128, owner: { element: undefined, inflated: false } };
  for (const element of file.elements()) {
    if (element.isSequence || element.isEncapsulated || isBulkData(element.tag) || isUnsearchedVr(element)) continue;
    const source = streamOf(file, element);
    yield { source, start: element.valueOffset, end: element.valueOffset + element.valueLength, owner: { element, inflated: source !== file.source } };
  }
}

function rawFindings(file: DicomFile, index: NameIndex, chunkSize: number, find: FindOptions): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const { piece, offset, hit } of scanPieces(index, searchedPieces(file), find, chunkSize)) {
    const { element, inflated } = piece.owner;
    const key = `${inflated}|${offset}|${hit.patientId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const place = element ? element.path : 'the preamble';
    findings.push({
      patientId: hit.patientId,
      where: 'bytes',
      ...(element ? { tagPath: element.path } : {}),
      offset,
      encoding: hit.encoding,
      message: `${place} holds a name or PatientID of ${hit.patientId} (${hit.encoding} bytes at ${inflated ? 'inflated ' : ''}offset ${offset})`,
    });
  }
  return findings;
}
