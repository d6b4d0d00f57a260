/**
 * What a deflate stream gives up to its first error, as zlib gives it (RFC 1951, after the zlib or
 * gzip header of RFC 1950 and 1952). fflate, which inflates every value first, drops all it gave
 * for the chunk an error comes in; this decoder is run only then, once, over the stream up to the
 * end of that chunk, and hands out every byte before the error. It decodes a bit at a time (as
 * zlib's reference decoder `puff` does): slow, but it holds only two fixed buffers, so a failed
 * guess costs no garbage.
 */
import type { ByteSource } from '../dicom/source.ts';

/** How a stream is wrapped. */
export type Wrapping = 'gzip' | 'zlib' | 'deflate';

/** Ends the decoding: corrupt data, the input ran out, or enough was given. Not an error of the caller's. */
class Stop extends Error {
  why: Exclude<Ending, 'end'> = 'error';
}

/** One, thrown again and again: most streams tried are a guess that stops within bytes. */
const STOP = new Stop();

function stop(why: Exclude<Ending, 'end'>): never {
  STOP.why = why;
  throw STOP;
}

/**
 * How decoding ended: the final block's end, an error in the data, the input's end (a stream cut
 * short, or the range given ends inside it), or `maxOutput` bytes given.
 */
export type Ending = 'end' | 'error' | 'cut' | 'more';

const MAX_BITS = 15;
const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order code length codes come in (RFC 1951 3.2.7). */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code: how many codes of each length, and the symbols in code order. */
interface Code {
  readonly counts: Int16Array;
  readonly symbols: Int16Array;
}

/** The code of `lengths` (0: no code); over-subscribed lengths are no code at all. */
function codeOf(lengths: ArrayLike<number>): Code {
  const counts = new Int16Array(MAX_BITS + 1);
  for (let i = 0; i < lengths.length; i++) counts[lengths[i]!]! += 1;
  counts[0] = 0;
  let left = 1;
  for (let length = 1; length <= MAX_BITS; length++) {
    left = left * 2 - counts[length]!;
    if (left < 0) stop('error');
  }
  const offsets = new Int16Array(MAX_BITS + 2);
  for (let length = 1; length <= MAX_BITS; length++) offsets[length + 1] = offsets[length]! + counts[length]!;
  const symbols = new Int16Array(lengths.length);
  for (let symbol = 0; symbol < lengths.length; symbol++) if (lengths[symbol] !== 0) symbols[offsets[lengths[symbol]!]!++] = symbol;
  return { counts, symbols };
}

const FIXED_LITERALS = codeOf(Array.from({ length: 288 }, (_, i) => (i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8)));
const FIXED_DISTANCES = codeOf(new Array<number>(30).fill(5));

const INPUT_CHUNK = 64 * 1024;
const HISTORY = 32 * 1024;
const OUTPUT = 96 * 1024;
/** One output buffer per thread: the decoder runs to its end before it is used again. */
let output: Uint8Array | undefined;

/**
 * Decodes the stream in `[start, end)` of `source`, wrapped as `wrapping`, handing every byte it
 * gives to `emit` (in pieces, each valid during the call), until the final block ends, the input
 * runs out, an error, or `maxOutput` bytes; says which. An error thrown by `emit` goes through.
 */
