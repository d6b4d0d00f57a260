/**
 * Where each input file goes in the output: `<id>/<path within its source>`, every path segment
 * cleaned of names, clashes suffixed in sorted order of the input refs so the layout never
 * depends on timing (CONTRACT.md, "Patients"). Compared ignoring case and Unicode normalization:
 * outputs are opened on Windows and macOS, whose file systems fold case (and on macOS, NFC and NFD).
 */

export interface LayoutFile {
  /** Input ref; the sort key that makes suffixes deterministic. */
  ref: string;
  /** Source name: sessions of different sources of one patient never merge silently. */
  source: string;
  /** `/`-separated path within the source. */
  relativePath: string;
  patientId: string;
}

/**
 * A file an earlier run wrote that this plan does not write again: its path is taken. `owner`
 * names the input folder it came from when that is not this run's: its session folder is then
 * another source's, never merged with one of this run's.
 */
export interface EarlierOutput {
  out: string;
  owner?: string;
}

/** Replaces every known name in one path segment (file or folder name) of a patient's file by the right id. */
export type SegmentRenamer = (segment: string, patientId: string) => string;

function splitExtension(name: string): [string, string] {
  const dot = name.lastIndexOf('.');
  return dot > 0 && name.length - dot <= 6 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
}

/** Bytes a path segment may have, leaving room for a clash suffix (`_12`) under the usual 255. */
const MAX_SEGMENT_BYTES = 245;
const utf8 = new TextEncoder();

function utf8Length(text: string): number {
  return utf8.encode(text).length;
}

/** `name` with the end of its stem cut (whole characters) so it fits {@link MAX_SEGMENT_BYTES}; the extension kept. */
function shortened(name: string): string {
  const [stem, extension] = splitExtension(name);
  const chars = [...stem];
  let bytes = utf8Length(stem);
  const room = MAX_SEGMENT_BYTES - utf8Length(extension);
  while (chars.length > 1 && bytes > room) bytes -= utf8Length(chars.pop()!);
  return chars.join('') + extension;
}

function suffixed(name: string, n: number): string {
  const [stem, extension] = splitExtension(name);
  return `${stem}_${n}${extension}`;
}

/**
 * Lays files out one at a time, in ref order (the order that makes suffixes deterministic), holding
 * the taken paths of one source at a time: a top-level folder of a patient's output belongs to one
 * source, so paths of different sources never clash. Loose files (each a top of its own) and
 * earlier outputs stay taken for the whole layout.
 */
export class OutputLayout {
  // Folder names repeat across a patient's files and are renamed once; file names are mostly each
  // file's own, and kept they would be two strings more per file for the whole layout.
  private readonly renamedCache = new Map<string, string>();
  // A top-level entry (session folder or loose file) of the patient folder belongs to one source.
  private readonly topOwner = new Map<string, string>();
  private readonly topFor = new Map<string, string>();
  private readonly kept = new Set<string>();
  private readonly keptFolders = new Set<string>();
  private taken = new Set<string>();
  // This source's folders, and those moved aside from a file of the same path (`Smith` beside
  // `SMITH/`, once both are the id): a file never lands on a folder, nor a folder on a file.
  private folders = new Set<string>();
  private moved = new Map<string, string>();
  private source: string | undefined;
  private readonly left = new Set<string>();
  private lastRef: string | undefined;

  constructor(
    private readonly rename: SegmentRenamer,
    earlier: readonly EarlierOutput[] = [],
  ) {
    for (const { out, owner } of earlier) {
      this.kept.add(out.normalize('NFC').toLowerCase());
      for (let slash = out.indexOf('/'); slash >= 0; slash = out.indexOf('/', slash + 1)) this.keptFolders.add(out.slice(0, slash).normalize('NFC').toLowerCase());
      const [patientId, top] = out.split('/');
      const topKey = `${patientId}/${top}`.normalize('NFC').toLowerCase();
      // NUL never appears in a source name: an earlier input's folder is no source of this run.
      if (owner !== undefined && top !== undefined && !this.topOwner.has(topKey)) this.topOwner.set(topKey, `\u0000${owner}`);
    }
  }

  private cleanSegment(segment: string, patientId: string): string {
    let renamed = this.rename(segment, patientId).replace(/[/\\]/g, '_');
    // An id longer than the name it replaces can push a long name past what file systems take
    // (255 bytes): the end of its stem goes, and what is left is searched again. A name left as
    // it was is cut only past 255 bytes (an input from a file system that takes more).
    for (let round = 0; round < 4 && utf8Length(renamed) > (renamed === segment ? 255 : MAX_SEGMENT_BYTES); round++) {
      renamed = this.rename(shortened(renamed), patientId).replace(/[/\\]/g, '_');
    }
    return renamed === '' || renamed === '.' || renamed === '..' ? '_' : renamed;
  }

