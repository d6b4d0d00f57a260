/**
 * Deflated transfer syntaxes (PS3.5 §A.5): the data set after the meta group is a raw deflate
 * stream. Inflation stops at a size cap, so a small hostile file cannot claim gigabytes of memory.
 */
import { Deflate, Inflate } from 'fflate';
import { fail } from './bounds.ts';

/**
 * Inflates a raw deflate stream (a zlib-wrapped one is accepted too, as dcmtk does).
 * @throws DicomParseError `E_INFLATE` for corrupt data, `E_INFLATE_TOO_LARGE` past `maxSize`.
 */
export function inflateBounded(compressed: Uint8Array, maxSize: number, offset: number): Uint8Array {
  const zlibWrapped = compressed.length >= 2 && (compressed[0]! & 0x0f) === 8 && ((compressed[0]! << 8) | compressed[1]!) % 31 === 0;
  const input = zlibWrapped ? compressed.subarray(2) : compressed;
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    total += chunk.length;
    if (total > maxSize) fail('E_INFLATE_TOO_LARGE', `deflated data set inflates past ${maxSize} bytes`, offset);
    chunks.push(chunk);
  });
  try {
    inflater.push(input, true);
  } catch (error) {
    // A broken stream is refused whole: reading on with what inflated would silently drop elements.
    if (error instanceof Error && 'code' in error && typeof error.code === 'number') {
      fail('E_INFLATE', `deflated data set cannot be inflated: ${error.message}`, offset);
    }
    throw error;
  }
  return concatChunks(chunks, total);
}

/** Raw-deflates parts of a data set into one stream. */
export function deflateParts(parts: readonly Uint8Array[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const deflater = new Deflate({ level: 6 }, (chunk) => {
    chunks.push(chunk);
    total += chunk.length;
  });
  for (const [index, part] of parts.entries()) deflater.push(part, index === parts.length - 1);
  if (parts.length === 0) deflater.push(new Uint8Array(0), true);
  return concatChunks(chunks, total);
}

/** The chunks a streaming (in|de)flater emitted, as one array of `total` bytes. */
function concatChunks(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
