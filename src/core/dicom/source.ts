/**
 * The codec's only input port: synchronous random access to bytes. The Node adapter implements it
 * over a file handle (`src/node/io/file-source.ts`); in memory, {@link bytesSource} wraps an array.
 */

/**
 * Random access to the bytes of one file or stream.
 *
 * `read` returns the bytes at `[offset, offset + length)`, fewer only past the end. The returned
 * array may be a view into a buffer the source reuses on its next call: callers copy what they keep.
 */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
}

/**
 * A ByteSource over bytes already in memory; reads are views, never copies.
 * @example parseDicom(bytesSource(new Uint8Array(await file.arrayBuffer())))
 */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(offset: number, length: number): Uint8Array {
      const start = Math.max(0, Math.min(offset, bytes.length));
      return bytes.subarray(start, Math.min(bytes.length, start + Math.max(0, length)));
    },
  };
}
