/**
 * Names held as bytes with no say of their encoding: a zip entry name without the UTF-8 flag (the
 * zip default is CP437, but many archivers write Latin-1, Windows-1252 or UTF-8 there) and a file
 * name on disk that is not UTF-8 (Latin-1 or CP437 from old CDs and shares). One reading becomes
 * the output's text; a name must be found whatever reading spells it: `Kr\xF6nberger` reads
 * `Kr÷nberger` as CP437 and `Krönberger` as Windows-1252.
 *
 * A text made by one of these readings holds its bytes: each reading is one-to-one, so encoding
 * the text back gives them, and decoding those in another encoding gives the other readings. Both
 * the finder and the second opinion search a path's text in every such reading, so a path says
 * the same thing to them whichever reading wrote it, and an output written by an earlier version
 * in the wrong reading is caught too.
 */
import { WINDOWS_1252 } from '../dicom/charset.ts';
import { utf8Run } from '../dicom/utf8.ts';

/** The encodings a name's bytes are read in. Latin-1 differs from Windows-1252 on 0x80–0x9F only. */
export type NameEncoding = 'utf-8' | 'cp437' | 'windows-1252' | 'latin-1';

/** Code page 437 as zip readers decode it (0x01–0x1F and 0x7F as IBM's glyphs, 0xFF no-break space). */
const CP437 =
  '\u0000☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼' +
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~⌂' +
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

const SINGLE_BYTE: Readonly<Record<Exclude<NameEncoding, 'utf-8'>, string>> = {
  cp437: CP437,
  'windows-1252': String.fromCharCode(...WINDOWS_1252),
  'latin-1': String.fromCharCode(...Array.from({ length: 256 }, (_, b) => b)),
};

function inverse(table: string): Map<number, number> {
  const map = new Map<number, number>();
  for (let b = 0; b < 256; b++) map.set(table.charCodeAt(b), b);
  return map;
}

// Control characters are bytes of their own in every table: a CP437 reading that shows 0x01 as
// ☺ was given to a file system as 0x01 all the same.
const CONTROLS = Array.from({ length: 0x20 }, (_, b) => b);
const ENCODERS: Readonly<Record<'cp437' | 'windows-1252', Map<number, number>>> = {
  cp437: inverse(CP437),
  // Windows-1252 and, for its five unassigned bytes and text already read as Latin-1, its C1 controls.
  'windows-1252': new Map([...inverse(SINGLE_BYTE['latin-1']), ...inverse(SINGLE_BYTE['windows-1252'])]),
};
for (const b of [...CONTROLS, 0x7f]) ENCODERS.cp437.set(b, b);

/** `bytes` in a single-byte encoding: one character per byte. */
export function decodeSingleByte(bytes: Uint8Array, encoding: Exclude<NameEncoding, 'utf-8'>): string {
  const table = SINGLE_BYTE[encoding];
  let out = '';
  for (const b of bytes) out += table[b];
  return out;
}

/** Whether `bytes` are well-formed UTF-8 (the Encoding Standard's rules). */
export function isWellFormedUtf8(bytes: Uint8Array): boolean {
  for (let at = 0; at < bytes.length; ) {
    const run = utf8Run(bytes, at);
    if (run < 0) return false;
    at += run;
  }
  return true;
}

function hasC1Byte(bytes: Uint8Array): boolean {
  return bytes.some((b) => b >= 0x80 && b < 0xa0);
}

/**
 * The reading a name on disk that is not UTF-8 is given: Windows-1252 (Latin-1 and Windows
 * writers), unless it holds one of the five bytes Windows-1252 leaves unassigned, which those
 * never write: then CP437 (DOS and zip tools), where `M\x81ller` is `Müller`, for every byte past
 * ASCII. Either way every byte is a character of its own, so no other reading is lost.
 */
export function legacyNameReading(bytes: Uint8Array): string {
  if (!bytes.some((b) => WINDOWS_1252_UNASSIGNED.has(b))) return decodeSingleByte(bytes, 'windows-1252');
  let out = '';
  for (const b of bytes) out += b < 0x80 ? String.fromCharCode(b) : CP437[b];
  return out;
}

const WINDOWS_1252_UNASSIGNED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

const UTF8 = new TextDecoder();
const UTF8_ENCODER = new TextEncoder();

