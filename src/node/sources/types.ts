/**
 * What the input looks like to the rest of dicomveil: sources (a patient folder, a zip, the loose
 * files), their entries (files, zip entries, entries of nested zips), and the problems found on
 * the way. Nothing here holds bytes: an entry is a reference that can be opened, in any thread.
 */
import type { EntryClass, SourceKind } from '../../core/plan/scanned-file.ts';
import type { RangeSource } from './range-reader.ts';

export type { EntryClass, SourceKind };

/** One top-level folder or zip of the input, or the loose files together. */
export interface Source {
  /** As found in the input (`DUPONT_JEAN`, `MARTIN.zip`); `''` for the loose files. */
  readonly name: string;
  readonly kind: SourceKind;
  /** Prefix shared by the refs of every entry in the source (`MARTIN.zip!`). */
  readonly ref: string;
}

/** A file of a source: on disk, in a zip, or in a zip nested in a zip. */
export interface InputEntry {
  readonly kind: 'entry';
  /**
   * Stable reference, relative to the input's root folder: `P1/sess/img.dcm`,
   * `P2.zip!sess/img.dcm`, `P2.zip!more.zip!img.dcm`. Segments are percent-escaped for `%`, `!`
   * and `#`; `#2` marks the second zip entry of the same name. {@link openEntry} needs only this.
   */
  readonly ref: string;
  /** Name of the source it belongs to ({@link Source.name}). */
  readonly source: string;
  /** Path within the source for the output, `/`-separated, safe (no `..`, no absolute part), unique in its source. */
  readonly relativePath: string;
  /** Bytes once read (inflated size for zip entries). */
  readonly size: number;
  readonly class: EntryClass;
  /** Opens the entry for random access; close the handle when done. */
  open(): Promise<EntryHandle>;
}

/** An opened entry: a synchronous byte source (the codec's ByteSource) and its release. */
export interface EntryHandle {
  readonly source: RangeSource;
  close(): Promise<void>;
}

/**
 * Why part of the input was skipped, renamed or ignored. None of them stops the run.
 * - `unsafe-path`: a zip entry with `..` or an absolute path (read under a safe name)
 * - `invalid-name`: a zip entry name with control characters, undecodable bytes… (read under a safe name)
 * - `duplicate-name`: a second zip entry of the same name (read under a suffixed name)
 * - `zip-bomb`: sizes or ratios beyond the limits, overlapping entries (skipped)
 * - `encrypted`: an encrypted zip entry (skipped)
 * - `unsupported-compression`: a method other than stored or deflate (skipped)
 * - `symlink`: a symbolic link on disk or in a zip (not followed)
 * - `special-file`: a FIFO, socket or device (not opened)
 * - `unreadable`: permission denied or vanished (skipped)
 * - `corrupt-zip`: a zip whose directory cannot be read, or an entry that cannot be (skipped)
 * - `too-deep`: zips nested deeper than the limit (skipped)
 * - `too-large`: an entry too large to inflate within the memory and spill limits (skipped)
 */
export type ProblemCode =
  | 'unsafe-path'
  | 'invalid-name'
  | 'duplicate-name'
  | 'zip-bomb'
  | 'encrypted'
  | 'unsupported-compression'
  | 'symlink'
  | 'special-file'
  | 'unreadable'
  | 'corrupt-zip'
  | 'too-deep'
  | 'too-large';

/** What became of the item a problem concerns. */
export type ProblemAction = 'skipped' | 'renamed';

/** One line of the input report; its message never quotes file contents. */
export interface InputProblem {
  readonly kind: 'problem';
  /** Ref of the item concerned (an entry, a zip, a folder), in the format of {@link InputEntry.ref}. */
  readonly ref: string;
  readonly code: ProblemCode;
  readonly action: ProblemAction;
  readonly message: string;
}

/** What listing a source yields, in a stable order: its entries and the problems met on the way. */
export type SourceItem = InputEntry | InputProblem;

/** Caps that keep hostile zips from exhausting memory, disk or time. */
export interface SourceLimits {
  /** Entries inflated in memory up to this size; larger ones are spilled to {@link SourceOptions.spillDir}. */
  inflateInMemoryBytes: number;
  /** Total bytes the spill folder may hold at once. */
  spillBytes: number;
  /** Declared uncompressed / compressed size above which a large entry is a bomb. */
  maxRatio: number;
  /** The ratio only counts for entries larger than this. */
  ratioFloorBytes: number;
  /** Declared uncompressed bytes of one top-level zip, nested zips included. */
  maxZipBytes: number;
  /** Entries of one zip. */
  maxZipEntries: number;
  /** Zips inside zips inside a source: 1 is a zip in a folder. */
  maxZipDepth: number;
}

export const DEFAULT_LIMITS: SourceLimits = {
  inflateInMemoryBytes: 32 * 1024 * 1024,
  spillBytes: 16 * 1024 * 1024 * 1024,
  maxRatio: 1000,
  ratioFloorBytes: 16 * 1024 * 1024,
  maxZipBytes: 1024 * 1024 * 1024 * 1024,
  maxZipEntries: 250_000,
  maxZipDepth: 4,
};

export interface SourceOptions {
  /** Where deflated entries above the in-memory cap are inflated (a folder in the private dir). */
  spillDir?: string;
  limits?: Partial<SourceLimits>;
}
