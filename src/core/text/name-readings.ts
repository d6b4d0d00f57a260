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
import { foldChar } from './fold.ts';
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
 * What Windows and DOS write beyond Western Europe: an archiver writes a zip entry name in the
 * system's code page without the UTF-8 flag (Shift_JIS on a Japanese Windows, GBK on a Chinese
 * one, CP866 on a Russian one), and a file copied from such a system keeps those bytes on disk.
 * The path reads them as CP437 or Windows-1252, where `山田太郎` in Shift_JIS is `ÄRôcæ╛ÿY`: the
 * name is still there for whoever reads the bytes back. Only read, never written.
 *
 * Double-byte code pages: the platform decodes them; their lead and trail bytes say a character's length.
 */
const DOUBLE_BYTE = ['shift_jis', 'gb18030', 'big5', 'euc-kr'] as const;
/** Single-byte code pages the platform decodes. */
const SINGLE_BYTE_LEGACY = ['ibm866', 'koi8-r', 'windows-1250', 'windows-1251', 'windows-1253', 'windows-1254', 'windows-1255', 'windows-1256', 'windows-1257', 'windows-874'] as const;
/**
 * The DOS code pages Windows archivers use for zip entry names beyond the US (the system's OEM
 * code page), where the platform's TextDecoder has none: bytes 0x80–0xFF, U+FFFD where unassigned.
 * CP850 is Western Europe's (`ø` is 0x9B there, `¢` in CP437), CP852 Central Europe's, CP737
 * Greek, CP775 Baltic, CP857 Turkish, CP862 Hebrew.
 */
const OEM_UPPER = {
  cp737: 'ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩαβγδεζηθικλμνξοπρσςτυφχψ░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀ωάέήϊίόύϋώΆΈΉΊΌΎΏ±≥≤ΪΫ÷≈°∙·√ⁿ²■\u00a0',
  cp775: 'ĆüéāäģåćłēŖŗīŹÄÅÉæÆōöĢ¢ŚśÖÜø£Ø×¤ĀĪóŻżź”¦©®¬½¼Ł«»░▒▓│┤ĄČĘĖ╣║╗╝ĮŠ┐└┴┬├─┼ŲŪ╚╔╩╦╠═╬Žąčęėįšųūž┘┌█▄▌▐▀ÓßŌŃõÕµńĶķĻļņĒŅ’\u00ad±“¾¶§÷„°∙·¹³²■\u00a0',
  cp850: 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0',
  cp852: 'ÇüéâäůćçłëŐőîŹÄĆÉĹĺôöĽľŚśÖÜŤťŁ×čáíóúĄąŽžĘę¬źČş«»░▒▓│┤ÁÂĚŞ╣║╗╝Żż┐└┴┬├─┼Ăă╚╔╩╦╠═╬¤đĐĎËďŇÍÎě┘┌█▄ŢŮ▀ÓßÔŃńňŠšŔÚŕŰýÝţ´\u00ad˝˛ˇ˘§÷¸°¨˙űŘř■\u00a0',
  cp857: 'ÇüéâäàåçêëèïîıÄÅÉæÆôöòûùİÖÜø£ØŞşáíóúñÑĞğ¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ºªÊËÈ\ufffdÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµ\ufffd×ÚÛÙìÿ¯´\u00ad±\ufffd¾¶§÷¸°¨·¹³²■\u00a0',
  cp862: 'אבגדהוזחטיךכלםמןנסעףפץצקרשת¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0',
} as const;
type DoubleByte = (typeof DOUBLE_BYTE)[number];
type Legacy = DoubleByte | (typeof SINGLE_BYTE_LEGACY)[number] | keyof typeof OEM_UPPER;
const LEGACY_IN: readonly Legacy[] = [...DOUBLE_BYTE, ...SINGLE_BYTE_LEGACY, ...(Object.keys(OEM_UPPER) as (keyof typeof OEM_UPPER)[])];
const LEGACY_FROM = ['cp437', 'windows-1252'] as const;

/** Bytes 0x80–0xFF of a single-byte code page, one UTF-16 unit each (U+FFFD where unassigned). */
const upperHalves = new Map<Legacy, string>();

function upperHalf(encoding: Legacy): string | undefined {
  if ((DOUBLE_BYTE as readonly string[]).includes(encoding)) return undefined;
  let upper = upperHalves.get(encoding);
  if (upper === undefined) {
    upper = encoding in OEM_UPPER ? OEM_UPPER[encoding as keyof typeof OEM_UPPER] : new TextDecoder(encoding).decode(Uint8Array.from({ length: 0x80 }, (_, i) => 0x80 + i));
    upperHalves.set(encoding, upper);
  }
  return upper;
}

const within = (b: number | undefined, low: number, high: number) => b !== undefined && b >= low && b <= high;

