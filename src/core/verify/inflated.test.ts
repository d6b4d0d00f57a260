/**
 * Compressed values read inflated, bounded: node's zlib makes the streams, an independent
 * deflater; what comes out is what the second opinion searches.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { constants, deflateRawSync, deflateSync, gzipSync, inflateRawSync } from 'node:zlib';
import { bytesSource } from '../dicom/source.ts';
import { compressedStarts, fileInflateBudget, givesFewerThan, inflateWindows, MAX_INFLATED_PER_VALUE, nameBytesFor } from './inflated.ts';

const SIZES = { chunk: 7, window: 64, overlap: 16 };

/** Everything `inflateWindows` hands out for `value`, windows joined without their overlaps. */
function inflated(value: Uint8Array, budget = fileInflateBudget()): { text: string; windows: number } {
  const [start] = compressedStarts(value.subarray(0, 16), true);
  assert.ok(start, 'a stream is seen');
  let text = '';
  let windows = 0;
  inflateWindows(bytesSource(value), start.at, value.length, start.compression, budget, SIZES, (bytes) => {
    text += Buffer.from(windows === 0 ? bytes : bytes.subarray(SIZES.overlap)).toString('latin1');
    windows++;
  });
  return { text, windows };
}

const REPORT = Buffer.from('report for GARNIER Yves, all fine; nothing else to say about it at all');