  private renameSegment(segment: string, patientId: string, leaf: boolean): string {
    if (leaf) return this.cleanSegment(segment, patientId);
    const key = `${patientId}\u0000${segment}`;
    let renamed = this.renamedCache.get(key);
    if (renamed === undefined) {
      renamed = this.cleanSegment(segment, patientId);
      this.renamedCache.set(key, renamed);
    }
    return renamed;
  }

  private isTaken(path: string): boolean {
    const folded = path.normalize('NFC').toLowerCase();
    return this.taken.has(folded) || this.kept.has(folded);
  }

  private isFolder(path: string): boolean {
    const folded = path.normalize('NFC').toLowerCase();
    return this.folders.has(folded) || this.keptFolders.has(folded);
  }

  /** Whether `top` (a patient folder's entry) is another source's. */
  private ownedByOther(patientId: string, top: string, source: string): boolean {
    const owner = this.topOwner.get(`${patientId}/${top}`.normalize('NFC').toLowerCase());
    return owner !== undefined && owner !== source;
  }

  /** The output path of `file`; files come in ascending ref order. */
  place(file: LayoutFile): string {
    if (this.lastRef !== undefined && !(this.lastRef < file.ref)) throw new Error(`layout: ${file.ref} comes after ${this.lastRef}; files must come in ascending ref order`);
    this.lastRef = file.ref;
    if (file.source !== this.source) {
      // A source's refs share their first segment, so they come together; a source met again
      // would find its taken paths gone and could be given one twice.
      if (this.left.has(file.source)) throw new Error(`layout: files of ${file.source} are not contiguous in ref order`);
      if (this.source !== undefined && this.source !== '') this.left.add(this.source);
      this.source = file.source;
      this.taken = new Set();
      this.folders = new Set();
      this.moved = new Map();
    }
    const parts = file.relativePath.split('/').filter((s) => s.length > 0);
    const segments = parts.map((segment, i) => this.renameSegment(segment, file.patientId, i === parts.length - 1));
    if (segments.length === 0) segments.push('file');
    const topKey = `${file.patientId}\u0000${file.source}\u0000${segments[0]}`;
    let top = this.topFor.get(topKey);
    if (top === undefined) {
      const base = segments[0]!;
      top = base;
      for (let n = 2; ; n++) {
        const owner = this.topOwner.get(`${file.patientId}/${top}`.normalize('NFC').toLowerCase());
        if (owner === undefined || owner === file.source) break;
        top = suffixed(base, n);
      }
      this.topOwner.set(`${file.patientId}/${top}`.normalize('NFC').toLowerCase(), file.source);
      this.topFor.set(topKey, top);
    }
    segments[0] = top;
    const last = segments.length - 1;
    let dir = file.patientId;
    for (let i = 0; i < last; i++) {
      const wanted = `${dir}/${segments[i]}`;
      let folder = this.moved.get(wanted.normalize('NFC').toLowerCase());
      if (folder === undefined && this.isTaken(wanted)) {
        let name = segments[i]!;
        for (let n = 2; this.isTaken(`${dir}/${name}`) || (i === 0 && this.ownedByOther(file.patientId, name, file.source)); n++) name = suffixed(segments[i]!, n);
        folder = `${dir}/${name}`;
        this.moved.set(wanted.normalize('NFC').toLowerCase(), folder);
        if (i === 0) this.topOwner.set(folder.normalize('NFC').toLowerCase(), file.source);
      }
      dir = folder ?? wanted;
      segments[i] = dir.slice(dir.lastIndexOf('/') + 1);
      this.folders.add(dir.normalize('NFC').toLowerCase());
    }
    const leaf = segments[last]!;
    let path = `${dir}/${leaf}`;
    for (let n = 2; this.isTaken(path) || this.isFolder(path) || (last === 0 && this.ownedByOther(file.patientId, segments[0]!, file.source)); n++) {
      segments[last] = suffixed(leaf, n);
      path = `${dir}/${segments[last]}`;
    }
    if (last === 0) this.topOwner.set(path.normalize('NFC').toLowerCase(), file.source);
    // Loose files are each a top of their own, met between other sources: theirs stay taken.
    (file.source === '' ? this.kept : this.taken).add(path.normalize('NFC').toLowerCase());
    return path;
  }
}

/** Output paths (relative to the output folder, `/`-separated) by input ref, for files held in memory. */
export function layOutFiles(files: readonly LayoutFile[], rename: SegmentRenamer, earlier: readonly EarlierOutput[] = []): Map<string, string> {
  const layout = new OutputLayout(rename, earlier);
  const result = new Map<string, string>();
  for (const file of [...files].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0))) result.set(file.ref, layout.place(file));
  return result;
}
