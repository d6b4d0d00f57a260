/**
 * Hard limits on what a file may ask of the parser, and the one way the parser reports a broken
 * file. Every length read from a file passes through {@link checkLength} before it is used.
 */
import { DicomParseError } from '../errors.ts';

/** Limits a caller may tighten or loosen; all have defaults sized for real studies. */
export interface Limits {
  /** Values longer than this are bulk: kept as byte ranges, never read into memory. */
  readonly bulkThreshold: number;
  /** Largest inflated data set accepted from a deflated file (a bomb stops here). */
  readonly maxInflatedSize: number;
  /** Most elements, items and fragments one file may hold. */
  readonly maxNodes: number;
  /** Deepest sequence nesting accepted. */
  readonly maxDepth: number;
  /**
   * A value cut short by the end of the file: `error` (a DicomParseError, as dcmtk) or `keep`
   * (the element holds what is there and says so, as pydicom reads such files).
   */
  readonly truncatedValues: 'error' | 'keep';
}

export const DEFAULT_LIMITS: Limits = {
  bulkThreshold: 256 * 1024,
  // Deflated data sets live in memory: this cap is also the memory they may take.
  maxInflatedSize: 256 * 1024 * 1024,
  // About 150 bytes of memory each; real files hold well under 200,000.
  maxNodes: 1_000_000,
  maxDepth: 50_000,
  truncatedValues: 'error',
};

/** Length field value meaning "undefined length, ends with a delimiter". */
export const UNDEFINED_LENGTH = 0xffffffff;

/** Throws a DicomParseError at `offset`; `tagPath` says where in the tree, when known. */
export function fail(code: string, message: string, offset: number, tagPath?: string): never {
  throw new DicomParseError(code, message, tagPath === undefined ? { offset } : { offset, tagPath });
}

/**
 * Checks that `length` bytes starting at `offset` lie before `end`; returns the length.
 * @throws DicomParseError `E_LENGTH_OVERRUN` when the value would run past its container or file.
 */
export function checkLength(length: number, offset: number, end: number, what: string, tagPath?: () => string): number {
  if (length < 0 || offset + length > end) {
    fail('E_LENGTH_OVERRUN', `${what} of ${length} bytes at offset ${offset} runs past the end of its container (${end})`, offset, tagPath?.());
  }
  return length;
}
