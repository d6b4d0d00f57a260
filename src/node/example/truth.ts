/**
 * What the generator planted, so tests and benchmarks can judge the output without trusting the
 * code under test: which file belongs to whom, every spelling and where, the demographics links.
 * Paths are relative to the dataset folder; file refs use the input sources' ref format.
 */
import type { Charset } from './dicom-builder.ts';
import type { Variant } from './people.ts';

/** Where a name (or PatientID) was hidden in a file. */
export type Planting =
  | 'PatientName'
  | 'OtherPatientNames'
  | 'StudyDescription'
  | 'ImageComments'
  | 'PatientComments'
  | 'AdditionalPatientHistory'
  | 'RequestAttributesSequence'
  | 'PrivateText'
  | 'PrivateBinary'
  | 'FileName'
  | 'FolderName'
  | 'SourceName';

export interface TruthSession {
  /** Ref prefix of the session's files (`DUPONT_JEAN/2019-03-04_CT/`, `X.zip!s2.zip!`). */
  prefix: string;
  /** PatientName written in the session's files (a spelling variant). */
  patientName: string;
  variant: Variant;
  modality: 'CT' | 'MR';
  transferSyntaxUid: string;
  charset: Charset;
  undefinedLengths: boolean;
  studyDate: string;
  /** PatientAge (AS) written in the session. */
  age: string;
  studyInstanceUid: string;
  files: number;
}

export interface TruthPatient {
  /** `p01`, `p02`…: stable within a seed. */
  key: string;
  family: string;
  given: string;
  patientId: string;
  birthDate: string;
  sex: 'M' | 'F';
  /** Top-level folder or zip in the input. */
  source: string;
  container: 'folder' | 'zip';
  /** Every exact string naming this patient somewhere in the dataset (values, text, paths). */
  spellings: string[];
  sessions: TruthSession[];
  demographics: 'linked' | 'missing' | 'ambiguous';
  /** The spreadsheet row's name when linked. */
  demographicsRow?: string;
}

export interface TruthFile {
  ref: string;
  /** Owner's key; null for files of no patient (non-DICOM). */
  patient: string | null;
  kind: 'dicom' | 'system' | 'report' | 'dicomdir';
  size: number;
  hasPatientName: boolean;
  /** Where this file names its own patient (PatientID in free text counts as AdditionalPatientHistory). */
  planted: Planting[];
  /** Keys of other patients named in the file (in ImageComments). */
  otherPatients: string[];
  sopInstanceUid?: string;
}

export interface TruthDemographics {
  /** The CSV, relative to the dataset folder. */
  file: string;
  columns: string[];
  rows: Record<string, string>[];
  links: { patient: string; row: string }[];
  /** Patients with no row. */
  missing: string[];
  /** Patients with two rows equally close (same birth date and sex): never guessed. */
  ambiguous: string[];
  /** Row names of no patient in the images. */
  extraRows: string[];
}

export interface Truth {
  seed: number;
  /** The input folder to anonymize, relative to the dataset folder. */
  input: string;
  patients: TruthPatient[];
  files: TruthFile[];
  demographics: TruthDemographics;
  totals: { dicomFiles: number; otherFiles: number; bytes: number };
}
