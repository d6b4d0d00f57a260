/**
 * The decoder run after fflate fails, against zlib (node:zlib, an independent inflater): whole
 * streams of every kind give their text; cut ones give what zlib gives for the same bytes; a
 * stream broken after a name still gives the name.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { constants, deflateRawSync, deflateSync, gzipSync, inflateRawSync } from 'node:zlib';
import { bytesSource } from '../dicom/source.ts';
import { inflateUntilError, type Wrapping } from './partial-inflate.ts';

function decoded(bytes: Uint8Array, wrapping: Wrapping, end = bytes.length): Buffer {
  const parts: Buffer[] = [];
  inflateUntilError(bytesSource(bytes), 0, end, wrapping, (piece) => parts.push(Buffer.from(piece)));
  return Buffer.concat(parts);
}

const words = Array.from({ length: 3000 }, (_, i) => ((i * 7919) % 100_003).toString(36)).join(' ');
const TEXTS = [Buffer.from('GARNIER^Yves'), Buffer.from(`report for GARNIER Yves ${words}`), Buffer.alloc(200_000, 0x41), Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 131) & 0xff))];

describe('inflateUntilError', () => {
  it('gives the whole text of raw, zlib and gzip streams of every level and strategy', () => {
    for (const text of TEXTS) {
      for (const level of [0, 1, 6, 9]) {
        for (const strategy of [constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE]) {
          assert.ok(decoded(deflateRawSync(text, { level, strategy }), 'deflate').equals(text), `raw level ${level} strategy ${strategy}`);
        }
      }
      assert.ok(decoded(deflateSync(text), 'zlib').equals(text));
      assert.ok(decoded(gzipSync(text), 'gzip').equals(text));
    }
  });

  it('gives what zlib gives for a stream cut anywhere', () => {
    const stream = deflateRawSync(TEXTS[1]!);
    for (let cut = 0; cut < stream.length; cut += 7) {
      const zlib = inflateRawSync(stream.subarray(0, cut), { finishFlush: constants.Z_SYNC_FLUSH });
      assert.ok(decoded(stream, 'deflate', cut).equals(zlib), `cut at ${cut}`);
    }
  });

  it('gives the text before an error in the stream, as zlib does', () => {
    // A stored block of the name, then a block of type 3 (an error): the name comes out.
    const name = Buffer.from('GARNIER^Yves');
    const stored = Buffer.concat([Buffer.from([0x00, name.length, 0x00, ~name.length & 0xff, 0xff]), name, Buffer.from([0x07])]);
    assert.throws(() => inflateRawSync(stored));
    assert.equal(decoded(stored, 'deflate').toString(), 'GARNIER^Yves');
    // A copy from before the start, after a fixed-code name: the name, then nothing.
    const fixed = deflateRawSync(name, { strategy: constants.Z_FIXED });
    const broken = Buffer.from(fixed);
    broken[broken.length - 1] = 0xff;
    broken[broken.length - 2] = 0xff;
    const got = decoded(broken, 'deflate').toString('latin1');
    assert.ok(got.startsWith('GARNIER^Yve'), JSON.stringify(got));
  });

  it('stops at bytes that are no stream, handing out nothing', () => {
    assert.equal(decoded(Uint8Array.from([0x07, 0x00, 0x00]), 'deflate').length, 0);
    assert.equal(decoded(Uint8Array.from([0x00, 0x05, 0x00, 0x00, 0x00]), 'deflate').length, 0);
    assert.equal(decoded(new Uint8Array(0), 'zlib').length, 0);
  });
});
