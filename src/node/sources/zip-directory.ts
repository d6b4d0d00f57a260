/**
 * Reads a zip's central directory (through yauzl, which handles zip64 and name encodings) into
 * plain records, and judges each entry before any of its data is read: directories, symlinks,
 * encryption, unsupported methods, unsafe or invalid names, duplicates, bombs.
 */
import yauzl from 'yauzl';
import { decodeSingleByte, isWellFormedUtf8 } from '../../core/text/name-readings.ts';
import { safeZipPath } from './names.ts';
import { salvageLocalEntries } from './zip-salvage.ts';
import { type RangeReader, yauzlReader } from './range-reader.ts';
import type { ProblemCode, SourceLimits } from './types.ts';

/** One entry of a zip's central directory. */
export interface ZipItem {
  /** Decoded name as stored (CP437 or UTF-8), used in refs ({@link EntryName.name}). */
  readonly name: string;
  /** 1 for the first entry of this name in directory order. */
  readonly occurrence: number;
  /** {@link safeZipPath} of the name's reading ({@link EntryName.reading}). */
  readonly safePath: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
  readonly crc32: number;
  readonly isDirectory: boolean;
  /** Why the entry cannot be read at all; undefined when it can. */
  readonly refusal?: { code: ProblemCode; message: string };
  /** Why it is read under another name than its own. */
  readonly renamed?: { code: ProblemCode; message: string };
}

export interface ZipDirectory {
  readonly items: readonly ZipItem[];
  /** Set when the directory could not be read to its end (items holds what was read). */
  readonly error?: string;
}

const UNIX_HOST = 3;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
const DOS_DIRECTORY = 0x10;

function openZip(range: RangeReader): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // Names are decoded here rather than by yauzl, whose name validation aborts the whole zip
    // at the first `..` entry; sizes are checked here too, entry by entry.
    const options = { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, autoClose: false };
    yauzl.fromRandomAccessReader(yauzlReader(range), range.size, options, (error, zip) => (error ? reject(error) : resolve(zip)));
  });
}

function collect(zip: yauzl.ZipFile, maxEntries: number): Promise<{ entries: yauzl.Entry[]; error?: string }> {
  return new Promise((resolve) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      if (entries.length >= maxEntries) resolve({ entries, error: `more than ${maxEntries} entries; the rest are not read` });
      else zip.readEntry();
    });
    zip.on('end', () => resolve({ entries }));
    zip.on('error', (error: Error) => resolve({ entries, error: error.message }));
    zip.readEntry();
  });
}

/** An entry's name as its ref holds it, and as the output path reads it. */
export interface EntryName {
  /** As zip readers decode it (the UTF-8 flag or Info-ZIP Unicode Path field, else CP437): stable in refs. */
  readonly name: string;
  /** The reading the output path is made of (see {@link entryName}). */
  readonly reading: string;
  /** The zip says the name is UTF-8 and it is not: read as CP437 instead. */
  readonly misdeclared?: true;
}

/**
 * The name of an entry from its raw bytes. Where the zip says the name is UTF-8 (general purpose
 * bit 11, or an Info-ZIP Unicode Path field matching the name) and it is, the output reads it so.
 * Where it says nothing, the bytes are read as UTF-8 when they are well formed (Linux archivers
 * write UTF-8 without the flag, and CP437 would turn `Krönberger` into `Kr├╢nberger`), else as
 * CP437, the zip default, one character per byte. Whatever the reading, the finder and the second
 * opinion search every other one of the same bytes (`core/text/name-readings.ts`).
 */
export function entryName(flags: number, raw: Buffer, extras: readonly yauzl.ExtraField[]): EntryName {
  // yauzl reads `\` as `/`, in every reading alike.
  const cp437 = decodeSingleByte(raw, 'cp437').replace(/\\/g, '/');
  let name: string;
  try {
    name = yauzl.getFileNameLowLevel(flags, raw, extras as yauzl.ExtraField[], false);
  } catch {
    return { name: raw.toString('latin1'), reading: cp437 };
  }
  if (name === cp437) return { name, reading: isWellFormedUtf8(raw) ? raw.toString('utf8').replace(/\\/g, '/') : cp437 };
  return name.includes('\ufffd') ? { name, reading: cp437, misdeclared: true } : { name, reading: name };
}

/** The facts about an entry that decide whether it can be read at all. */
export interface EntryFacts {
  readonly unixSymlink: boolean;
  readonly encrypted: boolean;
  readonly method: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
}

