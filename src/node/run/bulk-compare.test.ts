import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bytesSource } from '../../core/dicom/source.ts';
import { openRegularFile } from '../sources/range-reader.ts';
import { sameBytes } from './bulk-compare.ts';
import { WindowedSource } from './windowed-source.ts';

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

describe('sameBytes from a file on disk', () => {
  it('reads the source into its own buffer, and still sees one flipped byte', () => {
    const big = new Uint8Array(2 * (1 << 20) + 5).map((_, i) => (i * 17) & 0xff);
    const dir = mkdtempSync(join(tmpdir(), 'bulk-compare-'));
    try {
      writeFileSync(join(dir, 'input.dcm'), big);
      const file = openRegularFile(join(dir, 'input.dcm'));
      try {
        const damaged = big.slice();
        damaged[(1 << 20) + 9]! ^= 0x40;
        for (const source of [file.range(), new WindowedSource(file.range())]) {
          assert.ok(source.readInto, 'a file reads into a caller buffer');
          assert.equal(sameBytes(source, { offset: 5, length: big.length - 5 }, bytesSource(big), { offset: 5, length: big.length - 5 }), true);
          assert.equal(sameBytes(source, { offset: 0, length: big.length }, bytesSource(damaged), { offset: 0, length: big.length }), false);
        }
      } finally {
        file.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
