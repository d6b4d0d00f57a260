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

/**
 * Files of one source whose headers name their patient in the same words: what grouping, linking
 * and ids work on, so the plan holds one record per class however many files share it.
 */
export interface FileClass {
  /** The class's key ({@link fileClassKey}): a file's patient is found by it. */
  key: string;
  /** The first of its files (in ref order): every member says the same of its patient. */
  file: ScannedFile;
  files: number;
  /** Some member's pixels may show a name (a risk flag). */
  risky: boolean;
}

/** Source and identity: files with equal keys belong to one patient whatever else they hold. */
export function fileClassKey(file: Pick<ScannedFile, 'source' | 'identity'>): string {
  const id = file.identity;
  const key = [file.source, id?.name ?? '', id?.otherNames ?? [], id?.patientId ?? '', id?.birthDate ?? '', id?.sex ?? ''];
  // Other ids are searched as the patient's PatientIDs: a class must hold one set of them.
  if (id?.otherIds !== undefined && id.otherIds.length > 0) key.push(id.otherIds);
  return JSON.stringify(key);
}

/** Collects the classes of files met one at a time, in the order first met. */
export class FileClasses {
  private readonly byKey = new Map<string, FileClass>();

  add(file: ScannedFile): void {
    const key = fileClassKey(file);
    const risky = (file.risk?.length ?? 0) > 0;
    const known = this.byKey.get(key);
    if (known === undefined) this.byKey.set(key, { key, file, files: 1, risky });
    else {
      known.files += 1;
      known.risky ||= risky;
    }
  }

  get list(): FileClass[] {
    return [...this.byKey.values()];
  }
}

/** The classes of `files` (tests and callers that hold them all). */
export function fileClassesOf(files: Iterable<ScannedFile>): FileClass[] {
  const classes = new FileClasses();
  for (const file of files) classes.add(file);
  return classes.list;
}
