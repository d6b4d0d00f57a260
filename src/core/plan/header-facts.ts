/**
 * Pass 1 for one file: what its header says about who it belongs to and what it is, read without
 * touching bulk data. The answer is plain data, cheap to send between threads and to keep for
 * thousands of files.
 */
import { DicomParseError } from '../errors.ts';
import type { DicomElement, DicomFile } from '../dicom/model.ts';
import type { ByteSource } from '../dicom/source.ts';
import { decodeText } from '../dicom/charset.ts';
import { parseDicom } from '../dicom/reader.ts';
import { riskFlags } from '../anonymize/risk.ts';
import { isPlaceholder, isPlaceholderId } from '../text/placeholders.ts';

/** `dicom` files are anonymized; the others are listed (ignored, skipped, dropped or excluded). */
export type FileKind = 'dicom' | 'not-dicom' | 'corrupt' | 'dicomdir' | 'document';

/** Who a file says it belongs to: the values grouping and linking work from. */
export interface FileIdentity {
  /** PatientName as decoded ('' when absent or empty). */
  name: string;
  patientId: string;
  birthDate: string;
  sex: string;
  /** OtherPatientNames and PatientBirthName values: more spellings of the same person. */
  otherNames: string[];
  /**
   * OtherPatientIDs values and the PatientIDs of OtherPatientIDsSequence: more ids of the same
   * person, searched as its PatientIDs are (absent in scans of earlier versions).
   */
  otherIds?: string[];
}

export interface HeaderFacts {
  kind: FileKind;
  /** For the listed kinds: why, in words that never quote the file. */
  reason?: string;
  identity?: FileIdentity;
  /** Risk flags of a `dicom` or `document` file (`riskFlags`), so the plan can say which patients have images to look at. */
  risk?: string[];
}

const TAG = {
  mediaStorageSopClass: 0x00020002,
  sopClass: 0x00080016,
  patientName: 0x00100010,
  patientId: 0x00100020,
  birthDate: 0x00100030,
  sex: 0x00100040,
  otherIds: 0x00101000,
  otherIdsSequence: 0x00101002,
  otherNames: 0x00101001,
  birthName: 0x00101005,
  encapsulatedDocument: 0x00420011,
} as const;

const DICOMDIR_CLASS = '1.2.840.10008.1.3.10';

/** A string value of a top-level element, decoded in the file's character set, trimmed. */
export function textOf(file: DicomFile, tag: number): string {
  const element = file.get(tag);
  return element ? elementText(element) : '';
}

function elementText(element: DicomElement): string {
  if (element.isBulk || element.isSequence || element.valueLength === 0) return '';
  return decodeText(element.value(), element.charsets, element.vr).replace(/[\0\s]+$/u, '').replace(/^\s+/u, '');
}

/**
 * Every value of a top-level data set element, in file order: a broken export may write one
 * twice (PatientName ROCHE^Paul, then ZIELINSKI^Marek), and each is a spelling of the patient.
 */
function textsOf(file: DicomFile, tag: number): string[] {
  return file.datasetElements.filter((element) => element.tag === tag).map(elementText);
}

/** The names a file's sequences hold (ReferencedPatientSequence, a referenced study's patient…): spellings too. */
function nestedNames(file: DicomFile): string[] {
  const names: string[] = [];
  for (const element of file.elements()) {
    if (element.depth > 0 && (element.tag === TAG.patientName || element.tag === TAG.otherNames || element.tag === TAG.birthName)) names.push(elementText(element));
  }
  return names;
}

/** The PatientIDs in OtherPatientIDsSequence items: by definition the same person's other ids. */
function otherPatientIds(file: DicomFile): string[] {
  return (file.get(TAG.otherIdsSequence)?.items ?? []).flatMap((item) => item.filter((element) => element.tag === TAG.patientId).map(elementText));
}

function uidOf(file: DicomFile, tag: number): string {
  return textOf(file, tag).replace(/\0/g, '');
}

/** Whether bytes that failed to parse still look like DICOM: then they are corrupt, not foreign. */
export function looksLikeDicom(source: ByteSource): boolean {
  if (source.size >= 132) {
    const magic = source.read(128, 4);
    if (magic[0] === 0x44 && magic[1] === 0x49 && magic[2] === 0x43 && magic[3] === 0x4d) return true;
  }
  if (source.size < 8) return false;
  // A bare data set (no preamble) opens with a group 0002 or 0008 element.
  const head = source.read(0, 4);
  const group = head[0]! | (head[1]! << 8);
  return group === 0x0002 || group === 0x0008;
}