export function inflateUntilError(source: ByteSource, start: number, end: number, wrapping: Wrapping, emit: (bytes: Uint8Array) => void, maxOutput = Number.POSITIVE_INFINITY): Ending {
  let input = new Uint8Array(0);
  let inputAt = start;
  let index = 0;
  let bitBuffer = 0;
  let bitCount = 0;
  const byte = (): number => {
    if (index === input.length) {
      if (inputAt >= end) stop('cut');
      input = source.read(inputAt, Math.min(INPUT_CHUNK, end - inputAt)).slice();
      inputAt += input.length;
      index = 0;
      if (input.length === 0) stop('cut');
    }
    return input[index++]!;
  };
  const bits = (count: number): number => {
    while (bitCount < count) {
      bitBuffer |= byte() << bitCount;
      bitCount += 8;
    }
    const value = bitBuffer & ((1 << count) - 1);
    bitBuffer >>>= count;
    bitCount -= count;
    return value;
  };
  const decode = (code: Code): number => {
    let value = 0;
    let first = 0;
    let at = 0;
    for (let length = 1; length <= MAX_BITS; length++) {
      value |= bits(1);
      const count = code.counts[length]!;
      if (value - count < first) return code.symbols[at + (value - first)]!;
      at += count;
      first = (first + count) << 1;
      value <<= 1;
    }
    stop('error');
  };

  output ??= new Uint8Array(OUTPUT);
  const out = output;
  let written = 0;
  let flushed = 0;
  let total = 0;
  const flush = () => {
    if (written > flushed) emit(out.subarray(flushed, written));
    flushed = written;
  };
  const put = (value: number) => {
    if (written === OUTPUT) {
      flush();
      out.copyWithin(0, OUTPUT - HISTORY, OUTPUT);
      written = HISTORY;
      flushed = HISTORY;
    }
    if (total === maxOutput) stop('more');
    out[written++] = value;
    total++;
  };

  try {
    skipHeader(wrapping, byte);
    for (let last = 0; last === 0; ) {
      last = bits(1);
      const type = bits(2);
      if (type === 0) {
        bitBuffer = 0;
        bitCount = 0;
        const length = byte() | (byte() << 8);
        const check = byte() | (byte() << 8);
        if ((length ^ 0xffff) !== check) stop('error');
        for (let i = 0; i < length; i++) put(byte());
        continue;
      }
      if (type === 3) stop('error');
      let literals = FIXED_LITERALS;
      let distances = FIXED_DISTANCES;
      if (type === 2) [literals, distances] = dynamicCodes(bits, decode);
      for (;;) {
        const symbol = decode(literals);
        if (symbol < 256) {
          put(symbol);
          continue;
        }
        if (symbol === 256) break;
        if (symbol > 285) stop('error');
        const length = LENGTH_BASE[symbol - 257]! + bits(LENGTH_EXTRA[symbol - 257]!);
        const code = decode(distances);
        if (code > 29) stop('error');
        const distance = DISTANCE_BASE[code]! + bits(DISTANCE_EXTRA[code]!);
        if (distance > total) stop('error');
        for (let i = 0; i < length; i++) put(out[written - distance]!);
      }
    }
    return 'end';
  } catch (error) {
    if (error !== STOP) throw error;
    return STOP.why;
  } finally {
    flush();
  }
}

/** The literal/length and distance codes of a dynamic block (RFC 1951 3.2.7). */
function dynamicCodes(bits: (count: number) => number, decode: (code: Code) => number): [Code, Code] {
  const literalCount = bits(5) + 257;
  const distanceCount = bits(5) + 1;
  const lengthCodes = bits(4) + 4;
  if (literalCount > 286 || distanceCount > 30) stop('error');
  const codeLengths = new Array<number>(19).fill(0);
  for (let i = 0; i < lengthCodes; i++) codeLengths[CODE_LENGTH_ORDER[i]!] = bits(3);
  const lengthCode = codeOf(codeLengths);
  const lengths = new Array<number>(literalCount + distanceCount).fill(0);
  for (let at = 0; at < lengths.length; ) {
    const symbol = decode(lengthCode);
    if (symbol < 16) {
      lengths[at++] = symbol;
      continue;
    }
    let value = 0;
    let repeat: number;
    if (symbol === 16) {
      if (at === 0) stop('error');
      value = lengths[at - 1]!;
      repeat = 3 + bits(2);
    } else repeat = symbol === 17 ? 3 + bits(3) : 11 + bits(7);
    if (at + repeat > lengths.length) stop('error');
    for (let i = 0; i < repeat; i++) lengths[at++] = value;
  }
  if (lengths[256] === 0) stop('error');
  return [codeOf(lengths.slice(0, literalCount)), codeOf(lengths.slice(literalCount))];
}

/** Reads past a zlib or gzip header (RFC 1950, 1952) with `byte`; a raw stream has none. */
function skipHeader(wrapping: Wrapping, byte: () => number): void {
  if (wrapping === 'zlib') {
    byte();
    if ((byte() & 0x20) !== 0) stop('error'); // a preset dictionary: not inflated here either
    return;
  }
  if (wrapping !== 'gzip') return;
  byte();
  byte();
  byte();
  const flags = byte();
  for (let i = 0; i < 6; i++) byte();
  if (flags & 4) {
    const length = byte() | (byte() << 8);
    for (let i = 0; i < length; i++) byte();
  }
  if (flags & 8) while (byte() !== 0);
  if (flags & 16) while (byte() !== 0);
  if (flags & 2) {
    byte();
    byte();
  }
}
