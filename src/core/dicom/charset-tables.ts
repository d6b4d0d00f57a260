/**
 * Code tables for the character sets DICOM uses, built lazily from the platform's TextDecoder
 * (every byte or byte pair decoded once) so the core needs no encoding library and no Buffer.
 * Each table decodes and, reversed, encodes; both directions therefore always agree.
 */
import type { SingleByteLabel } from './charset-terms.ts';

/** U+FFFD: a code that maps to nothing. */
export const UNMAPPED = 0xfffd;

/** An 8-bit set: byte → UTF-16 code unit, and its reverse. */
export interface ByteTable {
  readonly decode: Uint16Array;
  /** Code unit → byte; only for the code units the set holds. */
  encode(codeUnit: number): number | undefined;
}

const byteTables = new Map<SingleByteLabel, ByteTable>();

function reverseOf(decode: Uint16Array, from: number): (codeUnit: number) => number | undefined {
  let reverse: Map<number, number> | undefined;
  return (codeUnit) => {
    if (codeUnit < 0x80) return codeUnit;
    if (!reverse) {
      reverse = new Map();
      for (let b = decode.length - 1; b >= from; b--) if (decode[b] !== UNMAPPED) reverse.set(decode[b]!, b);
    }
    return reverse.get(codeUnit);
  };
}

/**
 * The table of an ISO 8859-style set: ASCII below 0x80, C1 controls at 0x80–0x9F (ISO 8859,
 * unlike the Windows code pages the Web maps some of these labels to), the set above 0xA0.
 */
export function byteTable(label: SingleByteLabel): ByteTable {
  const known = byteTables.get(label);
  if (known) return known;
  const decode = new Uint16Array(256);
  for (let b = 0; b < 0xa0; b++) decode[b] = b;
  if (label === 'latin1') {
    for (let b = 0xa0; b < 0x100; b++) decode[b] = b;
  } else {
    // Upper halves only: the Web's iso-8859-9 and tis-620 are windows-1254 and windows-874,
    // which agree with ISO 8859-9 and TIS 620 from 0xA0 on.
    const upper = Uint8Array.from({ length: 0x60 }, (_, i) => 0xa0 + i);
    const text = new TextDecoder(label === 'tis-620' ? 'windows-874' : label).decode(upper);
    for (let i = 0; i < 0x60; i++) {
      const unit = text.charCodeAt(i);
      // windows-874 fills the codes TIS 620 leaves unassigned with private-use characters.
      decode[0xa0 + i] = unit >= 0xe000 && unit <= 0xf8ff ? UNMAPPED : unit;
    }
    if (label === 'tis-620') decode[0xa0] = UNMAPPED; // and gives 0xA0, unassigned too, a no-break space
  }
  const table: ByteTable = { decode, encode: reverseOf(decode, 0x80) };
  byteTables.set(label, table);
  return table;
}

/** A 94×94 double-byte set (rows and cells 1–94), and its reverse. */
export interface PairTable {
  /** Index (row-1)*94 + (cell-1) → code unit, UNMAPPED where the set has no character. */
  readonly decode: Uint16Array;
  /** Code unit → index; only for the characters of the set proper. */
  encode(codeUnit: number): number | undefined;
}

export type PairSetId = 'jisx0208' | 'jisx0212' | 'ksx1001' | 'gb2312';

interface PairSource {
  /** Web decoder label; EUC forms put both bytes in 0xA1–0xFE. */
  label: string;
  prefix: number[];
  encodable: (index: number, codeUnit: number) => boolean;
  /** [index, code unit] where the platform's table departs from the set's standard mapping. */
  fixes?: [number, number][];
  /** [code unit, index]: variants that other tables read those codes as, written too. */
  aliases?: [number, number][];
}

const PAIR_SOURCES: Record<PairSetId, PairSource> = {
  jisx0208: {
    label: 'euc-jp',
    prefix: [],
    // Rows 89–92 of the platform's table are IBM extensions, not JIS X 0208.
    encodable: (index) => index < 84 * 94,
    // ICU reads six symbols as Windows does (～ ∥ － ￠ ￡ ￢); JIS X 0208, the Web's index
    // and pydicom read 〜 ‖ − ¢ £ ¬. Both are written.
    fixes: [
      [32, 0x301c],
      [33, 0x2016],
      [60, 0x2212],
      [80, 0xa2],
      [81, 0xa3],
      [137, 0xac],
    ],
    aliases: [
      [0xff5e, 32],
      [0x2225, 33],
      [0xff0d, 60],
      [0xffe0, 80],
      [0xffe1, 81],
      [0xffe2, 137],
    ],
  },
  jisx0212: { label: 'euc-jp', prefix: [0x8f], encodable: () => true },
  // ICU's table predates KS X 1001:1998, which added € and ® at A2E6 and A2E7.
  ksx1001: {
    label: 'euc-kr',
    prefix: [],
    encodable: () => true,
    fixes: [
      [163, 0x20ac],
      [164, 0xae],
    ],
  },
  gb2312: {
    label: 'gbk',
    prefix: [],
    // GBK's user-defined areas decode to the Private Use Area: not GB 2312 characters.
    encodable: (_index, codeUnit) => codeUnit < 0xe000 || codeUnit > 0xf8ff,
    // A1A4 and A1AA read as GBK has them (· —); GB 2312's own table has ・ ―, written too.
    aliases: [
      [0x30fb, 3],
      [0x2015, 9],
    ],
  },
};

const pairTables = new Map<PairSetId, PairTable>();

export function pairTable(id: PairSetId): PairTable {
  const known = pairTables.get(id);
  if (known) return known;
  const source = PAIR_SOURCES[id];
  const width = source.prefix.length + 2;
  const bytes = new Uint8Array(94 * 94 * width);
  for (let index = 0; index < 94 * 94; index++) {
    const at = index * width;
    bytes.set(source.prefix, at);
    bytes[at + width - 2] = 0xa1 + Math.floor(index / 94);
    bytes[at + width - 1] = 0xa1 + (index % 94);
  }
  const text = new TextDecoder(source.label).decode(bytes);
  const decode = new Uint16Array(94 * 94);
  if (text.length === 94 * 94) {
    for (let index = 0; index < decode.length; index++) decode[index] = text.charCodeAt(index);
  } else {
    // A decoder that gave other than one code unit per pair: decode pair by pair.
    const one = new TextDecoder(source.label);
    for (let index = 0; index < decode.length; index++) {
      const char = one.decode(bytes.subarray(index * width, index * width + width));
      decode[index] = char.length === 1 ? char.charCodeAt(0) : UNMAPPED;
    }
  }
  for (const [index, unit] of source.fixes ?? []) decode[index] = unit;
  let reverse: Map<number, number> | undefined;
  const table: PairTable = {
    decode,
    encode(codeUnit) {
      if (!reverse) {
        reverse = new Map(source.aliases);
        for (let index = decode.length - 1; index >= 0; index--) {
          const unit = decode[index]!;
          if (unit !== UNMAPPED && source.encodable(index, unit)) reverse.set(unit, index);
        }
      }
      return reverse.get(codeUnit);
    },
  };
  pairTables.set(id, table);
  return table;
}