/**
 * Who a parsed file says it belongs to, as pass 1 reads it (pass 2 reads it again the same way).
 * Every PatientName the file holds is a spelling (CONTRACT.md "Names"): repeated at the top level,
 * and in sequences at any depth.
 */
export function identityOf(file: DicomFile): FileIdentity {
  // A placeholder PatientID ("12345", "000000") is no identity: such files are told apart by
  // their source, and the value is never searched.
  const patientId = textOf(file, TAG.patientId);
  // The first PatientName is the one dcmdump and viewers show; a repeated element's other values
  // are more spellings, searched and replaced like OtherPatientNames.
  const [name = '', ...repeatedNames] = textsOf(file, TAG.patientName);
  return {
    name,
    patientId: isPlaceholderId(patientId) ? '' : patientId,
    birthDate: textOf(file, TAG.birthDate),
    sex: textOf(file, TAG.sex),
    otherNames: [...repeatedNames, ...textsOf(file, TAG.otherNames), ...textsOf(file, TAG.birthName), ...nestedNames(file)]
      .flatMap((v) => v.split('\\')).map((v) => v.trim()).filter((v) => !isPlaceholder(v)),
    ...withOtherIds([...textsOf(file, TAG.otherIds), ...otherPatientIds(file)]),
  };
}

/** `otherIds` when there are any: the identity of an ordinary file stays as it was. */
function withOtherIds(values: readonly string[]): { otherIds?: string[] } {
  const ids = [...new Set(values.flatMap((v) => v.split('\\')).map((v) => v.trim()).filter((v) => v !== '' && !isPlaceholderId(v)))];
  return ids.length > 0 ? { otherIds: ids } : {};
}

/** Where a file names its patient: a cut there (or a length field broken into one) names nobody. */
const IDENTITY_TAGS: ReadonlySet<number> = new Set([TAG.patientName, TAG.patientId, TAG.birthDate, TAG.sex, TAG.otherNames, TAG.birthName, TAG.otherIds, TAG.otherIdsSequence]);

/**
 * The identity a file cut short still states (an interrupted copy: its header whole): the file is
 * skipped, but the patient it names is searched everywhere. Nothing for other damage. An element
 * of the identity the cut falls in says nothing (a broken length field reads to the end of the
 * file), but those before it are whole: a cut in PatientBirthDate still names the patient.
 */
function identityOfCut(source: ByteSource): { identity?: FileIdentity } {
  try {
    const file = parseDicom(source, { truncatedValues: 'keep' });
    let identity = identityOf(file);
    const withoutOtherIds = ({ otherIds: _, ...rest }: FileIdentity): FileIdentity => rest;
    for (const element of file.elements()) {
      const tag = element.tag >>> 0;
      if (!element.truncated || !IDENTITY_TAGS.has(tag)) continue;
      // In a sequence: the names and ids read from sequences are among these, dropped whole.
      if (element.depth > 0) identity = { ...withoutOtherIds(identity), otherNames: [] };
      else if (tag === TAG.patientName) identity = { ...identity, name: '' };
      else if (tag === TAG.patientId) identity = { ...identity, patientId: '' };
      else if (tag === TAG.birthDate) identity = { ...identity, birthDate: '' };
      else if (tag === TAG.sex) identity = { ...identity, sex: '' };
      else if (tag === TAG.otherNames || tag === TAG.birthName) identity = { ...identity, otherNames: [] };
      else identity = withoutOtherIds(identity);
    }
    return identity.name === '' && identity.patientId === '' ? {} : { identity };
  } catch (error) {
    if (error instanceof DicomParseError) return {};
    throw error;
  }
}

/** Reads the header facts of one file; never throws for a bad file, says what it is instead. */
export function readHeaderFacts(source: ByteSource): HeaderFacts {
  let file: DicomFile;
  try {
    file = parseDicom(source);
  } catch (error) {
    if (!(error instanceof DicomParseError)) throw error;
    if (looksLikeDicom(source)) return { kind: 'corrupt', reason: `corrupt DICOM: ${error.message}`, ...identityOfCut(source) };
    return { kind: 'not-dicom', reason: 'not a DICOM file' };
  }
  const sopClass = uidOf(file, TAG.sopClass) || uidOf(file, TAG.mediaStorageSopClass);
  if (sopClass === DICOMDIR_CLASS) return { kind: 'dicomdir', reason: 'DICOMDIR (a CD index) dropped' };
  const identity = identityOf(file);
  const risk = riskFlags(file);
  const flagged = risk.length > 0 ? { risk } : {};
  if (file.get(TAG.encapsulatedDocument)) return { kind: 'document', reason: 'encapsulated document (its text cannot be verified)', identity, ...flagged };
  return { kind: 'dicom', identity, ...flagged };
}
