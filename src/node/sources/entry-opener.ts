/**
 * Opens an entry from its ref alone, in whichever thread holds the opener: a file on disk, an
 * entry of a zip, an entry of a zip nested in a zip. Zips stay open in a small cache so a worker
 * reading a zip's entries one by one parses its directory once.
 */
import { isAbsolute, join, relative, sep } from 'node:path';
import { crc32, inflateRawSync, type ZlibOptions, constants as zlibConstants } from 'node:zlib';
import { EntryError } from './entry-error.ts';
import { MemoryRange, type OpenFile, openRegularFile, type RangeReader, type RangeSource } from './range-reader.ts';
import { fsPath } from './fs-names.ts';
import { diskRef, parseRef, zipEntryRef } from './refs.ts';
import { SpillFolder } from './spill.ts';
import { DEFAULT_LIMITS, type EntryHandle, type SourceLimits, type SourceOptions } from './types.ts';
import { readZipDirectory, type ZipDirectory, type ZipItem } from './zip-directory.ts';

/** An open zip: its bytes, its directory, and who still needs it. */
export interface OpenZip {
  readonly ref: string;
  readonly range: RangeReader;
  readonly directory: ZipDirectory;
  /** Zip nesting level: 1 for a zip on disk. */
  readonly depth: number;
  find(name: string, occurrence: number): ZipItem | undefined;
}

interface CachedZip extends OpenZip {
  users: number;
  readonly memoryBytes: number;
  readonly release: () => void;
  readonly parent: CachedZip | undefined;
}

const LOCAL_HEADER = 0x04034b50;

/** `whole`: every byte ready and checked. `head`: for a header scan, deflated data inflated as far as read. */
export type OpenMode = 'whole' | 'head';

/**
 * A deflated entry inflated as far as reads reach: from a prefix of its compressed bytes, the
 * prefix doubled as reads go further, and inflated whole (size and CRC checked) once they reach
 * past what a prefix gave. Every read is served from memory bounded by the entry's declared size.
 */
class LazyInflateRange implements RangeSource {
  private inflated: Uint8Array = new Uint8Array(0);
  private taken = 0;
  private complete = false;

  constructor(
    private readonly zip: RangeReader,
    private readonly start: number,
    private readonly compressedSize: number,
    readonly size: number,
    private readonly whole: () => Uint8Array,
    private readonly ref: string,
  ) {}

  read(offset: number, length: number): Uint8Array {
    const end = Math.min(this.size, offset + Math.max(0, length));
    while (!this.complete && end > this.inflated.length) this.grow();
    const bytes = this.inflated;
    const from = Math.min(offset, bytes.length);
    const to = Math.min(end, bytes.length);
    // A plain view, not the Buffer zlib returns: the codec compares and copies these.
    return new Uint8Array(bytes.buffer, bytes.byteOffset + from, Math.max(0, to - from));
  }

  private grow(): void {
    const next = Math.max(PREFIX_BYTES, this.taken * 2);
    if (next >= this.compressedSize) {
      this.inflated = this.whole();
      this.complete = true;
      return;
    }
    // A sync flush at the end of the prefix: everything it holds, no error for what is cut.
    this.inflated = inflateEntry(this.zip.read(this.start, next), { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: this.size }, this.ref);
    this.taken = next;
  }
}

/** Inflates raw deflate data of the entry `ref`; data that does not inflate is a corrupt zip. */
function inflateEntry(compressed: Uint8Array, options: ZlibOptions, ref: string): Uint8Array {
  try {
    return inflateRawSync(compressed, options);
  } catch (error) {
    throw new EntryError('corrupt-zip', `entry does not inflate: ${(error as Error).message}`, ref, { cause: error });
  }
}

/**
 * Compressed bytes inflated first for a header: enough for the parser's first 64 KiB window even
 * when the data does not compress, so most headers take one partial inflation.
 */
