/**
 * Writes the codec's output parts: new bytes as they are, source ranges copied in large chunks
 * through one reused buffer, so a 2 GB file is rewritten without ever holding its pixel data.
 */
import { closeSync, openSync, read, writeSync, writevSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { OutputPart } from '../../core/dicom/model.ts';
import { DicomParseError } from '../../core/errors.ts';
import type { ByteSource } from '../../core/dicom/source.ts';
import type { RangeSource } from '../sources/index.ts';
import { FileSource, readFully } from './file-source.ts';

const CHUNK_BYTES = 4 * 1024 * 1024;
let sharedChunk: Buffer | undefined;

/** Calls `sink` with every byte of `parts` in order; each chunk is valid only during the call. */
export function forEachChunk(parts: readonly OutputPart[], source: ByteSource, sink: (chunk: Uint8Array) => void): void {
  for (const part of parts) {
    if (part instanceof Uint8Array) {
      if (part.length > 0) sink(part);
      continue;
    }
    for (let done = 0; done < part.length; ) {
      const length = Math.min(CHUNK_BYTES, part.length - done);
      let chunk: Uint8Array;
      const disk = source as RangeSource;
      if (source instanceof FileSource) {
        const cached = source.cached(part.offset + done, length);
        if (cached) chunk = cached;
        else {
          sharedChunk ??= Buffer.allocUnsafe(CHUNK_BYTES);
          chunk = sharedChunk.subarray(0, readFully(source.fd, sharedChunk, length, part.offset + done));
        }
      } else if (disk.readInto) {
        // Into one reused buffer: a fresh one per chunk costs page faults for every megabyte copied.
        sharedChunk ??= Buffer.allocUnsafe(CHUNK_BYTES);
        chunk = sharedChunk.subarray(0, disk.readInto(sharedChunk.subarray(0, length), part.offset + done));
      } else {
        chunk = source.read(part.offset + done, length);
      }
      if (chunk.length !== length) throw sourceShrank(part.offset + done);
      sink(chunk);
      done += length;
    }
  }
}

function sourceShrank(offset: number): DicomParseError {
  return new DicomParseError('E_SOURCE_CHANGED', `the source ended at ${offset}, inside a range the output copies: it changed after parsing`, { offset });
}

function writeAll(fd: number, chunk: Uint8Array): void {
  for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done, chunk.length - done);
}

/**
 * Writes `parts` to a new file at `path` (created or truncated). Atomic placement (temp file and
 * rename) is the caller's.
 */
export function writePartsToFile(parts: readonly OutputPart[], source: ByteSource, path: string): void {
  const fd = openSync(path, 'w');
  try {
    forEachChunk(parts, source, (chunk) => writeAll(fd, chunk));
  } finally {
    closeSync(fd);
  }
}

/**
 * A source whose reads are views of memory it holds until released, valid all at once (a file
 * read whole): its parts can go to the system in one call.
 */
export interface HeldSource extends ByteSource {
  readonly held: true;
}

function isHeld(source: ByteSource): source is HeldSource {
  return (source as Partial<HeldSource>).held === true;
}

/** The most buffers one writev takes (IOV_MAX on Linux and macOS). */
const IOV_MAX = 1024;

/** Writes every view in order, in as few system calls as the system allows. */
function writeAllGathered(fd: number, views: readonly Uint8Array[]): void {
  for (let next = 0; next < views.length; ) {
    const batch = views.slice(next, next + IOV_MAX);
    let written = writevSync(fd, batch);
    let whole = 0;
    while (whole < batch.length && written >= batch[whole]!.length) written -= batch[whole++]!.length;
    // A short write (a signal, a full disk that frees up): finish that view, then gather again.
    if (whole < batch.length && written > 0) writeAll(fd, batch[whole++]!.subarray(written));
    next += whole;
  }
}

/** Writes `parts` to an open descriptor at its current position. */
export function writePartsToFd(parts: readonly OutputPart[], source: ByteSource, fd: number): void {
  if (!isHeld(source)) {
    forEachChunk(parts, source, (chunk) => writeAll(fd, chunk));
    return;
  }
  const views: Uint8Array[] = [];
  for (const part of parts) {
    const view = part instanceof Uint8Array ? part : source.read(part.offset, part.length);
    if (!(part instanceof Uint8Array) && view.length !== part.length) throw sourceShrank(part.offset + view.length);
    if (view.length > 0) views.push(view);
  }
  writeAllGathered(fd, views);
}

/**
 * `parts` as a Node stream (for zip entries and pipes). Chunks are copied, since the stream may
 * hold them after the next read.
 */
export function partsToReadable(parts: readonly OutputPart[], source: ByteSource): Readable {
  function* chunks(): Generator<Buffer> {
    for (const part of parts) {
      if (part instanceof Uint8Array) {
        if (part.length > 0) yield Buffer.from(part);
        continue;
      }
      for (let done = 0; done < part.length; done += CHUNK_BYTES) {
        const length = Math.min(CHUNK_BYTES, part.length - done);
        let chunk: Buffer;
        if (source instanceof FileSource) {
          chunk = Buffer.allocUnsafe(length);
          chunk = chunk.subarray(0, readFully(source.fd, chunk, length, part.offset + done));
        } else {
          chunk = Buffer.from(source.read(part.offset + done, length));
        }
        if (chunk.length !== length) throw sourceShrank(part.offset + done);
        yield chunk;
      }
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

/**
 * Like {@link writePartsToFile}, but reads the next chunk while the last one is being written
 * (two buffers, libuv's threads), so large files copy at close to the speed of the disk.
 */
export async function writePartsToFileAsync(parts: readonly OutputPart[], source: ByteSource, path: string): Promise<void> {
  const output = await open(path, 'w');
  const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
  let writing: Promise<unknown> = Promise.resolve();
  let turn = 0;
  const write = async (chunk: Uint8Array) => {
    await writing;
    writing = output.write(chunk, 0, chunk.length);
  };
  try {
    for (const part of parts) {
      if (part instanceof Uint8Array) {
        if (part.length > 0) await write(part.slice());
        continue;
      }
      for (let done = 0; done < part.length; ) {
        const length = Math.min(CHUNK_BYTES, part.length - done);
        const buffer = buffers[turn++ % 2]!;
        let got: number;
        if (source instanceof FileSource) {
          // This buffer's previous write was awaited before the one now in flight began.
          got = (await new Promise<number>((resolve, reject) =>
            read(source.fd, buffer, 0, length, part.offset + done, (error, bytes) => (error ? reject(error) : resolve(bytes))),
          ));
        } else {
          const chunk = source.read(part.offset + done, length);
          buffer.set(chunk);
          got = chunk.length;
        }
        if (got !== length) throw sourceShrank(part.offset + done);
        await write(buffer.subarray(0, got));
        done += length;
      }
    }
    await writing;
  } finally {
    await output.close();
  }
}
