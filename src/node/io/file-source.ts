/**
 * The codec's ByteSource over a file on disk: synchronous positional reads through one small
 * reusable buffer, so parsing a 2 GB file reads its headers and never its pixel data.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ByteSource } from '../../core/dicom/source.ts';

const WINDOW_BYTES = 64 * 1024;

/** A file opened for reading; `read` returns a view that the next `read` may overwrite. */
export class FileSource implements ByteSource {
  private window = Buffer.allocUnsafe(WINDOW_BYTES);

  constructor(
    /** The open descriptor; {@link FileSource.close} closes it. */
    readonly fd: number,
    readonly size: number,
  ) {}

  read(offset: number, length: number): Uint8Array {
    const wanted = Math.max(0, Math.min(length, this.size - offset));
    // Rare large reads (small deflated files, tests) get their own buffer; the window stays small.
    const target = wanted <= this.window.length ? this.window : Buffer.allocUnsafe(wanted);
    const got = readFully(this.fd, target, wanted, offset);
    // A plain Uint8Array view: core code compares and copies these, and must not see Buffer.
    return new Uint8Array(target.buffer, target.byteOffset, got);
  }

  close(): void {
    closeSync(this.fd);
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
export function openFileSource(path: string): FileSource {
  const fd = openSync(path, 'r');
  try {
    return new FileSource(fd, fstatSync(fd).size);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