/** Bytes of the character at `at` in a double-byte code page, by its lead and trail bytes. */
function doubleByteLength(encoding: DoubleByte, bytes: Uint8Array, at: number): number {
  const b = bytes[at]!;
  const next = bytes[at + 1];
  switch (encoding) {
    case 'shift_jis':
      return (within(b, 0x81, 0x9f) || within(b, 0xe0, 0xfc)) && (within(next, 0x40, 0x7e) || within(next, 0x80, 0xfc)) ? 2 : 1;
    case 'gb18030':
      if (!within(b, 0x81, 0xfe)) return 1;
      if (within(next, 0x30, 0x39)) return within(bytes[at + 2], 0x81, 0xfe) && within(bytes[at + 3], 0x30, 0x39) ? 4 : 1;
      return within(next, 0x40, 0x7e) || within(next, 0x80, 0xfe) ? 2 : 1;
    case 'big5':
      return within(b, 0x81, 0xfe) && (within(next, 0x40, 0x7e) || within(next, 0xa1, 0xfe)) ? 2 : 1;
    case 'euc-kr':
      return within(b, 0x81, 0xfe) && within(next, 0x41, 0xfe) ? 2 : 1;
  }
}

const doubleByteDecoders = new Map<DoubleByte, TextDecoder>();
/** Characters decoded so far, by code page and bytes: a path's characters repeat from file to file. */
const doubleByteChars = new Map<string, string>();

function doubleByteChar(encoding: DoubleByte, bytes: Uint8Array, at: number, length: number): string {
  const key = `${encoding}:${bytes.subarray(at, at + length).join(',')}`;
  let char = doubleByteChars.get(key);
  if (char === undefined) {
    let decoder = doubleByteDecoders.get(encoding);
    if (decoder === undefined) {
      decoder = new TextDecoder(encoding, { ignoreBOM: true });
      doubleByteDecoders.set(encoding, decoder);
    }
    char = decoder.decode(bytes.subarray(at, at + length));
    if (doubleByteChars.size < 65_536) doubleByteChars.set(key, char);
  }
  return char;
}

/** `bytes` decoded in a legacy code page, each code unit mapped to the text range its bytes came from. */
function decodeLegacy(bytes: Uint8Array, from: { start: number[]; end: number[] }, encoding: Legacy): Rereading {
  const upper = upperHalf(encoding);
  const start: number[] = [];
  const end: number[] = [];
  let text = '';
  for (let at = 0; at < bytes.length; ) {
    const b = bytes[at]!;
    let char: string;
    let length = 1;
    if (b < 0x80) char = String.fromCharCode(b);
    else if (upper !== undefined) char = upper[b - 0x80]!;
    else {
      length = doubleByteLength(encoding as DoubleByte, bytes, at);
      char = doubleByteChar(encoding as DoubleByte, bytes, at, length);
    }
    for (let unit = 0; unit < char.length; unit++) {
      start.push(from.start[at]!);
      end.push(from.end[at + length - 1]!);
    }
    text += char;
    at += length;
  }
  return { text, start, end };
}

/**
 * Which readings are worth a search: one that holds a character past ASCII whose letter some name
 * holds. `units` are the folded names' UTF-16 units (`NameIndex.units`, `Needles.units`); a
 * character is compared by its base letter in lower case (`Ó` as `o`, `И` as `и`). Most legacy
 * readings of a path are noise in scripts no name is written in, and each costs a search.
 */
export type ReadingFilter = (reading: string) => boolean;

export function readingsNamesMayHold(units: ReadonlySet<number>, from = 0x80): ReadingFilter {
  // One per set of names and bound, kept as long as the names are: it learns each character once.
  let byBound = filters.get(units);
  if (byBound === undefined) {
    byBound = new Map();
    filters.set(units, byBound);
  }
  let filter = byBound.get(from);
  if (filter === undefined) {
    filter = readingFilter(units, from);
    byBound.set(from, filter);
  }
  return filter;
}

const filters = new WeakMap<ReadonlySet<number>, Map<number, ReadingFilter>>();

function readingFilter(units: ReadonlySet<number>, from: number): ReadingFilter {
  const seen = new Map<number, boolean>();
  return (reading) => {
    for (let i = 0; i < reading.length; i++) {
      const code = reading.charCodeAt(i);
      if (code < from) continue;
      let held = seen.get(code);
      if (held === undefined) {
        const folded = foldChar(String.fromCharCode(code));
        held = units.has(code);
        for (let f = 0; f < folded.length && !held; f++) held = units.has(folded.charCodeAt(f));
        seen.set(code, held);
      }
      if (held) return true;
    }
    return false;
  };
}

/**
 * The code pages text values are read in besides their character set: a Japanese, Chinese,
 * Korean, Russian, Greek, Central European or Arabic system that writes its own code page and
 * declares none (or another), as legacy modalities and PACS do; and DICOM's own single-byte
 * character sets beyond Latin (ISO_IR 144 Cyrillic, 127 Arabic, 138 Hebrew, 166 Thai, the last read
 * through Windows-874, its superset) and Japanese in EUC-JP (JIS X 0208 with the high bit set, as
 * Unix systems write it), whose declaration was lost. `山田太郎` in Shift_JIS reads as neither
 * UTF-8 nor Latin-1.
 */
/**
 * Values longer than this are not read in the code pages: text a system writes undeclared is a
 * name, a description, a comment; a long value is mostly binary data, whose readings in every code
 * page would each be searched whole (random bytes are letters in most of them).
 */
