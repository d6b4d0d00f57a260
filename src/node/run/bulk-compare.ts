/**
 * Proof that bulk data (pixel data, overlays, waveforms, documents) was copied verbatim: the
 * written range is compared byte for byte with the source range, in reused chunks, instead of
 * trusting the writer. Bulk values are never text-searched (CONTRACT.md), so this is their check.
 */
import type { ByteSource } from '../../core/dicom/source.ts';
import type { RangeSource } from '../sources/index.ts';

const CHUNK = 1 << 20;

/** A byte range of a file: where a bulk value starts and how long it is. */
export interface ByteRange {
  offset: number;
  length: number;
}

/** True when `a[ra]` and `b[rb]` hold the same bytes. Reads at most one chunk of each at a time. */
export function sameBytes(a: ByteSource, ra: ByteRange, b: ByteSource, rb: ByteRange): boolean {
  if (ra.length !== rb.length) return false;
  if (ra.offset + ra.length > a.size || rb.offset + rb.length > b.size) return false;
  const disk = a as RangeSource;
  for (let done = 0; done < ra.length; ) {
    const n = Math.min(CHUNK, ra.length - done);
    let left: Uint8Array;
    if (disk.readInto) {
      // Straight into our own buffer: no fresh memory per chunk, and nothing `b` can overwrite.
      copyBuffer ??= new Uint8Array(CHUNK);
      if (disk.readInto(copyBuffer.subarray(0, n), ra.offset + done) < n) return false;
      left = copyBuffer;
    } else {
      const read = a.read(ra.offset + done, n);
      if (read.length < n) return false;
      // A source may hand back a view into a buffer its next read reuses: when both ranges come
      // from one source, keep a copy of the first. Two sources never share a buffer.
      left = read;
      if (a === b) {
        copyBuffer ??= new Uint8Array(CHUNK);
        copyBuffer.set(read.subarray(0, n));
        left = copyBuffer;
      }
    }
    const right = b.read(rb.offset + done, n);
    if (right.length < n || !equalBytes(left, right, n)) return false;
    done += n;
  }
  return true;
}

/** One copy buffer per thread, reused: a fresh one per file costs page faults and collections. */
let copyBuffer: Uint8Array | undefined;

function equalBytes(x: Uint8Array, y: Uint8Array, n: number): boolean {
  return Buffer.from(x.buffer, x.byteOffset, n).equals(Buffer.from(y.buffer, y.byteOffset, n));
}
