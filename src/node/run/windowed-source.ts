/**
 * A read-ahead window over any byte source: parsing asks for a few bytes per element header, and
 * a system call for each costs more than the parse itself. Reads up to one block are served from
 * the two blocks read last; larger ones (bulk copies) go straight through. Two, because a parse
 * reads the head of a file, then its tail after the pixel data, and then values back in the head.
 */
import type { ByteSource } from '../../core/dicom/source.ts';

const BLOCK = 64 * 1024;

interface Block {
  start: number;
  bytes: Uint8Array;
}

export class WindowedSource implements ByteSource {
  /** Most recently used first. */
  private blocks: Block[] = [];

  constructor(private readonly inner: ByteSource) {}

  get size(): number {
    return this.inner.size;
  }

  read(offset: number, length: number): Uint8Array {
    if (length > BLOCK) return this.inner.read(offset, length);
    const end = Math.min(offset + length, this.inner.size);
    for (let i = 0; i < this.blocks.length; i++) {
      const block = this.blocks[i]!;
      if (offset >= block.start && end <= block.start + block.bytes.length) {
        if (i > 0) this.blocks.unshift(...this.blocks.splice(i, 1));
        return block.bytes.subarray(offset - block.start, Math.max(offset, end) - block.start);
      }
    }
    // Copy: the inner source may reuse its buffer on the next read.
    const block = { start: offset, bytes: this.inner.read(offset, BLOCK).slice() };
    this.blocks = [block, ...this.blocks.slice(0, 1)];
    return block.bytes.subarray(0, Math.max(offset, end) - offset);
  }
}