const PREFIX_BYTES = 80 * 1024;
/**
 * Zips kept open when no file of theirs is being read. A run reads a zip's entries one after the
 * other (refs in order), so a zip closed is seldom opened again; what counts is that each opener
 * (the listing's, the main thread's and every worker's) holds no more than this, whatever the
 * entries per zip: at 16 zips and 16 MB each, a run's peak grew with the files per zip.
 */
const MAX_IDLE_ZIPS = 4;
const MAX_IDLE_MEMORY = 8 * 1024 * 1024;
/** What one entry of a zip's directory costs held (its record, name, safe path and index entry), measured. */
const DIRECTORY_ITEM_BYTES = 256;

function errnoProblem(error: unknown, ref: string): EntryError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return new EntryError('symlink', 'is a symbolic link, not followed', ref, { cause: error });
  if (code === 'ENOTREG') return new EntryError('special-file', 'is not a regular file', ref, { cause: error });
  return new EntryError('unreadable', `cannot be read (${code ?? (error as Error).message})`, ref, { cause: error });
}

export class EntryOpener {
  readonly limits: SourceLimits;
  private readonly spill: SpillFolder | undefined;
  private readonly zips = new Map<string, CachedZip>();
  private readonly pending = new Map<string, Promise<CachedZip>>();
  private closing = false;

  /** @param root the folder refs are relative to (the input folder, or a zip input's parent). */
  constructor(
    readonly root: string,
    options: SourceOptions = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.spill = options.spillDir === undefined ? undefined : new SpillFolder(options.spillDir, this.limits.spillBytes);
  }

  /** The absolute path of a disk ref's file, refusing any that would leave the root. */
  diskPath(path: string, ref: string): string | Buffer {
    // Escaped bytes (names that are not UTF-8) are never `/` or `.`: a stand-in has the same shape.
    const full = join(this.root, path.replace(/[\udc80-\udcff]/g, '_'));
    const rel = relative(this.root, full);
    if (rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) {
      throw new EntryError('unsafe-path', 'reference leaves the input folder', ref);
    }
    return fsPath(this.root, path);
  }

  /**
   * Opens the entry a ref names. Throws {@link EntryError} when it cannot be read. With `head`, a
   * deflated zip entry is inflated only as far as reads reach (a header scan reads the first
   * kilobytes): its CRC is then checked only if it is read to the end, and a read that finds it
   * corrupt throws the EntryError.
   */
  async open(ref: string, mode: OpenMode = 'whole'): Promise<EntryHandle> {
    let parsed: ReturnType<typeof parseRef>;
    try {
      parsed = parseRef(ref);
    } catch (error) {
      throw new EntryError('invalid-name', (error as Error).message, ref);
    }
    const last = parsed.steps[parsed.steps.length - 1];
    if (last === undefined) {
      const path = this.diskPath(parsed.diskPath, ref);
      let file: OpenFile;
      try {
        file = openRegularFile(path);
      } catch (error) {
        throw errnoProblem(error, ref);
      }
      return { source: file.range(), close: async () => file.close() };
    }
    let zipRef = diskRef(parsed.diskPath);
    for (const step of parsed.steps.slice(0, -1)) zipRef = zipEntryRef(zipRef, step.name, step.occurrence);
    const zip = await this.cachedZip(zipRef);
    zip.users++;
    try {
      const item = zip.find(last.name, last.occurrence);
      if (item === undefined) throw new EntryError('unreadable', 'zip entry not found', ref);
      // Entries too large for memory are spilled whole either way: a read past the prefix needs them.
      const lazy = mode === 'head' && item.method !== 0 && !item.refusal && item.uncompressedSize > 0 && item.uncompressedSize <= this.limits.inflateInMemoryBytes;
      const data = lazy ? this.itemHead(zip, item, ref) : await this.itemData(zip, item, ref);
      let closed = false;
      const range = data.range;
      const readInto = range.readInto?.bind(range);
      const refuseClosed = () => {
        if (closed) throw new Error('read from a closed entry');
      };
      return {
        // The zip stays open for other entries, so the handle itself refuses reads once closed.
        source: {
          size: range.size,
          read: (offset: number, length: number) => {
            refuseClosed();
            return range.read(offset, length);
          },
          ...(readInto
            ? {
                readInto: (target: Uint8Array, offset: number) => {
                  refuseClosed();
                  return readInto(target, offset);
                },
              }
            : {}),
        },
        close: async () => {
          if (closed) return;
          closed = true;
          data.release();
          this.unuse(zip);
        },
      };
    } catch (error) {
      this.unuse(zip);
      throw error;
    }
  }

