import { DicomveilError } from '../../core/errors.ts';
import type { ProblemCode } from './types.ts';

/**
 * An entry that cannot be opened (encrypted, corrupt, too large, vanished…). `code` is the
 * {@link ProblemCode} to report and `location.file` the entry's ref; the run goes on without it.
 */
export class EntryError extends DicomveilError {
  declare readonly code: ProblemCode;

  constructor(code: ProblemCode, message: string, ref: string, options?: { cause?: unknown }) {
    super(code, message, { file: ref }, options);
  }
}
