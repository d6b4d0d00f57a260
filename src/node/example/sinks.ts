/**
 * Where generated files go: straight to a folder, or into a zip (written when finished, into its
 * parent sink, so a zip can sit in a folder or in another zip). Zip timestamps are fixed so the
 * same seed gives the same bytes.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';

export interface Sink {
  add(path: string, bytes: Uint8Array): void;
  finish(): Promise<void>;
  /** Where `path` lands on disk, for sinks that write files (so zips stream straight there). */
  diskPath?(path: string): string;
}

export function folderSink(root: string): Sink {
  return {
    add(path, bytes) {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, bytes);
    },
    finish: async () => {},
    diskPath(path) {
      const full = join(root, path);
      mkdirSync(dirname(full), { recursive: true });
      return full;
    },
  };
}

const FIXED_TIME = new Date(Date.UTC(2024, 0, 1, 12, 0, 0));
/** Larger entries are stored: pixel noise does not compress, and stored entries are read in place. */
const COMPRESS_BELOW = 256 * 1024;

/** A zip written as `path` into `parent` when finished. */
export function zipSink(parent: Sink, path: string): Sink {
  const zip = new yazl.ZipFile();
  return {
    add(entry, bytes) {
      zip.addBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), entry, { mtime: FIXED_TIME, compress: bytes.length < COMPRESS_BELOW });
    },
    async finish() {
      if (parent.diskPath) {
        const done = pipeline(zip.outputStream, createWriteStream(parent.diskPath(path)));
        zip.end();
        return done;
      }
      const chunks: Buffer[] = [];
      const done = new Promise<void>((resolve, reject) => {
        zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
        zip.outputStream.on('end', resolve);
        zip.outputStream.on('error', reject);
      });
      zip.end();
      await done;
      parent.add(path, Buffer.concat(chunks));
    },
  };
}