/** Why an entry cannot be read, or undefined when it can. */
export function judge(facts: EntryFacts, limits: SourceLimits): ZipItem['refusal'] {
  if (facts.unixSymlink) return { code: 'symlink', message: 'symbolic link entry in a zip, not followed' };
  if (facts.encrypted) return { code: 'encrypted', message: 'encrypted zip entry, cannot be read without its password' };
  if (facts.method !== 0 && facts.method !== 8) {
    return { code: 'unsupported-compression', message: `zip compression method ${facts.method} is not supported (only stored and deflate)` };
  }
  const { compressedSize: packed, uncompressedSize: size } = facts;
  if (facts.method === 0 && packed !== size) {
    return { code: 'corrupt-zip', message: `stored entry declares ${packed} bytes stored but ${size} bytes of content` };
  }
  if (size > limits.ratioFloorBytes && size / Math.max(packed, 1) > limits.maxRatio) {
    return { code: 'zip-bomb', message: `entry expands ${Math.round(size / Math.max(packed, 1))}× (limit ${limits.maxRatio}×)` };
  }
  return undefined;
}

/** An entry's name, its safe path (made of its reading), and whether it was renamed. */
export function nameFacts({ name, reading, misdeclared }: EntryName): Pick<ZipItem, 'name' | 'safePath' | 'renamed'> {
  const safe = safeZipPath(reading);
  const renamed = safe.unsafe
    ? { code: 'unsafe-path' as const, message: 'zip entry path leaves its folder (`..` or absolute); read under a safe name' }
    : safe.invalid
      ? { code: 'invalid-name' as const, message: 'zip entry name has control characters, undecodable bytes or an over-long part; read under a safe name' }
      : misdeclared
        ? { code: 'invalid-name' as const, message: 'zip entry name is not the UTF-8 its zip declares; read as CP437' }
        : undefined;
  return renamed ? { name, safePath: safe.path, renamed } : { name, safePath: safe.path };
}

/**
 * Reads the directory of the zip in `range`. Never throws for a bad zip: a zip that cannot be
 * opened yields an `error` and no items, a directory broken midway yields the items before it.
 */
export async function readZipDirectory(range: RangeReader, limits: SourceLimits): Promise<ZipDirectory> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(range);
  } catch (error) {
    // No readable central directory (a download cut short): recover what the local headers hold.
    const salvaged = salvageLocalEntries(range, limits);
    const message = (error as Error).message;
    if (salvaged.items.length === 0) return { items: [], error: message };
    markOverlaps(salvaged.items);
    return { items: salvaged.items, error: `no central directory (${message}); ${salvaged.items.length} entries recovered from their local headers, ${salvaged.stop}` };
  }
  const { entries, error } = await collect(zip, limits.maxZipEntries);
  zip.close();
  const counts = new Map<string, number>();
  const items: ZipItem[] = [];
  for (const entry of entries) {
    const names = entryName(entry.generalPurposeBitFlag, entry.fileNameRaw ?? (entry.fileName as unknown as Buffer), entry.extraFields);
    const { name } = names;
    const occurrence = (counts.get(name) ?? 0) + 1;
    counts.set(name, occurrence);
    const mode = entry.externalFileAttributes >>> 16;
    const isDirectory = name.endsWith('/') || name.endsWith('\\') ||
      (entry.uncompressedSize === 0 && ((entry.externalFileAttributes & DOS_DIRECTORY) !== 0 || (mode & S_IFMT) === S_IFDIR));
    const facts: EntryFacts = {
      unixSymlink: entry.versionMadeBy >> 8 === UNIX_HOST && (mode & S_IFMT) === S_IFLNK, encrypted: entry.isEncrypted(),
      method: entry.compressionMethod, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize,
    };
    const refusal = isDirectory ? undefined : judge(facts, limits);
    items.push({
      occurrence, ...nameFacts(names), method: entry.compressionMethod, compressedSize: entry.compressedSize,
      uncompressedSize: entry.uncompressedSize, localHeaderOffset: entry.relativeOffsetOfLocalHeader, crc32: entry.crc32, isDirectory,
      ...(refusal ? { refusal } : {}),
    });
  }
  markOverlaps(items);
  return error === undefined ? { items } : { items, error };
}

/**
 * Entries whose data overlap another's are the mark of a non-recursive zip bomb (many entries
 * inflating the same compressed kernel): every entry after the first on shared bytes is refused.
 */
export function markOverlaps(items: ZipItem[]): void {
  const order = items.map((_item, index) => index).filter((i) => !items[i]!.isDirectory);
  order.sort((a, b) => items[a]!.localHeaderOffset - items[b]!.localHeaderOffset);
  let end = -1;
  for (const index of order) {
    const item = items[index]!;
    if (item.localHeaderOffset < end && item.compressedSize > 0) {
      items[index] = { ...item, refusal: { code: 'zip-bomb', message: 'entry data overlaps another entry (a zip bomb pattern)' } };
      continue;
    }
    // 30 bytes of local header at least precede the data.
    end = Math.max(end, item.localHeaderOffset + 30 + item.compressedSize);
  }
}
