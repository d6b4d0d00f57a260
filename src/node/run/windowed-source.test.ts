import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesSource } from '../../core/dicom/source.ts';
import { WindowedSource } from './windowed-source.ts';

describe('WindowedSource', () => {
  const bytes = new Uint8Array(200_000).map((_, i) => (i * 13) & 0xff);
  let reads = 0;
  const inner = { size: bytes.length, read: (o: number, l: number) => { reads += 1; return bytesSource(bytes).read(o, l); } };

  it('returns the same bytes as the source for small, large, straddling and past-the-end reads', () => {
    const windowed = new WindowedSource(inner);
    for (const [offset, length] of [[0, 10], [65_530, 20], [100, 40_000], [199_990, 50], [250_000, 4], [131_072, 0]] as const) {
      assert.deepEqual(windowed.read(offset, length), bytesSource(bytes).read(offset, length), `${offset}+${length}`);
    }
  });

  it('serves many small nearby reads with one read of the source', () => {
    const windowed = new WindowedSource(inner);
    reads = 0;
    for (let offset = 0; offset < 60_000; offset += 8) windowed.read(offset, 8);
    assert.equal(reads, 1);
  });

  it('keeps the head while the tail is read, so values read back after a parse cost no read', () => {
    const windowed = new WindowedSource(inner);
    reads = 0;
    windowed.read(128, 65_536); // the parser's first window
    windowed.read(199_000, 8); // an element after the pixel data
    windowed.read(800, 12); // PatientName, read after the parse
    windowed.read(199_004, 4);
    assert.equal(reads, 2);
    windowed.read(100_000, 8); // a third place pushes out the one used least recently (the head)
    windowed.read(199_000, 8);
    windowed.read(900, 8);
    assert.equal(reads, 4);
  });

  it('reads into reused block buffers, released from one file to the next, and never mixes their bytes', () => {
    let calls = 0;
    const disk = (data: Uint8Array) => ({
      size: data.length,
      read: (o: number, l: number) => data.slice(o, o + l),
      readInto(target: Uint8Array, offset: number) {
        calls += 1;
        const part = data.subarray(offset, offset + target.length);
        target.set(part);
        return part.length;
      },
    });
    const other = new Uint8Array(150_000).map((_, i) => (i * 7 + 3) & 0xff);
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    for (const data of [bytes, other, bytes]) {
      const windowed = new WindowedSource(disk(data));
      for (let k = 0; k < 500; k++) {
        const offset = next(data.length + 100);
        const length = next(3) === 0 ? next(70_000) : next(64);
        assert.deepEqual(windowed.read(offset, length), bytesSource(data).read(offset, length), `${offset}+${length}`);
      }
      windowed.release();
    }
    assert.ok(calls > 0, 'blocks were read with readInto');
  });
});