  /** The open zip a ref names (a zip on disk or an entry of one), from the cache when there. */
  zip(ref: string): Promise<OpenZip> {
    return this.cachedZip(ref);
  }

  private async cachedZip(ref: string): Promise<CachedZip> {
    const cached = this.zips.get(ref);
    if (cached) {
      this.zips.delete(ref);
      this.zips.set(ref, cached);
      return cached;
    }
    let loading = this.pending.get(ref);
    if (!loading) {
      loading = this.load(ref).finally(() => this.pending.delete(ref));
      this.pending.set(ref, loading);
    }
    return loading;
  }

  private async load(ref: string): Promise<CachedZip> {
    const parsed = parseRef(ref);
    const last = parsed.steps[parsed.steps.length - 1];
    let range: RangeReader;
    let release: () => void;
    let parent: CachedZip | undefined;
    if (last === undefined) {
      try {
        const file = openRegularFile(this.diskPath(parsed.diskPath, ref));
        range = file.range();
        release = () => file.close();
      } catch (error) {
        throw error instanceof EntryError ? error : errnoProblem(error, ref);
      }
    } else {
      parent = await this.cachedZip(ref.slice(0, ref.lastIndexOf('!')));
      if (parent.depth >= this.limits.maxZipDepth) throw new EntryError('too-deep', `zips nested more than ${this.limits.maxZipDepth} deep are not read`, ref);
      parent.users++;
      try {
        const item = parent.find(last.name, last.occurrence);
        if (item === undefined) throw new EntryError('unreadable', 'zip entry not found', ref);
        ({ range, release } = await this.itemData(parent, item, ref));
      } catch (error) {
        this.unuse(parent);
        throw error;
      }
    }
    const directory = await readZipDirectory(range, this.limits);
    const index = new Map<string, ZipItem>();
    for (const item of directory.items) index.set(`${item.occurrence}#${item.name}`, item);
    const zip: CachedZip = {
      ref, range, directory, users: 0, parent, release,
      depth: (parent?.depth ?? 0) + 1,
      memoryBytes: (range instanceof MemoryRange ? range.size : 0) + directory.items.length * DIRECTORY_ITEM_BYTES,
      find: (name, occurrence) => index.get(`${occurrence}#${name}`),
    };
    this.zips.set(ref, zip);
    this.evict();
    return zip;
  }

  /** A deflated zip item that fits in memory, for a header read: inflated as far as it is read. */
  private itemHead(zip: OpenZip, item: ZipItem, ref: string): { range: RangeSource; release: () => void } {
    const start = this.dataStart(zip, item, ref);
    const whole = () => this.inflateWhole(zip, item, ref, start);
    return { range: new LazyInflateRange(zip.range, start, item.compressedSize, item.uncompressedSize, whole, ref), release: () => {} };
  }

  /** Where an item's data starts, after its local header; throws for a header that is not there. */
  private dataStart(zip: OpenZip, item: ZipItem, ref: string): number {
    if (item.refusal) throw new EntryError(item.refusal.code, item.refusal.message, ref);
    const header = zip.range.read(item.localHeaderOffset, 30);
    const view = new DataView(header.buffer, header.byteOffset, header.length);
    if (header.length < 30 || view.getUint32(0, true) !== LOCAL_HEADER) {
      throw new EntryError('corrupt-zip', `no local header at offset ${item.localHeaderOffset}`, ref);
    }
    const start = item.localHeaderOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
    if (start + item.compressedSize > zip.range.size) throw new EntryError('corrupt-zip', 'entry data runs past the end of the zip', ref);
    return start;
  }

