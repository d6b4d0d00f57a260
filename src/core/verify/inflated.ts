/**
 * Compressed values read inflated (CONTRACT.md, "Verification is a second opinion": "inflated
 * deflate data"). Vendors keep text compressed in private elements (GE's protocol block is a gzip
 * member); its bytes hide any name from a search of the value as stored. A value whose first bytes
 * hold a gzip or zlib header (after a length field at most) is inflated; private and UN values that
 * do not read as text are also tried as raw deflate. What inflates before an error is searched too:
 * a stream cut short still shows its start. Every length is bounded: the bytes inflated per value
 * and per file, and the window the text is searched in.
 */
import { Gunzip, Inflate, Unzlib } from 'fflate';
import type { ByteSource } from '../dicom/source.ts';
import { type Ending, inflateUntilError, type Wrapping } from './partial-inflate.ts';

/** How a value is compressed. */
export type Compression = Wrapping;

/** Where a header may start: a value may open with a length field (up to 8 bytes) before its stream. */
const MAX_HEADER_OFFSET = 8;
/** At most this much is inflated from one value; the rest is not read. */
export const MAX_INFLATED_PER_VALUE = 64 * 1024 * 1024;
/** At most this much is inflated from one file, whatever its number of compressed values. */
export const MAX_INFLATED_PER_FILE = 256 * 1024 * 1024;

/**
 * Gzip members after NUL padding in `[from, end)` of `source`, by their offsets: Python's gzip reads
 * on past NULs between members, where fflate (like zlib) stops at the first NUL, so each is
 * tried on its own. At most `limit`; more answers undefined (the value is then not read whole).
 */
export function paddedGzipMembers(source: ByteSource, from: number, end: number, limit: number): number[] | undefined {
  const members: number[] = [];
  const CHUNK = 64 * 1024;
  for (let offset = from; offset + 4 < end; offset += CHUNK) {
    // Four bytes more than a chunk: a NUL and a header's start across two chunks are seen whole.
    const bytes = source.read(offset, Math.min(CHUNK + 4, end - offset));
    for (let at = bytes.indexOf(0); at >= 0 && at + 4 < bytes.length && at < CHUNK; at = bytes.indexOf(0, at + 1)) {
      if (bytes[at + 1] !== 0x1f || !isGzipAt(bytes, at + 1)) continue;
      if (members.length === limit) return undefined;
      members.push(offset + at + 1);
    }
  }
  return members;
}

/** A gzip member header: magic, deflate, no reserved flag bits (RFC 1952). */
function isGzipAt(bytes: Uint8Array, at: number): boolean {
  return bytes[at] === 0x1f && bytes[at + 1] === 0x8b && bytes[at + 2] === 0x08 && ((bytes[at + 3] ?? 0xff) & 0xe0) === 0;
}

