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
