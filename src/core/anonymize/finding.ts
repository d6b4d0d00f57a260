/**
 * What verification reports: where a known patient's name or PatientID was found. A finding names
 * the place and the patient's id, never the name itself (findings are printed and logged).
 */
import { ResidueError } from '../errors.ts';

/** How the matched bytes were read: a legacy code page (`shift_jis`…) by its name. */
export type FindingEncoding = 'charset' | 'utf-8' | 'latin-1' | 'utf-16le' | 'utf-16be' | (string & {});

export interface Finding {
  /** The {@link KnownPatient.id} of the patient whose name or PatientID was found. */
  readonly patientId: string;
  /** `element`: a decoded value; `bytes`: a raw byte search; `path`: a file or folder name. */
  readonly where: 'element' | 'bytes' | 'path';
  /** Tag path of the element, when known. */
  readonly tagPath?: string;
  /** Byte offset in the file (the inflated stream when deflated), when known. */
  readonly offset?: number;
  /** Path segment index (0 = first), for path findings. */
  readonly segment?: number;
  readonly encoding?: FindingEncoding;
  /** One line for people: the place, the patient id, no name. */
  readonly message: string;
}

/** The finding as a typed error, for `--on-residue` (carries the tag path and offset). */
export function findingError(finding: Finding, file?: string): ResidueError {
  const location: { file?: string; offset?: number; tagPath?: string } = {};
  if (file !== undefined) location.file = file;
  if (finding.offset !== undefined) location.offset = finding.offset;
  if (finding.tagPath !== undefined) location.tagPath = finding.tagPath;
  return new ResidueError('E_RESIDUE', finding.message, location);
}
