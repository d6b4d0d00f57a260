/**
 * Synchronous random access to a byte range: a whole file, a stored zip entry inside a file, or
 * an inflated entry held in memory. Zip entries are read in place through these ranges, so a
 * stored entry of a zip nested in a zip costs no copy at all.
 */
import { closeSync, constants, fstatSync, openSync, read as fsRead, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';

/**
 * The codec's ByteSource port (`src/core/dicom/source.ts`), structurally: `read` returns the
 * bytes at `[offset, offset + length)`, fewer only past the end.
 */
export interface RangeSource {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
  /**
   * Fills `target` with the bytes from `offset` on and returns how many it got (fewer only past
   * the end). Sources on disk have it, so a caller with a buffer to reuse reads without allocating.
   */
  readInto?(target: Uint8Array, offset: number): number;
}

/** A readable range with sub-ranges; `close` releases the file descriptor it owns, if any. */
export interface RangeReader extends RangeSource {
  /** A view of `[start, start + length)` of this range, sharing its storage. */
  slice(start: number, length: number): RangeReader;
  /** A Node stream of `[start, end)`, for inflating large entries without holding them. */
  stream(start: number, end: number): Readable;
}

function clampedLength(size: number, offset: number, length: number): number {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new RangeError(`invalid read of ${length} bytes at ${offset}`);
  }
  return Math.max(0, Math.min(length, size - offset));
}

function checkSlice(size: number, start: number, length: number): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(length) || start < 0 || length < 0 || start + length > size) {
    throw new RangeError(`range [${start}, ${start + length}) is outside [0, ${size})`);
  }
}

/**
 * A file open for reading. Ranges check it is still open before each read: once closed, its
 * descriptor number may already belong to another file, whose bytes must never be read instead.
 */
export class OpenFile {
  private isOpen = true;

  constructor(
    readonly fd: number,
    readonly size: number,
  ) {}

  get open(): boolean {
    return this.isOpen;
  }

  close(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    closeSync(this.fd);
  }

  /** The whole file as a range. */
  range(): FdRange {
    return new FdRange(this, 0, this.size);
  }
}

/** A range of an open file (shared by every slice). */
export class FdRange implements RangeReader {
  constructor(
    readonly file: OpenFile,
    readonly base: number,
    readonly size: number,
  ) {}

  private get fd(): number {
    if (!this.file.open) throw new Error('read from a closed entry');
    return this.file.fd;
  }

  read(offset: number, length: number): Uint8Array {
    const wanted = clampedLength(this.size, offset, length);
    // Not pooled (so `out.buffer` is its own) and not zero-filled: every byte is read over.
    const slab = Buffer.allocUnsafeSlow(wanted);
    const out = new Uint8Array(slab.buffer, slab.byteOffset, wanted);
    const done = this.fill(out, offset, wanted);
    return done === wanted ? out : out.subarray(0, done);
  }

  readInto(target: Uint8Array, offset: number): number {
    return this.fill(target, offset, clampedLength(this.size, offset, target.length));
  }

  private fill(out: Uint8Array, offset: number, wanted: number): number {
    let done = 0;
    while (done < wanted) {
      const got = readSync(this.fd, out, done, wanted - done, this.base + offset + done);
      if (got === 0) break; // the file shrank under us: return what exists
      done += got;
    }
    return done;
  }

  slice(start: number, length: number): RangeReader {
    checkSlice(this.size, start, length);
    return new FdRange(this.file, this.base + start, length);
  }

  stream(start: number, end: number): Readable {
    const wanted = clampedLength(this.size, start, end - start);
    const chunk = 1 << 20;
    let position = start;
    const limit = start + wanted;
    const fd = this.fd;
    const base = this.base;
    return new Readable({
      read(this: Readable) {
        if (position >= limit) return void this.push(null);
        const out = new Uint8Array(Math.min(chunk, limit - position));
        fsRead(fd, out, 0, out.length, base + position, (error, got) => {
          if (error) return void this.destroy(error);
          if (got === 0) return void this.destroy(new Error('unexpected end of file'));
          position += got;
          this.push(out.subarray(0, got));
        });
      },
    });
  }
}

/** A range of bytes in memory (an inflated entry). */
export class MemoryRange implements RangeReader {
  constructor(readonly bytes: Uint8Array) {}

  get size(): number {
    return this.bytes.length;
  }

  read(offset: number, length: number): Uint8Array {
    const wanted = clampedLength(this.size, offset, length);
    return this.bytes.subarray(offset, offset + wanted);
  }

  slice(start: number, length: number): RangeReader {
    checkSlice(this.size, start, length);
    return new MemoryRange(this.bytes.subarray(start, start + length));
  }

  stream(start: number, end: number): Readable {
    const wanted = clampedLength(this.size, start, end - start);
    return Readable.from([this.bytes.subarray(start, start + wanted)], { objectMode: false });
  }
}

let noAtime = (constants as { O_NOATIME?: number }).O_NOATIME ?? 0;

/**
 * Opens a regular file read-only without following a final symlink, without blocking on a FIFO
 * swapped in after the walk, and without touching its access time where the system allows it.
 * Throws a Node error (`code` set) when it is not a regular file.
 */
export function openRegularFile(path: string | Buffer): OpenFile {
  const base = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  let fd: number;
  try {
    fd = openSync(path, base | noAtime);
  } catch (error) {
    // O_NOATIME is refused for files we do not own; remember and open normally.
    if (noAtime === 0 || (error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
    noAtime = 0;
    fd = openSync(path, base);
  }
  const stat = fstatSync(fd);
  if (!stat.isFile()) {
    closeSync(fd);
    throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTREG' });
  }
  return new OpenFile(fd, stat.size);
}

/** yauzl's reader port over a {@link RangeReader}, so nested zips are parsed in place. */
export function yauzlReader(range: RangeReader): yauzl.RandomAccessReader {
  const reader = new (yauzl.RandomAccessReader as unknown as new () => yauzl.RandomAccessReader)();
  reader._readStreamForRange = (start: number, end: number) => range.stream(start, end);
  reader.read = (buffer, offset, length, position, callback) => {
    try {
      const bytes = range.read(position, length);
      if (bytes.length !== length) throw new Error('unexpected end of zip data');
      buffer.set(bytes, offset);
      setImmediate(() => callback(null));
    } catch (error) {
      setImmediate(() => callback(error as Error));
    }
  };
  return reader;
}
