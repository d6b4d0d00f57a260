/**
 * A deliberately permissive zip writer for tests: it writes what real tools refuse to (`..`
 * names, symlink entries, encryption flags, lying sizes, overlapping entries), so the reader's
 * defences can be tried on real bytes. Normal zips in tests come from yazl.
 */
import { deflateRawSync } from 'node:zlib';

export interface RawEntry {
  name: string | Uint8Array;
  data?: Uint8Array;
  /** 0 stored, 8 deflate, anything else as given (the data is then stored as is). */
  method?: number;
  /** General purpose flags; bit 0 marks encryption, bit 11 UTF-8 names. */
  flags?: number;
  /** Unix mode in the high half of the external attributes (0o120777 for a symlink). */
  unixMode?: number;
  /** Declared sizes, when they should lie. */
  declaredSize?: number;
  /** Declared CRC-32, when it should lie (the data's own by default). */
  crc?: number;
  /** Extra fields, written as given in both headers (an Info-ZIP Unicode Path field, 0x7075…). */
  extra?: Uint8Array;
  /** Reuse the local header (and data) of an earlier entry: an overlapping entry. */
  sameDataAs?: number;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The bytes of a zip holding `entries` exactly as described. */
export function rawZip(entries: readonly RawEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  const offsets: number[] = [];
  let offset = 0;
  entries.forEach((entry, index) => {
    const name = typeof entry.name === 'string' ? new TextEncoder().encode(entry.name) : entry.name;
    const data = entry.data ?? new Uint8Array(0);
    const method = entry.method ?? 0;
    const packed = method === 8 ? deflateRawSync(data) : data;
    const size = entry.declaredSize ?? data.length;
    const header = (central: boolean) => {
      const extra = entry.extra ?? new Uint8Array(0);
      const bytes = new Uint8Array((central ? 46 : 30) + name.length + extra.length);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, central ? 0x02014b50 : 0x04034b50, true);
      let p = 4;
      if (central) {
        view.setUint16(p, (3 << 8) | 20, true);
        p += 2;
      }
      view.setUint16(p, 20, true);
      view.setUint16(p + 2, entry.flags ?? 0, true);
      view.setUint16(p + 4, method, true);
      view.setUint32(p + 10, entry.crc ?? crc32(data), true);
      view.setUint32(p + 14, packed.length, true);
      view.setUint32(p + 18, size, true);
      view.setUint16(p + 22, name.length, true);
      view.setUint16(p + 24, extra.length, true);
      if (central) {
        view.setUint32(38, ((entry.unixMode ?? 0o100644) << 16) >>> 0, true);
        view.setUint32(42, entry.sameDataAs === undefined ? offset : offsets[entry.sameDataAs]!, true);
      }
      bytes.set(name, central ? 46 : 30);
      bytes.set(extra, (central ? 46 : 30) + name.length);
      return bytes;
    };
    if (entry.sameDataAs === undefined) {
      offsets[index] = offset;
      const local = header(false);
      chunks.push(local, packed);
      central.push(header(true));
      offset += local.length + packed.length;
    } else {
      offsets[index] = offsets[entry.sameDataAs]!;
      central.push(header(true));
    }
  });
  const directorySize = central.reduce((sum, c) => sum + c.length, 0);
  const end = new Uint8Array(22);
  const view = new DataView(end.buffer);
  view.setUint32(0, 0x06054b50, true);
  view.setUint16(8, entries.length, true);
  view.setUint16(10, entries.length, true);
  view.setUint32(12, directorySize, true);
  view.setUint32(16, offset, true);
  const all = [...chunks, ...central, end];
  const out = new Uint8Array(all.reduce((sum, c) => sum + c.length, 0));
  let p = 0;
  for (const c of all) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}
