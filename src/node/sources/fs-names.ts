/**
 * File names as the file system holds them: bytes. Linux accepts any bytes but `/` and NUL, and
 * folders copied from old CDs or Windows shares often carry Latin-1 names that are not UTF-8,
 * which Node decodes lossily (U+FFFD) into a path that no longer opens.
 *
 * Inside refs, such a name keeps every byte: each byte that is not part of well-formed UTF-8 is
 * the lone surrogate U+DC80–U+DCFF (Python's "surrogateescape"), which survives JSON and thread
 * messages, and turns back into the same byte when the path is opened. For output paths and
 * name search, the same bytes are read as Windows-1252, the likeliest writer (CP437 when
 * Windows-1252 cannot read them): readable text, never an invalid byte, every byte kept.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { utf8Run } from '../../core/dicom/utf8.ts';
import { legacyNameReading } from '../../core/text/name-readings.ts';

const ESCAPE_BASE = 0xdc00;
const ESCAPED = /[\udc80-\udcff]/;
const UTF8 = new TextDecoder('utf-8');

/** A name read from the file system, with bytes that are not UTF-8 escaped (see above). */
export function nameFromBytes(raw: Uint8Array): string {
  let out = '';
  let at = 0;
  let plainFrom = 0;
  while (at < raw.length) {
    const run = utf8Run(raw, at);
    if (run > 0) {
      at += run;
      continue;
    }
    out += UTF8.decode(raw.subarray(plainFrom, at));
    out += String.fromCharCode(ESCAPE_BASE + raw[at]!);
    at += 1;
    plainFrom = at;
  }
  return out + UTF8.decode(raw.subarray(plainFrom, at));
}

/** Whether a name or path holds escaped bytes. */
export function hasEscapedBytes(text: string): boolean {
  return ESCAPED.test(text);
}

/** The bytes a name or path stands for: UTF-8, escaped bytes back as themselves. */
export function bytesOfName(text: string): Buffer {
  const parts: Buffer[] = [];
  let plainFrom = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xdc80 || code > 0xdcff) continue;
    // A lone low surrogate: a high one before it would make it half of a real character.
    const previous = i > 0 ? text.charCodeAt(i - 1) : 0;
    if (previous >= 0xd800 && previous <= 0xdbff) continue;
    parts.push(Buffer.from(text.slice(plainFrom, i), 'utf8'), Buffer.from([code - ESCAPE_BASE]));
    plainFrom = i + 1;
  }
  parts.push(Buffer.from(text.slice(plainFrom), 'utf8'));
  return Buffer.concat(parts);
}

/** `rel` under `root` in the form `node:fs` opens: a string, or bytes when `rel` has escaped bytes. */
export function fsPath(root: string, rel: string): string | Buffer {
  if (!hasEscapedBytes(rel)) return join(root, rel);
  // One byte per character: join() sees the same `/` and `.` and keeps every other byte as it is.
  const binary = (text: string) => bytesOfName(text).toString('latin1');
  return Buffer.from(join(binary(root), binary(rel)), 'latin1');
}

/**
 * A name as the output and the name search see it: its bytes read as Windows-1252, or as CP437
 * when Windows-1252 cannot read them all (`legacyNameReading`); control characters as `_`. The
 * finder and the second opinion search the other readings of the same bytes too.
 */
export function readableName(name: string): string {
  if (!hasEscapedBytes(name)) return name;
  return legacyNameReading(bytesOfName(name)).replace(/[\u0000-\u001f\u007f-\u009f]/g, '_');
}

/** A `/`-separated path whose names each read as {@link readableName} does. */
export function readablePath(path: string): string {
  return hasEscapedBytes(path) ? path.split('/').map(readableName).join('/') : path;
}

/**
 * The entries of the folder `rel` (`/`-separated, '' for `root` itself) with their names as bytes
 * (escaped as above), so that a name that is not UTF-8 is listed, searched and opened as itself
 * instead of as U+FFFD, which names no file.
 */
export function listFolder(root: string, rel: string): { name: string; isDirectory: boolean }[] {
  return readdirSync(rel === '' ? root : fsPath(root, rel), { withFileTypes: true, encoding: 'buffer' }).map((entry) => ({
    name: nameFromBytes(entry.name),
    isDirectory: entry.isDirectory(),
  }));
}

/**
 * A path as files.csv and messages print it: UTF-8 text as it is, each byte that is no UTF-8 as
 * `\xE9`, so two files whose names differ only in such bytes are never printed alike (a UTF-8
 * file cannot hold them, and U+FFFD would stand for all of them).
 */
export function printablePath(text: string): string {
  if (!hasEscapedBytes(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const previous = i > 0 ? text.charCodeAt(i - 1) : 0;
    const escaped = code >= 0xdc80 && code <= 0xdcff && !(previous >= 0xd800 && previous <= 0xdbff);
    out += escaped ? `\\x${(code - ESCAPE_BASE).toString(16).toUpperCase().padStart(2, '0')}` : text[i];
  }
  return out;
}
