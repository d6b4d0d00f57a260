import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesSource } from '../../core/dicom/source.ts';
import { sameBytes } from './bulk-compare.ts';

describe('sameBytes', () => {
  const big = new Uint8Array(3 * (1 << 20) + 17).map((_, i) => (i * 31) & 0xff);
  const shifted = new Uint8Array(big.length + 100);
  shifted.set(big, 100);

  it('finds a range copied to another offset, across chunk boundaries', () => {
    assert.equal(sameBytes(bytesSource(big), { offset: 0, length: big.length }, bytesSource(shifted), { offset: 100, length: big.length }), true);
  });

  it('sees one flipped byte in the last chunk', () => {
    const damaged = shifted.slice();
    damaged[damaged.length - 3]! ^= 1;
    assert.equal(sameBytes(bytesSource(big), { offset: 0, length: big.length }, bytesSource(damaged), { offset: 100, length: big.length }), false);
  });

  it('refuses ranges of different lengths or past the end', () => {
    assert.equal(sameBytes(bytesSource(big), { offset: 0, length: 10 }, bytesSource(big), { offset: 0, length: 11 }), false);
    assert.equal(sameBytes(bytesSource(big), { offset: big.length - 5, length: 10 }, bytesSource(big), { offset: 0, length: 10 }), false);
  });
});

describe('sameBytes on one source', () => {
  it('compares two ranges of a source whose reads reuse one buffer', () => {
    const bytes = new Uint8Array(2 * (1 << 20) + 64).map((_, i) => i % 251);
    bytes.copyWithin(1 << 20, 0, (1 << 20) + 64);
    const shared = new Uint8Array(1 << 20);
    // Every read lands in the same buffer, as a file source's window does.
    const reusing = {
      size: bytes.length,
      read(offset: number, length: number): Uint8Array {
        const n = Math.min(length, shared.length);
        shared.set(bytes.subarray(offset, offset + n));
        return shared.subarray(0, n);
      },
    };
    assert.equal(sameBytes(reusing, { offset: 0, length: 64 }, reusing, { offset: 1 << 20, length: 64 }), true);
    assert.equal(sameBytes(reusing, { offset: 0, length: 64 }, reusing, { offset: 1, length: 64 }), false);
  });
});
