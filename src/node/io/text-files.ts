/**
 * Files too long to be one string (report.json, files.csv, scans, plans, journals of millions of
 * files): written from pieces, atomically, and read back a chunk at a time. V8's longest string is
 * about 512 MiB; none of these ever needs one.
 */
import { closeSync, fsyncSync, openSync, readSync, renameSync, writeSync } from 'node:fs';
import { emitJson } from '../../core/json/write-json.ts';
import { atomicTempPath } from './atomic-write.ts';
import { JsonSplitter } from '../../core/json/split-json.ts';

/** Text gathered up to this many characters before a write. */
const BUFFERED = 1 << 20;
/** Bytes read at a time. */
const CHUNK = 1 << 22;

/**
 * Writes what `fill` emits to `path`, atomically (temp beside it, fsync, rename): a reader or a
 * killed run sees the old file or the new, never half. The text never exists as one string.
 */
export function writeTextAtomic(path: string, fill: (emit: (text: string) => void) => void, mode = 0o644): void {
  const temp = atomicTempPath(path);
  const fd = openSync(temp, 'w', mode);
  try {
    let parts: string[] = [];
    let size = 0;
    const flush = () => {
      const bytes = Buffer.from(parts.join(''), 'utf8');
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
      parts = [];
      size = 0;
    };
    fill((text) => {
      parts.push(text);
      size += text.length;
      if (size >= BUFFERED) flush();
    });
    flush();
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}

/** `${JSON.stringify(value, null, 2)}\n`, written atomically a piece at a time. */
export function writeJsonAtomic(path: string, value: unknown, mode = 0o644): void {
  writeTextAtomic(path, (emit) => {
    emitJson(value, emit);
    emit('\n');
  }, mode);
}

/**
 * Hands the text of `path` to `take` a chunk at a time (UTF-8, a character never cut in two);
 * `take` returns false to stop reading. Throws as readFileSync does when the file cannot be opened.
 */
export function readTextChunks(path: string, take: (text: string) => boolean | undefined): void {
  const fd = openSync(path, 'r');
  try {
    const decoder = new TextDecoder('utf-8');
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK, null);
      const text = decoder.decode(buffer.subarray(0, read), { stream: read > 0 });
      if (text.length > 0 && take(text) === false) return;
      if (read === 0) return;
    }
  } finally {
    closeSync(fd);
  }
}

/** Each line of `path` (without its `\n`), the last one too when it has no `\n`. */
export function readLines(path: string, onLine: (line: string) => void): void {
  let rest = '';
  readTextChunks(path, (text) => {
    const lines = (rest + text).split('\n');
    rest = lines.pop()!;
    for (const line of lines) onLine(line);
    return true;
  });
  if (rest.length > 0) onLine(rest);
}

/**
 * A JSON object whose member `key` is a long array: each item to `onItem` as it is read, and the
 * rest (that member as `[]`) returned. With `onlyBefore`, reading stops where the array begins and
 * only the members before it are returned (report.json's head, without reading its file list).
 */
export function readJsonSplit(path: string, key: string, onItem: (item: unknown) => void, onlyBefore = false): Record<string, unknown> {
  const splitter = new JsonSplitter(key, onItem, onlyBefore);
  readTextChunks(path, (text) => {
    splitter.push(text);
    return !(onlyBefore && splitter.reachedItems);
  });
  return onlyBefore ? splitter.before() : splitter.end();
}

/**
 * The bytes of `path` in windows of at most `size` bytes, each cut after a line end where there
 * is one and starting `overlap` bytes before the last one's end, so whatever spans less than
 * `overlap` bytes is whole in some window. A file under `size` is one window.
 */
export function readByteWindows(path: string, size: number, overlap: number, onWindow: (bytes: Uint8Array) => void): void {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(size);
    let kept = 0;
    for (;;) {
      let filled = kept;
      for (let read = -1; filled < size && read !== 0; filled += read) read = readSync(fd, buffer, filled, size - filled, null);
      if (filled < size) {
        if (filled > 0) onWindow(buffer.subarray(0, filled));
        return;
      }
      const lineEnd = buffer.lastIndexOf(10, size - 1);
      const cut = lineEnd > overlap ? lineEnd + 1 : size;
      onWindow(buffer.subarray(0, cut));
      // An even start: UTF-16 text keeps its alignment (the readings try both anyway).
      const from = Math.max(0, (cut - overlap) & ~1);
      buffer.copy(buffer, 0, from, size);
      kept = size - from;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * `text` as one flat string. Strings built a piece at a time (path.join, `+=`) are trees of pieces
 * in V8, ~4× the size of their characters; reading a character flattens one in place. For strings
 * held per file by millions (files.csv's paths, report.json's references).
 */
export function flatString(text: string): string {
  text.charCodeAt(0);
  return text;
}
