/**
 * Raw byte search over many values at once. A file has hundreds of small values; searching them
 * one by one costs more in set-up than in search, so they are packed into one buffer with a NUL
 * between each (element headers are left out: their bytes would glue one value's text to the next).
 */
import type { ByteSource } from '../dicom/source.ts';
import { type ByteHit, findNamesInBytes } from './byte-search.ts';
import type { FindOptions } from './find-names.ts';
import type { NameIndex } from './name-index.ts';

/** A byte range of a stream to search, with what it belongs to. */
export interface Piece<T> {
  readonly source: ByteSource;
  readonly start: number;
  readonly end: number;
  readonly owner: T;
}

export interface PieceHit<T> {
  readonly piece: Piece<T>;
  /** Offset of the match in the piece's stream. */
  readonly offset: number;
  readonly hit: ByteHit;
}

/** Names longer than this are not expected; windows of large values overlap by it. */
const OVERLAP = 512;
/** NUL bytes between batched values. */
const SEPARATOR = 3;

/** Every name or PatientID in the pieces, read as Latin-1, UTF-8 and UTF-16LE. */
export function scanPieces<T>(index: NameIndex, pieces: Iterable<Piece<T>>, find: FindOptions = {}, chunkSize = 1 << 20): PieceHit<T>[] {
  const hits: PieceHit<T>[] = [];
  let batch: Piece<T>[] = [];
  let batchBytes = 0;
  const flush = () => {
    if (batch.length === 0) return;
    // Three NULs between values: read as UTF-16 at either alignment they hold a NUL unit, so a
    // value's last character never fuses with the next value's first bytes into one letter.
    const bytes = new Uint8Array(batchBytes + SEPARATOR * batch.length);
    const starts: number[] = [];
    let at = 0;
    for (const piece of batch) {
      starts.push(at);
      // Copied at once: a source may reuse its buffer on the next read.
      bytes.set(piece.source.read(piece.start, piece.end - piece.start), at);
      at += piece.end - piece.start + SEPARATOR;
    }
    for (const hit of findNamesInBytes(index, bytes, find)) {
      let i = starts.length - 1;
      while (i > 0 && starts[i]! > hit.offset) i--;
      hits.push({ piece: batch[i]!, offset: batch[i]!.start + hit.offset - starts[i]!, hit });
    }
    batch = [];
    batchBytes = 0;
  };
  for (const piece of pieces) {
    const length = piece.end - piece.start;
    if (length <= 0) continue;
    if (length <= chunkSize) {
      if (batchBytes + length > chunkSize) flush();
      batch.push(piece);
      batchBytes += length;
      continue;
    }
    // Windows overlap, so a name across a window's end is whole in one of them; the next window
    // sees its tail (a family name alone, say) again: that part is the same name, not another.
    let previous: PieceHit<T>[] = [];
    for (let at = piece.start; at < piece.end; at += chunkSize) {
      const size = Math.min(piece.end - at, chunkSize + OVERLAP);
      const found: PieceHit<T>[] = [];
      for (const hit of findNamesInBytes(index, new Uint8Array(piece.source.read(at, size)), find)) {
        const offset = at + hit.offset;
        if (previous.some((p) => p.hit.patientId === hit.patientId && p.offset < offset + hit.length && offset < p.offset + p.hit.length)) continue;
        found.push({ piece, offset, hit });
      }
      hits.push(...found);
      previous = found;
      if (at + size >= piece.end) break;
    }
  }
  flush();
  return hits;
}
