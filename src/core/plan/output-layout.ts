/**
 * Where each input file goes in the output: `<id>/<path within its source>`, every path segment
 * cleaned of names, clashes suffixed in sorted order of the input refs so the layout never
 * depends on timing (CONTRACT.md, "Patients"). Compared case-insensitively: outputs are opened on
 * Windows and macOS, whose file systems fold case.
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

function suffixed(name: string, n: number): string {
  const [stem, extension] = splitExtension(name);
  return `${stem}_${n}${extension}`;
}

/** Output paths (relative to the output folder, `/`-separated) by input ref. */
export function layOutFiles(files: readonly LayoutFile[], rename: SegmentRenamer, earlier: readonly EarlierOutput[] = []): Map<string, string> {
  const sorted = [...files].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  // Folder names repeat across a patient's files and are renamed once; file names are mostly each
  // file's own, and kept they would be two strings more per file for the whole layout.
  const renamedCache = new Map<string, string>();
  const cleanSegment = (segment: string, patientId: string): string => {
    const renamed = rename(segment, patientId).replace(/[/\\]/g, '_');
    return renamed === '' || renamed === '.' || renamed === '..' ? '_' : renamed;
  };
  const renameSegment = (segment: string, patientId: string, leaf: boolean): string => {
    if (leaf) return cleanSegment(segment, patientId);
    const key = `${patientId}\u0000${segment}`;
    let renamed = renamedCache.get(key);
    if (renamed === undefined) {
      renamed = cleanSegment(segment, patientId);
      renamedCache.set(key, renamed);
    }
    return renamed;
  };
  // A top-level entry (session folder or loose file) of the patient folder belongs to one source.
  const topOwner = new Map<string, string>();
  const topFor = new Map<string, string>();
  const taken = new Set<string>();
  const result = new Map<string, string>();
  for (const { out, owner } of earlier) {
    taken.add(out.toLowerCase());
    const [patientId, top] = out.split('/');
    const topKey = `${patientId}/${top}`.toLowerCase();
    // NUL never appears in a source name: an earlier input's folder is no source of this run.
    if (owner !== undefined && top !== undefined && !topOwner.has(topKey)) topOwner.set(topKey, `\u0000${owner}`);
  }

  for (const file of sorted) {
    const parts = file.relativePath.split('/').filter((s) => s.length > 0);
    const segments = parts.map((segment, i) => renameSegment(segment, file.patientId, i === parts.length - 1));
    if (segments.length === 0) segments.push('file');
    const topKey = `${file.patientId}\u0000${file.source}\u0000${segments[0]}`;
    let top = topFor.get(topKey);
    if (top === undefined) {
      const base = segments[0]!;
      top = base;
      for (let n = 2; ; n++) {
        const owner = topOwner.get(`${file.patientId}/${top}`.toLowerCase());
        if (owner === undefined || owner === file.source) break;
        top = suffixed(base, n);
      }
      topOwner.set(`${file.patientId}/${top}`.toLowerCase(), file.source);
      topFor.set(topKey, top);
    }
    segments[0] = top;
    const last = segments.length - 1;
    const leaf = segments[last]!;
    let path = [file.patientId, ...segments].join('/');
    for (let n = 2; taken.has(path.toLowerCase()); n++) {
      segments[last] = suffixed(leaf, n);
      path = [file.patientId, ...segments].join('/');
    }
    taken.add(path.toLowerCase());
    result.set(file.ref, path);
  }
  return result;
}
