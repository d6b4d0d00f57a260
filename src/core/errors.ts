/**
 * The error taxonomy shared by every layer. Each error carries a stable `code` so callers can
 * switch on it, and says where it happened (file, byte offset, tag path) when that is known.
 */

export interface ErrorLocation {
  /** Path of the file (or zip entry, `outer.zip!inner/path`) the error concerns. */
  file?: string;
  /** Byte offset in the (inflated) stream where the problem was found. */
  offset?: number;
  /** Tag path such as `(0008,1115)[0].(0010,0010)`. */
  tagPath?: string;
}

export class DicomveilError extends Error {
  readonly code: string;
  readonly location: ErrorLocation;

  constructor(code: string, message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.location = location;
  }

  /** The same error, told which file it concerns (errors raised on bytes do not know their path). */
  inFile(file: string): this {
    if (this.location.file === undefined) (this.location as ErrorLocation).file = file;
    return this;
  }
}

/** A file that is not DICOM, or whose structure is broken or hostile. */
export class DicomParseError extends DicomveilError {}

/** Text that cannot be decoded or encoded in a file's Specific Character Set. */
export class CharsetError extends DicomveilError {}

/** A user choice that cannot be honoured (bad option, bad path, foreign output…): exit code 2. */
export class UsageError extends DicomveilError {}

/** A spreadsheet that cannot be read (missing name column, empty, wrong format): exit code 2. */
export class SpreadsheetError extends DicomveilError {}

/** A name, or PatientID, still present in a written file: the file is a residue. */
export class ResidueError extends DicomveilError {}

/** Something that should never happen: a bug in dicomveil. */
export class InternalError extends DicomveilError {}