/** A zlib header: deflate with a window of at most 32 KiB, no preset dictionary, check bits right (RFC 1950). */
function isZlibAt(bytes: Uint8Array, at: number): boolean {
  if (at + 1 >= bytes.length) return false;
  const cmf = bytes[at]!;
  const flg = bytes[at + 1]!;
  return (cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (flg & 0x20) === 0 && ((cmf << 8) | flg) % 31 === 0;
}

/**
 * The streams a value of `length` bytes may hold, by what its first bytes (`head`) say:
 * `rawDeflate` adds raw deflate tries, from byte 0 (header or not) and after a length field, which
 * may follow a vendor's mark of a few bytes.
 * `nameBytes`: the fewest bytes a searched form takes (a letter is at least a byte), which a raw
 * stream must be able to give.
 */
export function compressedStarts(head: Uint8Array, rawDeflate: boolean, length = head.length, nameBytes = MIN_NAME_BYTES): { compression: Compression; at: number }[] {
  const starts: { compression: Compression; at: number }[] = [];
  for (let at = 0; at <= MAX_HEADER_OFFSET && at + 2 <= head.length; at++) {
    if (isGzipAt(head, at)) starts.push({ compression: 'gzip', at });
    else if (isZlibAt(head, at)) starts.push({ compression: 'zlib', at });
  }
  if (!rawDeflate) return starts;
  // A raw stream has no header: tried where a vendor's blob may be, even where its first bytes
  // also read as one (a stored block's bytes may spell 78 01), which then gets its own try.
  if (mayStartDeflate(head, nameBytes)) starts.push({ compression: 'deflate', at: 0 });
  const tried = new Set<number>([0]);
  for (const mark of MARK_SIZES) {
    for (const size of LENGTH_FIELD_SIZES) {
      const at = mark + size;
      if (at > MAX_HEADER_OFFSET || tried.has(at)) continue;
      if (lengthFieldFits(head.subarray(mark), size, length - mark) && mayStartDeflate(head.subarray(at), nameBytes)) {
        starts.push({ compression: 'deflate', at });
        tried.add(at);
      }
    }
  }
  return starts;
}

/** Sizes of a length field before a raw stream: a vendor's 16, 32 or 64-bit count. */
const LENGTH_FIELD_SIZES = [2, 4, 8] as const;
/** Bytes a vendor may put before the length field: none, or a mark of 2 or 4 (`GEMS`, a version). */
const MARK_SIZES = [0, 2, 4] as const;
/** Deflate inflates at most 258 bytes from 2 bits: about 1032 times its size. */
const MAX_DEFLATE_RATIO = 1032;

/**
 * Whether the first `size` bytes of a value of `length` bytes read (little- or big-endian) as the
 * size of the stream after them (an odd one padded by a byte) or, for 4 and 8 bytes, of what it
 * may inflate to: at least half of it (deflate never doubles data) and at most its ratio allows.
 * Random bytes seldom do, so a binary value seldom costs a try more.
 */
function lengthFieldFits(head: Uint8Array, size: number, length: number): boolean {
  if (head.length < size + MIN_RAW_DEFLATE) return false;
  const rest = length - size;
  for (const littleEndian of [true, false]) {
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + head[littleEndian ? size - 1 - i : i]!;
    if (value === rest || value === rest - 1) return true;
    if (size > 2 && value >= rest / 2 && value <= rest * MAX_DEFLATE_RATIO + 1024) return true;
  }
  return false;
}

/** The shortest raw deflate stream giving a byte: a fixed-code block of one literal (18 bits). */
const MIN_RAW_DEFLATE = 3;

/**
 * Whether bytes may open a raw deflate stream, by what its first block header allows (RFC 1951
 * 3.2.3–3.2.7): a known block type; a stored block's length and its complement; a dynamic
 * block's code counts in range. Most binary values fail here, before any inflater is made.
 */
function mayStartDeflate(head: Uint8Array, nameBytes: number): boolean {
  if (head.length < MIN_RAW_DEFLATE) return false;
  const type = (head[0]! >> 1) & 3;
  if (type === 3) return false;
  if (type === 0) return (head[1]! ^ head[3]!) === 0xff && (head[2]! ^ head[4]!) === 0xff;
  if (type === 1) return fixedBlockMayInflate(head, nameBytes);
  if (type === 2) {
    const literalCodes = head[0]! >> 3; // HLIT: 257 + this, at most 286
    const distanceCodes = head[1]! & 0x1f; // HDIST: 1 + this, at most 30
    return literalCodes <= 29 && distanceCodes <= 29 && codeLengthCodeComplete(head);
  }
  return true;
}

/**
 * Whether a dynamic block's code for its code lengths (HCLEN + 4 lengths of 3 bits, from bit 17)
 * is a complete prefix code, as every deflater writes it and zlib requires: neither more codes of
 * a length than fit, nor room left over. Random bytes seldom make one.
 */
function codeLengthCodeComplete(head: Uint8Array): boolean {
  const bitAt = (at: number): number => (head[at >> 3]! >> (at & 7)) & 1;
  const read = (at: number, count: number): number => {
    let value = 0;
    for (let i = 0; i < count; i++) value |= bitAt(at + i) << i;
    return value;
  };
  const lengths = read(13, 4) + 4;
  if (17 + lengths * 3 > head.length * 8) return true;
  const counts = new Array<number>(8).fill(0);
  for (let i = 0; i < lengths; i++) counts[read(17 + i * 3, 3)]! += 1;
  let left = 1;
  for (let length = 1; length <= 7; length++) {
    left = left * 2 - counts[length]!;
    if (left < 0) return false;
  }
  return left === 0;
}

/** Smallest distance of each fixed distance code (RFC 1951 3.2.5); codes 30 and 31 do not occur. */
const DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
/** Extra bits after each length symbol 257–285. */
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];

/**
 * Whether a block with fixed codes (a quarter of all random bytes start like one) may inflate to a
 * name's few bytes: its first symbols are decoded from `head`, and a symbol that does not exist, a
 * copy from before the stream's start, or a final block that ends first rule it out. An inflater
 * costs more than a hundred kilobytes of buffers, which a binary value that fails here never pays.
 * When `head` runs out first, the answer is yes: what follows is for the inflater to judge.
 */
