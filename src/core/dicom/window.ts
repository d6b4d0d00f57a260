/**
 * Reads headers through a small window over a ByteSource, so parsing a 2 GB file touches only
 * the bytes of its element headers and the few values the parser must understand.
 */
import { fail } from './bounds.ts';
import type { ByteSource } from './source.ts';

const WINDOW_SIZE = 64 * 1024;

/** A moving window over a source; every read is bounds-checked against the source size. */
export class Window {
  private bytes: Uint8Array = new Uint8Array(0);
  private view = new DataView(this.bytes.buffer);
  private start = 0;

  constructor(readonly source: ByteSource) {}

  get size(): number {
    return this.source.size;
  }

  /** Makes `[offset, offset + length)` readable; returns the index of `offset` in the window. */
  private at(offset: number, length: number): number {
    const index = offset - this.start;
    if (index >= 0 && index + length <= this.bytes.length) return index;
    if (offset + length > this.source.size) {
      fail('E_TRUNCATED', `file ends at ${this.source.size}, inside ${length} bytes expected at ${offset}`, offset);
    }
    this.bytes = this.source.read(offset, Math.max(length, Math.min(WINDOW_SIZE, this.source.size - offset)));
    if (this.bytes.length < length) fail('E_TRUNCATED', `source returned ${this.bytes.length} of ${length} bytes at ${offset}`, offset);
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    this.start = offset;
    return 0;
  }

  uint8(offset: number): number {
    const index = this.at(offset, 1);
    return this.view.getUint8(index);
  }

  uint16(offset: number, littleEndian: boolean): number {
    const index = this.at(offset, 2);
    return this.view.getUint16(index, littleEndian);
  }

  uint32(offset: number, littleEndian: boolean): number {
    const index = this.at(offset, 4);
    return this.view.getUint32(index, littleEndian);
  }

  /** A tag: group in the high 16 bits, each half in the given byte order. */
  tag(offset: number, littleEndian: boolean): number {
    const index = this.at(offset, 4);
    return ((this.view.getUint16(index, littleEndian) << 16) | this.view.getUint16(index + 2, littleEndian)) >>> 0;
  }

  /** A copy of `[offset, offset + length)`; callers bound `length` first. */
  copy(offset: number, length: number): Uint8Array {
    const index = this.at(offset, length);
    return new Uint8Array(this.bytes.subarray(index, index + length));
  }
}
