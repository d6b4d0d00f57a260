/**
 * What pass 1 knows of one input entry before grouping: where it sits in the input and what its
 * header said. Plain data: it crosses threads, goes to scan files and is kept for every file.
 */
import type { HeaderFacts } from './header-facts.ts';

/** `folder` and `zip` are top-level items of the input; `loose` gathers the files beside them. */
export type SourceKind = 'folder' | 'zip' | 'loose';

/**
 * How an entry's name classifies it before any byte is read: `candidate` files are tried as
 * DICOM whatever their extension; `system` files (`.DS_Store`, `Thumbs.db`, AppleDouble…) are
 * ignored and listed; a `dicomdir` is dropped with a warning.
 */
export type EntryClass = 'candidate' | 'system' | 'dicomdir';

/** One input entry and what its header said. */
export interface ScannedFile extends HeaderFacts {
  ref: string;
  /** Source name (`DUPONT_JEAN`, `MARTIN.zip`, '' for loose files). */
  source: string;
  sourceKind: SourceKind;
  relativePath: string;
  size: number;
  /** 'system' names (.DS_Store…) are never opened. */
  entryClass: EntryClass;
}
