/**
 * The codec's ByteSource over a file on disk: synchronous positional reads through one reusable
 * buffer. A small file (a CT slice) is read whole with one call, and the writer then copies its
 * ranges from that buffer; a large one is read through a 64 KB window, so parsing a 2 GB file
 * touches its headers and never its pixel data.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ByteSource } from '../../core/dicom/source.ts';

/** Files up to this size are read whole on first access. */
const WHOLE_FILE_BYTES = 1024 * 1024;
const WINDOW_BYTES = 64 * 1024;

/** Buffers of closed sources, reused: allocating one per file costs as much as the work itself. */
const pool: Buffer[] = [];

/** A file opened for reading; `read` returns a view that the next `read` may overwrite. */
export class FileSource implements ByteSource {
  private buffer: Buffer;
  private cacheStart = 0;
  private cacheLength = 0;

  constructor(
    /** The open descriptor; {@link FileSource.close} closes it. */
    readonly fd: number,
    readonly size: number,
  ) {
    this.buffer = pool.pop() ?? Buffer.allocUnsafe(WHOLE_FILE_BYTES);
  }

  /** The cached bytes of `[offset, offset + length)`, or undefined if they are not in the buffer. */
  cached(offset: number, length: number): Uint8Array | undefined {
    const index = offset - this.cacheStart;
    if (index < 0 || index + length > this.cacheLength) return undefined;
    return new Uint8Array(this.buffer.buffer, this.buffer.byteOffset + index, length);
  }

  read(offset: number, length: number): Uint8Array {
    const wanted = Math.max(0, Math.min(length, this.size - offset));
    const hit = this.cached(offset, wanted);
    if (hit) return hit;
    if (wanted > this.buffer.length) {
      // Rare large reads (a deflated data set, tests) get their own buffer; the shared one stays small.
      const own = Buffer.allocUnsafe(wanted);
      return new Uint8Array(own.buffer, own.byteOffset, readFully(this.fd, own, wanted, offset));
    }
    const start = this.size <= this.buffer.length ? 0 : offset;
    const span = this.size <= this.buffer.length ? this.size : Math.min(this.size - offset, Math.max(wanted, WINDOW_BYTES));
    this.cacheStart = start;
    this.cacheLength = readFully(this.fd, this.buffer, span, start);
    // A plain Uint8Array view: core code compares and copies these, and must not see Buffer.
    return this.cached(offset, wanted) ?? new Uint8Array(0);
  }

  close(): void {
    closeSync(this.fd);
    if (pool.length < 8) pool.push(this.buffer);
    this.cacheLength = 0;
  }
}

/** Reads up to `length` bytes at `position` into the start of `buffer`; returns the count read. */
export function readFully(fd: number, buffer: Uint8Array, length: number, position: number): number {
  let done = 0;
  while (done < length) {
    const got = readSync(fd, buffer, done, length - done, position + done);
    if (got === 0) break;
    done += got;
  }
  return done;
}

/**
 * Opens `path` as a ByteSource; close it when done.
 * @example
 * const source = openFileSource('ct.dcm');
 * try { const file = parseDicom(source); … } finally { source.close(); }
 */
export function openFileSource(path: string | Buffer): FileSource {
  const fd = openSync(path, 'r');
  try {
    return new FileSource(fd, fstatSync(fd).size);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
