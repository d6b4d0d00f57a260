/**
 * A read-ahead window over any byte source: parsing asks for a few bytes per element header, and
 * a system call for each costs more than the parse itself. Reads up to one block are served from
 * the two blocks read last; larger ones (bulk copies) go straight through. Two, because a parse
 * reads the head of a file, then its tail after the pixel data, and then values back in the head.
 */
import type { RangeSource } from '../sources/index.ts';

const BLOCK = 64 * 1024;

interface Block {
  start: number;
  length: number;
  buffer: Uint8Array;
}

/** Block buffers of released sources: a header scan reads thousands of files, one after another. */
const spare: Uint8Array[] = [];
const MAX_SPARE = 8;

export class WindowedSource implements RangeSource {
  /** Most recently used first. */
  private blocks: Block[] = [];

  /** Large reads into the caller's buffer go straight to the inner source, when it can. */
  readonly readInto?: (target: Uint8Array, offset: number) => number;

  constructor(private readonly inner: RangeSource) {
    if (inner.readInto) this.readInto = inner.readInto.bind(inner);
  }

  get size(): number {
    return this.inner.size;
  }

  read(offset: number, length: number): Uint8Array {
    if (length > BLOCK) return this.inner.read(offset, length);
    const end = Math.min(offset + length, this.inner.size);
    for (let i = 0; i < this.blocks.length; i++) {
      const block = this.blocks[i]!;
      if (offset >= block.start && end <= block.start + block.length) {
        if (i > 0) this.blocks.unshift(...this.blocks.splice(i, 1));
        return block.buffer.subarray(offset - block.start, Math.max(offset, end) - block.start);
      }
    }
    const block = this.load(offset);
    return block.buffer.subarray(0, Math.max(offset, end) - offset);
  }

  /** Gives the block buffers to the next source; nothing read from this one may be used after. */
  release(): void {
    for (const block of this.blocks) if (spare.length < MAX_SPARE) spare.push(block.buffer);
    this.blocks = [];
  }

  private load(offset: number): Block {
    // The least recently used block's buffer is reused once two are held: a caller keeps no view
    // across reads (the ByteSource contract), and the parser copies what it keeps.
    const reused = this.blocks.length >= 2 ? this.blocks.pop()!.buffer : (spare.pop() ?? new Uint8Array(BLOCK));
    let length: number;
    if (this.inner.readInto) {
      length = this.inner.readInto(reused.subarray(0, Math.max(0, Math.min(BLOCK, this.inner.size - offset))), offset);
    } else {
      // Copied: the inner source may reuse its own buffer on its next read.
      const bytes = this.inner.read(offset, BLOCK);
      reused.set(bytes);
      length = bytes.length;
    }
    const block = { start: offset, length, buffer: reused };
    this.blocks.unshift(block);
    return block;
  }
}