/** A text read again: its characters, and for each code unit the range of the original text it stands for. */
export interface Rereading {
  readonly text: string;
  readonly start: readonly number[];
  readonly end: readonly number[];
}

/** The bytes `text` was read from if it was read in `encoding`, each with the range of text it gave. */
function encodeBack(text: string, encoding: 'utf-8' | 'cp437' | 'windows-1252'): { bytes: Uint8Array; start: number[]; end: number[] } | undefined {
  const bytes: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < text.length; ) {
    const point = text.codePointAt(i)!;
    const width = point > 0xffff ? 2 : 1;
    if (encoding === 'utf-8') {
      for (const b of UTF8_ENCODER.encode(text.slice(i, i + width))) bytes.push(b);
    } else {
      const b = ENCODERS[encoding].get(point);
      if (b === undefined) return undefined;
      bytes.push(b);
    }
    while (start.length < bytes.length) {
      start.push(i);
      end.push(i + width);
    }
    i += width;
  }
  return { bytes: Uint8Array.from(bytes), start, end };
}

/** `bytes` decoded in `encoding`, each code unit mapped to the text range its bytes came from. */
function decodeMapped(bytes: Uint8Array, from: { start: number[]; end: number[] }, encoding: NameEncoding): Rereading | undefined {
  const start: number[] = [];
  const end: number[] = [];
  let text = '';
  if (encoding !== 'utf-8') {
    const table = SINGLE_BYTE[encoding];
    for (let b = 0; b < bytes.length; b++) {
      text += table[bytes[b]!];
      start.push(from.start[b]!);
      end.push(from.end[b]!);
    }
    return { text, start, end };
  }
  for (let at = 0; at < bytes.length; ) {
    const run = utf8Run(bytes, at);
    if (run < 0) return undefined;
    const char = UTF8.decode(bytes.subarray(at, at + run));
    for (let unit = 0; unit < char.length; unit++) {
      start.push(from.start[at]!);
      end.push(from.end[at + run - 1]!);
    }
    text += char;
    at += run;
  }
  return { text, start, end };
}

const ENCODED_IN = ['utf-8', 'cp437', 'windows-1252'] as const;
const DECODED_IN = ['utf-8', 'cp437', 'windows-1252', 'latin-1'] as const;
type Encoded = (typeof ENCODED_IN)[number];
type Decoded = (typeof DECODED_IN)[number];

/** `text` as if its bytes, read `from` one encoding, were read `to` another; undefined when that cannot be. */
function reread(text: string, from: Encoded, to: Decoded): Rereading | undefined {
  const encoded = encodeBack(text, from);
  if (encoded === undefined || (to === 'latin-1' && !hasC1Byte(encoded.bytes))) return undefined;
  return decodeMapped(encoded.bytes, encoded, to);
}

const PAIRS = ENCODED_IN.flatMap((from) => DECODED_IN.filter((to) => to !== from).map((to) => [from, to] as const));

/**
 * The other readings of the bytes `text` may have been read from (as UTF-8, CP437 or
 * Windows-1252), each with where its characters come from in `text`; none for plain ASCII, which
 * reads alike in all of them. The text itself is not among them.
 */
export function otherReadings(text: string): Rereading[] {
  if (!/[^\x00-\x7f]/.test(text)) return [];
  const seen = new Set([text]);
  const out: Rereading[] = [];
  for (const [from, to] of PAIRS) {
    const reading = reread(text, from, to);
    if (reading === undefined || seen.has(reading.text)) continue;
    seen.add(reading.text);
    out.push(reading);
  }
  return out;
}

/**
 * A `/`-separated path in every reading of its segments' bytes, the path itself first: segment by
 * segment, as each may come from another zip or disk, a segment that cannot be read so standing
 * as it is in that reading (a name across two folders is still whole in each reading).
 */
export function pathReadings(path: string): string[] {
  if (!/[^\x00-\x7f]/.test(path)) return [path];
  const segments = path.split('/');
  const readings = new Set([path]);
  for (const [from, to] of PAIRS) {
    readings.add(segments.map((segment) => (/[^\x00-\x7f]/.test(segment) ? (reread(segment, from, to)?.text ?? segment) : segment)).join('/'));
  }
  return [...readings];
}