describe('compressed values', () => {
  it('tells gzip and zlib by their headers, after a length field too, and raw deflate only where asked', () => {
    assert.deepEqual(compressedStarts(gzipSync(REPORT).subarray(0, 16), false), [{ compression: 'gzip', at: 0 }]);
    const prefixed = Buffer.concat([Buffer.from([0x20, 0, 0, 0]), deflateSync(REPORT)]);
    assert.deepEqual(compressedStarts(prefixed.subarray(0, 16), false), [{ compression: 'zlib', at: 4 }]);
    const raw = deflateRawSync(REPORT);
    assert.deepEqual(compressedStarts(raw.subarray(0, 16), false), []);
    assert.deepEqual(compressedStarts(raw.subarray(0, 16), true), [{ compression: 'deflate', at: 0 }]);
    // After a length field holding the stream's size or what it inflates to; a wrong size is no field.
    const sized = (field: Buffer) => Buffer.concat([field, raw]);
    const u32 = Buffer.alloc(4);
    u32.writeUInt32LE(REPORT.length);
    assert.deepEqual(compressedStarts(sized(u32).subarray(0, 24), true, u32.length + raw.length), [{ compression: 'deflate', at: 4 }]);
    const u16 = Buffer.alloc(2);
    u16.writeUInt16BE(raw.length);
    assert.deepEqual(compressedStarts(sized(u16).subarray(0, 24), true, u16.length + raw.length), [{ compression: 'deflate', at: 2 }]);
    u16.writeUInt16BE(raw.length + 2);
    assert.deepEqual(compressedStarts(sized(u16).subarray(0, 24), true, u16.length + raw.length), []);
    // Streams of a name's few bytes: O^LI searched as OLI, ROSS written Roß in Latin-1.
    for (const short of [Buffer.from('OLI'), Buffer.from('Roß', 'latin1'), Buffer.from('OL')]) {
      const stream = deflateRawSync(short);
      assert.deepEqual(compressedStarts(stream, true, stream.length, nameBytesFor(4)), [{ compression: 'deflate', at: 0 }], short.toString('latin1'));
    }
    // A stored block whose length and complement disagree, and a block of type 3, are no stream.
    assert.deepEqual(compressedStarts(Uint8Array.from([0x00, 0x05, 0x00, 0x00, 0x00, 0x41]), true), []);
    assert.deepEqual(compressedStarts(Uint8Array.from([0x06, 0x05, 0x00, 0xfa, 0xff, 0x41]), true), []);
  });

  it('tries every fixed-code stream a deflater makes, and no fixed block that copies from before its start', () => {
    for (let i = 0; i < 400; i++) {
      const text = Buffer.from(`${i % 2 ? 'GARNIER Yves ' : 'abc'}${i}`.repeat(1 + (i % 5)));
      const raw = deflateRawSync(text, { strategy: constants.Z_FIXED, level: 1 + (i % 9) });
      assert.equal((raw[0]! >> 1) & 3, 1, 'a fixed-code block');
      assert.deepEqual(compressedStarts(raw.subarray(0, 16), true), [{ compression: 'deflate', at: 0 }], text.toString());
    }
    // Final fixed block; literal 'S' (8 bits), then length 3 (symbol 257) at distance 2 (code 1):
    // two bytes back where one exists. zlib refuses it; fflate would inflate zeros.
    const bits = [1, 1, 0, ...[1, 0, 0, 0, 0, 0, 1, 1], ...[0, 0, 0, 0, 0, 0, 1], ...[0, 0, 0, 0, 1]];
    const head = new Uint8Array(16);
    const pack = () => {
      head.fill(0);
      for (const [at, bit] of bits.entries()) head[at >> 3]! |= bit << (at & 7);
    };
    pack();
    assert.throws(() => inflateRawSync(head));
    assert.deepEqual(compressedStarts(head, true), []);
    // The same copy at distance 1 is a stream.
    bits[bits.length - 1] = 0;
    pack();
    assert.equal(inflateRawSync(head, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, 4).toString(), 'SSSS');
    assert.deepEqual(compressedStarts(head, true), [{ compression: 'deflate', at: 0 }]);
  });

  it('tries every dynamic-code stream a deflater makes, and rules out only what zlib cannot inflate', () => {
    for (let i = 0; i < 300; i++) {
      const text = Buffer.from(`${'GARNIER^Yves '.repeat(1 + (i % 30))}${i}${'0123456789abcdef'.slice(i % 16)}`);
      const raw = deflateRawSync(text, { level: 1 + (i % 9), strategy: i % 2 ? constants.Z_HUFFMAN_ONLY : constants.Z_DEFAULT_STRATEGY });
      if (((raw[0]! >> 1) & 3) !== 2) continue;
      assert.deepEqual(compressedStarts(raw.subarray(0, 16), true), [{ compression: 'deflate', at: 0 }], text.toString());
    }
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (head) => {
        if (compressedStarts(head, true).length > 0) return;
        let inflated = 0;
        try {
          inflated = inflateRawSync(head, { finishFlush: constants.Z_SYNC_FLUSH }).length;
        } catch {
          // refused: what is ruled out must be
        }
        // A stream ruled out may at most yield fewer bytes than any name takes before zlib stops.
        assert.ok(inflated < 4, `${Buffer.from(head).toString('hex')} inflates to ${inflated} bytes`);
      }),
      { numRuns: 20_000 },
    );
  });

  it('rules out a try that gives fewer bytes than a name before it ends or breaks, and only that', () => {
    const source = (bytes: Uint8Array) => bytesSource(bytes);
    const name = deflateRawSync(Buffer.from('GARNIER'));
    assert.equal(givesFewerThan(source(name), 0, name.length, 'deflate', 2), false);
    const one = deflateRawSync(Buffer.from('G'));
    assert.equal(givesFewerThan(source(one), 0, one.length, 'deflate', 2), true);
    // A block of type 3 at once, and a stream cut at the end of its value after one byte.
    assert.equal(givesFewerThan(source(Uint8Array.from([0x07, 0x41, 0x42])), 0, 3, 'deflate', 2), true);
    const cut = deflateRawSync(Buffer.from('GARNIER Yves'), { strategy: constants.Z_FIXED });
    assert.equal(givesFewerThan(source(cut), 0, 2, 'deflate', 2), true);
    // A long stream past what is probed first is never ruled out, nor a gzip member that may be followed by more.
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed >>> 23;
    };
    const long = deflateRawSync(Buffer.from(Array.from({ length: 30_000 }, next)));
    assert.ok(long.length > 4096, 'more than is probed first');
    assert.equal(givesFewerThan(source(long), 0, long.length, 'deflate', 1 << 20), false);
    const gzip = gzipSync(Buffer.from('G'));
    assert.equal(givesFewerThan(source(gzip), 0, gzip.length, 'gzip', 2), false);
  });

  it('hands out the whole inflated text in overlapping windows, of each kind of stream', () => {
    for (const value of [gzipSync(REPORT), deflateSync(REPORT), deflateRawSync(REPORT)]) {
      const { text, windows } = inflated(value);
      assert.equal(text, REPORT.toString('latin1'));
      assert.equal(windows, 2);
    }
  });

  it('searches what a stream cut short inflated before its end', () => {
    const words = Array.from({ length: 2000 }, (_, i) => ((i * 7919) % 100003).toString(36)).join(' ');
    const whole = gzipSync(Buffer.from(`GARNIER Yves ${words}`));
    const { text } = inflated(whole.subarray(0, whole.length >> 1));
    assert.match(text, /^GARNIER Yves /);
    assert.ok(text.length < words.length, `${text.length} characters inflated`);
  });

  it('searches what comes before an error or a cut inside one chunk, as zlib gives it', () => {
    const stream = deflateRawSync(Buffer.from('notes: GARNIER Yves, seen; '.repeat(3)), { strategy: constants.Z_FIXED });
    // A final fixed-code block of the name's literals (codes 0x30 + byte, 8 bits from the most
    // significant), then symbol 286 (11000110), which does not exist: zlib gives the name, then fails.
    const bits = [1, 1, 0];
    const code = (value: number, length: number) => {
      for (let i = length - 1; i >= 0; i--) bits.push((value >> i) & 1);
    };
    for (const byte of Buffer.from('notes: GARNIER Yves')) code(0x30 + byte, 8);
    code(0b11000110, 8);
    const corrupt = Buffer.alloc(Math.ceil(bits.length / 8) + 2);
    for (const [at, bit] of bits.entries()) corrupt[at >> 3]! |= bit << (at & 7);
    assert.throws(() => inflateRawSync(corrupt));
    for (const value of [stream.subarray(0, stream.length - 4), corrupt]) {
      let text = '';
      inflateWindows(bytesSource(value), 0, value.length, 'deflate', fileInflateBudget(), { chunk: 1 << 16, window: 1 << 20, overlap: 1024 }, (bytes) => {
        text += Buffer.from(bytes).toString('latin1');
      });
      assert.match(text, /^notes: GARNIER Yves/, value.toString('hex'));
    }
  });

  it('cuts runs of NULs to eight, keeping their parity, so UTF-16 after them reads the same', () => {
    const bytes = Buffer.concat([Buffer.from('A'), Buffer.alloc(1001), Buffer.from('GARNIER', 'utf16le')]);
    const { text } = inflated(deflateSync(bytes));
    assert.equal(text, `A${'\0'.repeat(9)}${Buffer.from('GARNIER', 'utf16le').toString('latin1')}`);
  });

  it('reads a long value no further than its stream goes', () => {
    const long = Buffer.from(Array.from({ length: 40_000 }, (_, i) => ((i * 7919) % 100_003).toString(36)).join(' '));
    for (const text of [REPORT, long]) {
      const stream = deflateRawSync(text);
      const value = Buffer.concat([stream, Buffer.alloc(4 << 20, 0x5a)]);
      const source = bytesSource(value);
      let read = 0;
      const counting = {
        size: source.size,
        read: (offset: number, length: number) => {
          read += length;
          return source.read(offset, length);
        },
      };
      let got = '';
      inflateWindows(counting, 0, value.length, 'deflate', fileInflateBudget(), { chunk: 1 << 16, window: 1 << 20, overlap: 1024 }, (bytes) => {
        got += Buffer.from(bytes).toString('latin1');
      });
      assert.equal(got.length, text.length);
      assert.ok(got === text.toString('latin1'));
      // Reading stops in the chunk where the final block ended, far from the 4 MiB after it.
      assert.ok(read <= stream.length + 2 * (1 << 16), `${read} bytes read for a stream of ${stream.length}`);
    }
  });

  it('stops at the bytes a file may still inflate, and at the cap per value, and says it stopped short', () => {
    const budget = { left: 100 };
    const { text } = inflated(deflateSync(Buffer.alloc(10_000, 0x41)), budget);
    assert.equal(text.length, 100);
    assert.equal(budget.left, 0);
    const bomb = deflateSync(Buffer.alloc(MAX_INFLATED_PER_VALUE + 1024, 0x41));
    let handed = 0;
    const whole = inflateWindows(bytesSource(bomb), 0, bomb.length, 'zlib', fileInflateBudget(), { chunk: 1 << 16, window: 1 << 20, overlap: 1024 }, (bytes) => {
      handed += bytes.length;
    });
    // Each window after the first repeats the overlap; the value's inflated bytes stop at the cap.
    const windows = Math.ceil((MAX_INFLATED_PER_VALUE - 1024) / ((1 << 20) - 1024));
    assert.equal(handed - (windows - 1) * 1024, MAX_INFLATED_PER_VALUE);
    assert.equal(whole, false);
    // A stream that ends exactly at the cap, or well before it, was read whole.
    const exact = deflateSync(Buffer.alloc(100, 0x41));
    assert.equal(inflateWindows(bytesSource(exact), 0, exact.length, 'zlib', { left: 100 }, SIZES, () => {}), true);
    assert.equal(inflateWindows(bytesSource(exact), 0, exact.length, 'zlib', { left: 99 }, SIZES, () => {}), false);
  });
});