const CODE_PAGE_MAX_BYTES = 64 * 1024;
const VALUE_CODE_PAGES = [
  'shift_jis', 'gb18030', 'big5', 'euc-kr', 'windows-1251', 'koi8-r', 'windows-1253', 'windows-1250', 'windows-1256',
  'iso-8859-5', 'iso-8859-6', 'iso-8859-8', 'windows-874', 'euc-jp',
] as const;
const valueDecoders = new Map<string, TextDecoder>();

/**
 * Whether `bytes` may be text of such a code page: no control byte but tab, line ends, form feed
 * and ESC (NULs that pad the end aside). Binary data holds controls every few hundred bytes, and
 * its readings would cost a search each for nothing.
 */
function readsAsCodePageText(bytes: Uint8Array): boolean {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) return false;
  }
  return true;
}

/**
 * `bytes` read in each of {@link VALUE_CODE_PAGES}, where a character beyond Latin-1 of the
 * reading is a letter some name holds (`units`: the folded names' units); none for bytes below
 * 0x80, nor for bytes that are no text (controls) or longer than {@link CODE_PAGE_MAX_BYTES}.
 */
export function codePageReadings(bytes: Uint8Array, keep: ReadingFilter): { encoding: string; text: string }[] {
  if (bytes.length > CODE_PAGE_MAX_BYTES || !bytes.some((b) => b >= 0x80) || !readsAsCodePageText(bytes)) return [];
  const out: { encoding: string; text: string }[] = [];
  for (const encoding of VALUE_CODE_PAGES) {
    let decoder = valueDecoders.get(encoding);
    if (decoder === undefined) {
      decoder = new TextDecoder(encoding, { ignoreBOM: true });
      valueDecoders.set(encoding, decoder);
    }
    const text = decoder.decode(bytes);
    if (keep(text)) out.push({ encoding, text });
  }
  return out;
}

/** Every reading of `text` that a legacy encoding gives its CP437 or Windows-1252 bytes, those `keep` takes. */
function legacyReadings(text: string, keep: ReadingFilter | undefined): Rereading[] {
  const out: Rereading[] = [];
  for (const from of LEGACY_FROM) {
    const encoded = encodeBack(text, from);
    if (encoded === undefined || !encoded.bytes.some((b) => b >= 0x80)) continue;
    for (const encoding of LEGACY_IN) {
      const reading = decodeLegacy(encoded.bytes, encoded, encoding);
      if (keep === undefined || keep(reading.text)) out.push(reading);
    }
  }
  return out;
}

/**
 * The other readings of the bytes `text` may have been read from (as UTF-8, CP437 or
 * Windows-1252), each with where its characters come from in `text`; none for plain ASCII, which
 * reads alike in all of them. The text itself is not among them. Readings in the legacy code
 * pages are given only where `keep` takes them.
 */
export function otherReadings(text: string, keep?: ReadingFilter): Rereading[] {
  if (!/[^\x00-\x7f]/.test(text)) return [];
  const seen = new Set([text]);
  const out: Rereading[] = [];
  for (const reading of [...PAIRS.map(([from, to]) => reread(text, from, to)), ...legacyReadings(text, keep)]) {
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
export function pathReadings(path: string, keep?: ReadingFilter): string[] {
  if (!/[^\x00-\x7f]/.test(path)) return [path];
  const segments = path.split('/');
  const readings = new Set([path]);
  for (const [from, to] of PAIRS) {
    readings.add(segments.map((segment) => (/[^\x00-\x7f]/.test(segment) ? (reread(segment, from, to)?.text ?? segment) : segment)).join('/'));
  }
  for (const from of LEGACY_FROM) {
    for (const encoding of LEGACY_IN) {
      const reading = segments
        .map((segment) => {
          const encoded = /[^\x00-\x7f]/.test(segment) ? encodeBack(segment, from) : undefined;
          return encoded === undefined ? segment : decodeLegacy(encoded.bytes, encoded, encoding).text;
        })
        .join('/');
      if (keep === undefined || keep(reading)) readings.add(reading);
    }
  }
  // A Shift_JIS or Big5 character whose second byte is 0x5C (能, 十, ソ; 許, 功) split a name into
  // folders where a reader took that byte for `\`: the whole path is read again with `/` as 0x5C.
  if (segments.length > 1) {
    for (const from of LEGACY_FROM) {
      const parts = segments.map((segment) => encodeBack(segment, from));
      if (parts.some((part) => part === undefined)) continue;
      const bytes: number[] = [];
      parts.forEach((part, i) => {
        if (i > 0) bytes.push(0x5c);
        bytes.push(...part!.bytes);
      });
      const unmapped = { start: bytes.map(() => 0), end: bytes.map(() => 0) };
      for (const encoding of DOUBLE_BYTE) {
        const reading = decodeLegacy(Uint8Array.from(bytes), unmapped, encoding).text;
        if (keep === undefined || keep(reading)) readings.add(reading);
      }
    }
  }
  return [...readings];
}
