/**
 * Entry names: making a zip entry's name safe to use as an output path, keeping names unique in
 * a source, and telling the files never worth opening (system litter, DICOMDIR) by name.
 */
import type { EntryClass } from './types.ts';

/** The outcome of {@link safeZipPath}: a usable relative path and what had to change. */
export interface SafePath {
  readonly path: string;
  /** `..` segments or an absolute/drive prefix were removed. */
  readonly unsafe: boolean;
  /** Control characters, undecodable bytes or over-long segments were replaced. */
  readonly invalid: boolean;
}

const MAX_SEGMENT_BYTES = 255;
const encoder = new TextEncoder();

function cleanSegment(segment: string): { text: string; changed: boolean } {
  // U+FFFD stands for bytes that were not valid in the name's declared encoding.
  let text = segment.replace(/[\u0000-\u001f\u007f\ufffd]/g, '_');
  let changed = text !== segment;
  if (encoder.encode(text).length > MAX_SEGMENT_BYTES) {
    while (encoder.encode(text).length > MAX_SEGMENT_BYTES) text = text.slice(0, -1);
    changed = true;
  }
  return { text, changed };
}

/**
 * A zip entry name as a relative `/`-separated path that cannot leave its folder: drive letters,
 * leading slashes, `.` and `..` segments are dropped; backslashes count as separators.
 * Returns an empty path for a name with nothing left (such an entry is given a placeholder by
 * the caller).
 */
export function safeZipPath(name: string): SafePath {
  let unsafe = /^([A-Za-z]:)?[\\/]/.test(name) || /^[A-Za-z]:/.test(name);
  let invalid = false;
  const kept: string[] = [];
  for (const raw of name.replace(/^[A-Za-z]:/, '').split(/[\\/]/)) {
    if (raw === '' || raw === '.') continue;
    if (raw === '..') {
      unsafe = true;
      continue;
    }
    const { text, changed } = cleanSegment(raw);
    invalid ||= changed;
    kept.push(text);
  }
  return { path: kept.join('/'), unsafe, invalid };
}

/**
 * Keeps relative paths unique within a source: the second `a/x.dcm` becomes `a/x_2.dcm`, and a
 * real `a/x_2.dcm` seen later becomes `a/x_2_2.dcm`. Deterministic for a given order of calls.
 * Comparison ignores case, so the output also works on case-insensitive file systems.
 */
export class UniquePaths {
  private readonly seen = new Set<string>();

  /** The path itself when free, else the first free suffixed form; reserves what it returns. */
  claim(path: string): string {
    let candidate = path;
    const slash = path.lastIndexOf('/');
    const dot = path.lastIndexOf('.');
    const cut = dot > slash + 1 ? dot : path.length;
    for (let n = 2; this.seen.has(candidate.toLowerCase()); n++) candidate = `${path.slice(0, cut)}_${n}${path.slice(cut)}`;
    this.seen.add(candidate.toLowerCase());
    return candidate;
  }
}

const SYSTEM_NAMES = new Set(['.ds_store', 'thumbs.db', 'ehthumbs.db', 'desktop.ini', '.localized', 'icon\r', '.directory']);

/**
 * Classifies an entry by its relative path alone. System litter (Finder, Explorer, AppleDouble
 * `._*` files and `__MACOSX/` folders of zips made on a Mac) is never DICOM; `DICOMDIR` indexes
 * removable media and is dropped. Everything else is a candidate: tried as DICOM whatever its
 * extension, since DICOM files often have none.
 */
export function classifyName(relativePath: string): EntryClass {
  const segments = relativePath.split('/');
  const base = (segments[segments.length - 1] ?? '').toLowerCase();
  if (base === 'dicomdir') return 'dicomdir';
  if (SYSTEM_NAMES.has(base) || base.startsWith('._') || segments.some((s) => s === '__MACOSX')) return 'system';
  return 'candidate';
}

const DOCUMENT_KINDS: readonly [RegExp, string][] = [
  [/\.(csv|tsv|xlsx?|xlsm|ods)$/i, 'spreadsheet'],
  [/\.(pdf|docx?|odt|rtf|txt|md|html?)$/i, 'report'],
  [/\.(jpe?g|png|gif|bmp|tiff?)$/i, 'image'],
  [/\.(zip|7z|rar|tar|gz|tgz|bz2|xz)$/i, 'archive'],
  [/\.(nii|nii\.gz|mha|mhd|nrrd)$/i, 'volume'],
];

/** A word for a file that turned out not to be DICOM, for the list of ignored files. */
export function describeNonDicom(relativePath: string): string {
  if (classifyName(relativePath) === 'system') return 'system file';
  for (const [pattern, kind] of DOCUMENT_KINDS) if (pattern.test(relativePath)) return kind;
  return 'not DICOM';
}

/** Whether a name is read as a nested zip (by extension; an unreadable one becomes a problem). */
export function isZipName(name: string): boolean {
  return /\.zip$/i.test(name);
}

/** The folder a zip becomes in the output: `more.zip` → `more`. */
export function zipFolderName(relativePath: string): string {
  const stripped = relativePath.replace(/\.zip$/i, '');
  return stripped === '' || stripped.endsWith('/') ? `${stripped}zip` : stripped;
}
