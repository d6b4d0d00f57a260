/**
 * A read-ahead window over any byte source: parsing asks for a few bytes per element header, and
 * a system call for each costs more than the parse itself. Small reads are served from one 64 KiB
 * block; large ones (bulk copies) go straight through.
 */
import type { ByteSource } from '../../core/dicom/source.ts';

const BLOCK = 64 * 1024;

export class WindowedSource implements ByteSource {
  private block = new Uint8Array(0);
  private blockStart = -1;

  constructor(private readonly inner: ByteSource) {}

  get size(): number {
    return this.inner.size;
  }

  read(offset: number, length: number): Uint8Array {
    if (length > BLOCK / 2) return this.inner.read(offset, length);
    const end = Math.min(offset + length, this.inner.size);
    if (this.blockStart < 0 || offset < this.blockStart || end > this.blockStart + this.block.length) {
      // Copy: the inner source may reuse its buffer on the next read.
      this.block = this.inner.read(offset, BLOCK).slice();
      this.blockStart = offset;
    }
    return this.block.subarray(offset - this.blockStart, Math.max(offset, end) - this.blockStart);
  }
}