  /** A deflated item inflated in memory, its size and CRC checked. */
  private inflateWhole(zip: OpenZip, item: ZipItem, ref: string, start: number): Uint8Array {
    const size = item.uncompressedSize;
    const bytes = inflateEntry(zip.range.read(start, item.compressedSize), { maxOutputLength: size }, ref);
    if (bytes.length !== size) throw new EntryError('corrupt-zip', `entry inflates to ${bytes.length} bytes, ${size} declared`, ref);
    if (crc32(bytes) !== item.crc32) throw new EntryError('corrupt-zip', 'entry fails its CRC check', ref);
    return bytes;
  }

  /** The bytes of a zip item: a slice when stored, inflated in memory or spilled when deflated. */
  async itemData(zip: OpenZip, item: ZipItem, ref: string): Promise<{ range: RangeReader; release: () => void }> {
    const start = this.dataStart(zip, item, ref);
    const noop = () => {};
    if (item.method === 0) return { range: zip.range.slice(start, item.compressedSize), release: noop };
    const size = item.uncompressedSize;
    if (size === 0) return { range: new MemoryRange(new Uint8Array(0)), release: noop };
    if (size <= this.limits.inflateInMemoryBytes) return { range: new MemoryRange(this.inflateWhole(zip, item, ref, start)), release: noop };
    if (!this.spill) throw new EntryError('too-large', `entry of ${size} bytes exceeds the in-memory limit and no spill folder is set`, ref);
    let spilled: { path: string; release: () => void };
    try {
      spilled = await this.spill.inflate(zip.range.stream(start, start + item.compressedSize), size);
    } catch (error) {
      const full = (error as NodeJS.ErrnoException).code === 'ESPILLFULL';
      throw new EntryError(full ? 'too-large' : 'corrupt-zip', `entry cannot be inflated: ${(error as Error).message}`, ref, { cause: error });
    }
    const file = openRegularFile(spilled.path);
    return {
      range: file.range(),
      release: () => {
        file.close();
        spilled.release();
      },
    };
  }

  private unuse(zip: OpenZip): void {
    (zip as CachedZip).users--;
    this.evict();
  }

  private evict(): void {
    const maxZips = this.closing ? 0 : MAX_IDLE_ZIPS;
    const maxMemory = this.closing ? 0 : MAX_IDLE_MEMORY;
    let memory = 0;
    for (const zip of this.zips.values()) if (zip.users === 0) memory += zip.memoryBytes;
    // Repeat: releasing a nested zip can leave its parent idle.
    for (let released = true; released; ) {
      released = false;
      for (const [ref, zip] of this.zips) {
        if (this.zips.size <= maxZips && memory <= maxMemory) return;
        if (zip.users > 0) continue;
        this.zips.delete(ref);
        memory -= zip.memoryBytes;
        zip.release();
        released = true;
        if (zip.parent) zip.parent.users--;
      }
    }
  }

  /** Releases every cached zip now, and each zip still in use when its last handle closes. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.pending.values()]);
    this.closing = true;
    this.evict();
  }
}

const shared = new Map<string, EntryOpener>();

/**
 * Opens the entry `ref` of the input whose root folder is `inputRoot` (as returned by
 * `discoverSources`), from the ref alone: what a worker thread calls. Openers are shared per
 * root within a thread, so each zip's directory is read once per thread.
 */
export function openEntry(inputRoot: string, ref: string, options: SourceOptions = {}, mode: OpenMode = 'whole'): Promise<EntryHandle> {
  let opener = shared.get(inputRoot);
  if (!opener) {
    opener = new EntryOpener(inputRoot, options);
    shared.set(inputRoot, opener);
  }
  return opener.open(ref, mode);
}

/** Releases the zips {@link openEntry} keeps open in this thread. */
export async function closeSharedOpeners(): Promise<void> {
  const openers = [...shared.values()];
  shared.clear();
  await Promise.all(openers.map((opener) => opener.close()));
}