function fixedBlockMayInflate(head: Uint8Array, nameBytes: number): boolean {
  const final = (head[0]! & 1) === 1;
  let bit = 3;
  const end = head.length * 8;
  const next = (count: number): number => {
    // Huffman codes are packed from their most significant bit: read one bit at a time.
    let code = 0;
    for (let i = 0; i < count; i++, bit++) code = (code << 1) | ((head[bit >> 3]! >> (bit & 7)) & 1);
    return code;
  };
  const extra = (count: number): void => {
    bit += count;
  };
  for (let produced = 0; produced < nameBytes; ) {
    if (bit + 9 > end) return true;
    let symbol = next(7);
    if (symbol > 23) {
      symbol = (symbol << 1) | next(1);
      if (symbol >= 48 && symbol <= 191) symbol -= 48;
      else if (symbol >= 192 && symbol <= 199) symbol += 280 - 192;
      else symbol = ((symbol << 1) | next(1)) - 400 + 144;
    } else symbol += 256;
    if (symbol < 256) {
      produced += 1;
      continue;
    }
    if (symbol === 256) return !final;
    if (symbol > 285) return false;
    extra(LENGTH_EXTRA[symbol - 257]!);
    if (bit + 5 > end) return true;
    const distance = next(5);
    if (distance > 29 || DISTANCE_BASE[distance]! > produced) return false;
    // A copy adds at least three bytes.
    return true;
  }
  return true;
}

/**
 * The fewest bytes a searched form of `letters` letters may take: one byte may fold to two letters
 * (ß → ss, æ → ae), so ROSS may be the three bytes Roß, and O^LI (searched as OLI) two. At most
 * two: a stream giving that much is tried whatever the names.
 */
export function nameBytesFor(letters: number): number {
  return Math.max(1, Math.min(MIN_NAME_BYTES, Math.ceil(letters / 2)));
}

const MIN_NAME_BYTES = 2;

/**
 * Runs of NUL bytes longer than this are cut to it (keeping their length's parity) before the
 * search: no name holds two NULs in a row in any reading, so only the separators between words
 * shrink, which finds more, never less. Inflated images and tables are mostly zeros.
 */
const MAX_NUL_RUN = 8;
const NULS = new Uint8Array(MAX_NUL_RUN);

/**
 * Whether an fflate stream has read its final block to the end, by fflate's own test for a gzip
 * member's end (state `f`, the last block's BFINAL bit, and no block `l` under way): it ignores what
 * follows, so the rest of a long value is left unread. Input that gives no output is no sign of an
 * end (empty stored blocks are five bytes each, and zlib inflates past any number of them). A state
 * not shaped so reads as not ended: every byte is then pushed.
 */
function streamEnded(stream: object): boolean {
  const state = (stream as { s?: { f?: unknown; l?: unknown } }).s;
  return typeof state === 'object' && state !== null && Boolean(state.f) && !state.l;
}

/** How many bytes a file may still inflate; shared by all its values. */
export interface InflateBudget {
  left: number;
}

export function fileInflateBudget(): InflateBudget {
  return { left: MAX_INFLATED_PER_FILE };
}

/** `bytes`' first `filled` bytes in a new array of `size`. */
function grown(bytes: Uint8Array, filled: number, size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  out.set(bytes.subarray(0, filled));
  return out;
}

/** Stops a stream from inside its output callback. */
class Enough extends Error {}

/** fflate's errors carry a numeric code: corrupt or cut data, whose output so far is searched. */
function isStreamError(error: unknown): boolean {
  return !(error instanceof Enough) && error instanceof Error && typeof (error as { code?: unknown }).code === 'number';
}

/** Compressed bytes and output the bit decoder reads a stream for before an inflater takes over. */
const PROBE_INPUT = 2048;
const PROBE_OUTPUT = 16 * 1024;

/**
 * Whether the stream at `start` surely gives fewer than `bytes` bytes: it ends or breaks within its
 * first {@link PROBE_INPUT} bytes, or with the value, having given less. A guess at a binary value
 * mostly does, and is then not searched at all.
 */
export function givesFewerThan(source: ByteSource, start: number, end: number, compression: Compression, bytes: number): boolean {
  const probeEnd = Math.min(end, start + PROBE_INPUT);
  // `bytes` given end the decoding ('more'): what they are does not matter here.
  return readWhole(inflateUntilError(source, start, probeEnd, compression, () => {}, bytes), compression, probeEnd === end);
}

/**
 * Whether the bit decoder, stopping as `ending` says, gave all the stream gives: it broke, its
 * final block ended (a gzip value may hold more members after the first, which an inflater reads
 * on into), or the value ended with the bytes it read (`toValueEnd`).
 */
function readWhole(ending: Ending, compression: Compression, toValueEnd: boolean): boolean {
  return ending === 'error' || (ending === 'end' && compression !== 'gzip') || (ending === 'cut' && toValueEnd);
}

/**
 * Inflates `[start, end)` of `source` (read `chunk` bytes at a time) and hands the output to
 * `visit` in windows of `window` bytes that overlap by `overlap` (a name across two is whole in
 * one). Stops quietly at the first error in the stream; stops at a cap too, and then answers
 * false: the stream went on past what was searched.
 */
