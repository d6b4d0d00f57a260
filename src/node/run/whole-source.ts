/**
 * Pass 2 reads each input file once: a file up to a few megabytes (a CT or MR slice) is read
 * whole into a buffer this thread reuses, and parsing, writing and the bulk comparison are all
 * served from it. Reading it piecemeal would read the pixel data twice (to write, then to prove
 * the copy) and allocate fresh memory for each piece, which costs page faults on every file.
 */
import type { ByteSource } from '../../core/dicom/source.ts';
import type { HeldSource } from '../io/write-parts.ts';
import type { RangeSource } from '../sources/index.ts';
import { WindowedSource } from './windowed-source.ts';

/** Files up to this size are read whole; larger ones through a window, never held. */
export const WHOLE_FILE_LIMIT = 4 * 1024 * 1024;

/** Buffers of closed sources, kept for the next file (a thread works on one or two at a time). */
const spare: Uint8Array[] = [];
const MAX_SPARE = 4;

function takeBuffer(size: number): Uint8Array {
  const at = spare.findIndex((buffer) => buffer.length >= size);
  if (at >= 0) return spare.splice(at, 1)[0]!;
  // Rounded up, so a buffer fits most of the files after it.
  return new Uint8Array(Math.min(WHOLE_FILE_LIMIT, Math.max(size, 1 << 20)));
}

/** A source held whole in memory; `release` hands its buffer back once nothing reads it. */
export class WholeSource implements HeldSource {
  readonly held = true;
  private bytes: Uint8Array | undefined;
  private buffer: Uint8Array | undefined;

  constructor(private readonly inner: RangeSource) {}

  get size(): number {
    return this.inner.size;
  }

  read(offset: number, length: number): Uint8Array {
    this.bytes ??= this.load();
    const bytes = this.bytes;
    const start = Math.max(0, Math.min(offset, bytes.length));
    return bytes.subarray(start, Math.min(bytes.length, start + Math.max(0, length)));
  }

  private load(): Uint8Array {
    const size = this.inner.size;
    if (!this.inner.readInto) return this.inner.read(0, size); // already in memory (an inflated zip entry)
    this.buffer = takeBuffer(size);
    const got = this.inner.readInto(this.buffer.subarray(0, size), 0);
    return this.buffer.subarray(0, got);
  }

  release(): void {
    if (this.buffer && spare.length < MAX_SPARE) spare.push(this.buffer);
    this.buffer = undefined;
    this.bytes = undefined;
  }
}

/** The source pass 2 reads an entry through: whole when small, windowed when large. */
export function entrySource(inner: RangeSource): ByteSource & { release(): void } {
  if (inner.size <= WHOLE_FILE_LIMIT) return new WholeSource(inner);
  return new WindowedSource(inner);
}