export function inflateWindows(
  source: ByteSource,
  start: number,
  end: number,
  compression: Compression,
  budget: InflateBudget,
  sizes: { chunk: number; window: number; overlap: number },
  visit: (bytes: Uint8Array) => void,
): boolean {
  const window = Math.max(sizes.window, 2 * sizes.overlap);
  // Grown as output comes: most tries (a raw deflate guess) fail within a few bytes.
  let pending = new Uint8Array(Math.min(window, 4096));
  let filled = 0;
  // Bytes of `pending` not searched yet (the overlap carried over was).
  let fresh = 0;
  let inflated = 0;
  let nulRun = 0;
  let nulDropped = 0;
  /** Appends `bytes`, searching each window as it fills. */
  const put = (bytes: Uint8Array) => {
    let at = 0;
    while (at < bytes.length) {
      const length = Math.min(bytes.length - at, window - filled);
      if (filled + length > pending.length) pending = grown(pending, filled, Math.min(window, Math.max(2 * pending.length, filled + length)));
      pending.set(bytes.subarray(at, at + length), filled);
      filled += length;
      fresh += length;
      at += length;
      if (filled === window) {
        visit(pending);
        const next = new Uint8Array(window);
        next.set(pending.subarray(window - sizes.overlap));
        pending = next;
        filled = sizes.overlap;
        fresh = 0;
      }
    }
  };
  const take = (chunk: Uint8Array) => {
    let at = 0;
    while (at < chunk.length) {
      const room = Math.min(budget.left, MAX_INFLATED_PER_VALUE - inflated);
      if (room <= 0) throw new Enough();
      const end = Math.min(chunk.length, at + room);
      let next = at;
      if (chunk[at] === 0) {
        while (next < end && chunk[next] === 0) next++;
        const kept = Math.max(0, Math.min(next - at, MAX_NUL_RUN - nulRun));
        nulRun += next - at;
        nulDropped += next - at - kept;
        if (kept > 0) put(NULS.subarray(0, kept));
      } else {
        // One NUL back for an odd number dropped: every byte after keeps its UTF-16 alignment.
        if (nulDropped % 2 === 1) put(NULS.subarray(0, 1));
        nulRun = 0;
        nulDropped = 0;
        next = chunk.indexOf(0, at);
        if (next < 0 || next > end) next = end;
        put(chunk.subarray(at, next));
      }
      inflated += next - at;
      budget.left -= next - at;
      at = next;
    }
  };
  let capped = false;
  // Output bytes taken so far; a stream run again from the start gives them again, skipped.
  let handed = 0;
  let skip = 0;
  const onData = (data: Uint8Array) => {
    let bytes = data;
    if (skip > 0) {
      const skipped = Math.min(skip, bytes.length);
      skip -= skipped;
      bytes = bytes.subarray(skipped);
    }
    if (bytes.length === 0) return;
    handed += bytes.length;
    take(bytes);
  };
  const open = () => (compression === 'gzip' ? new Gunzip(onData) : compression === 'zlib' ? new Unzlib(onData) : new Inflate(onData));
  // Most guesses end in fflate's error, whose stack trace costs more than the guess: none is taken.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // Most tries are a guess that fails within a few bytes, and an inflater costs a hundred
    // kilobytes of buffers: the bit decoder goes first, with none, and a stream it reads to its
    // end or its error within the first bytes and output is searched whole without one.
    const probeEnd = Math.min(end, start + PROBE_INPUT);
    const whole = readWhole(inflateUntilError(source, start, probeEnd, compression, onData, PROBE_OUTPUT), compression, probeEnd === end);
    skip = handed;
    const stream = whole ? undefined : open();
    /** Where the chunk fflate failed in ends. */
    let failedTo: number | undefined;
    for (let offset = start; stream !== undefined && offset < end; offset += sizes.chunk) {
      const length = Math.min(sizes.chunk, end - offset);
      try {
        // A copy: the source may reuse its buffer for the next read. Never told it is the last:
        // fflate then keeps a stream cut short as far as it goes, where the end would be an error.
        stream.push(source.read(offset, length).slice(), false);
      } catch (error) {
        if (!isStreamError(error)) throw error;
        failedTo = offset + length;
        break;
      }
      if (streamEnded(stream)) break;
    }
    // An error loses all fflate gave for the chunk it came in, where zlib gives every byte up to
    // it: the stream is decoded again, once, up to the end of that chunk, and what it gives past
    // what was handed out already is searched.
    if (failedTo !== undefined) {
      skip = handed;
      inflateUntilError(source, start, failedTo, compression, onData);
    }
  } catch (error) {
    if (error instanceof Enough) capped = true;
    else if (!isStreamError(error)) throw error;
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  if (fresh > 0) visit(pending.subarray(0, filled));
  return !capped;
}
