/**
 * Recovery of a zip whose central directory is missing (a transfer cut short): its entries are
 * found by walking the local headers from the start, as far as they are whole. Entries written
 * with a data descriptor (sizes after the data) are recovered when deflated, by inflating them
 * to find where they end; a stored one stops the walk, since nothing says where it ends.
 */
import { inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import type { RangeReader } from './range-reader.ts';
import type { SourceLimits } from './types.ts';
import { entryName, judge, nameFacts, type ZipItem } from './zip-directory.ts';

const LOCAL_HEADER = 0x04034b50;
const DESCRIPTOR = 0x08074b50;
const ZIP64_EXTRA = 0x0001;

export interface Salvage {
  readonly items: ZipItem[];
  /** Why the walk stopped, for the problem line. */
  readonly stop: string;
}

function extraFields(bytes: Uint8Array): yauzl.ExtraField[] {
  try {
    return yauzl.parseExtraFields(Buffer.from(bytes));
  } catch {
    return [];
  }
}

/** Local header sizes, widened by a zip64 extra field where they are 0xFFFFFFFF. */
function sizes(view: DataView, extras: yauzl.ExtraField[]): { packed: number; size: number } {
  let size = view.getUint32(22, true);
  let packed = view.getUint32(18, true);
  const zip64 = extras.find((field) => field.id === ZIP64_EXTRA)?.data;
  let at = 0;
  const wide = () => {
    const value = zip64 && zip64.length >= at + 8 ? Number(zip64.readBigUInt64LE(at)) : -1;
    at += 8;
    return value;
  };
  if (size === 0xffffffff) size = wide();
  if (packed === 0xffffffff) packed = wide();
  return { packed, size };
}

/** Every whole entry from the start of `range`, in file order. */
export function salvageLocalEntries(range: RangeReader, limits: SourceLimits): Salvage {
  const items: ZipItem[] = [];
  const counts = new Map<string, number>();
  let at = 0;
  while (items.length < limits.maxZipEntries) {
    const header = range.read(at, 30);
    if (header.length < 30) return { items, stop: `the zip ends at byte ${at}` };
    const view = new DataView(header.buffer, header.byteOffset, 30);
    if (view.getUint32(0, true) !== LOCAL_HEADER) return { items, stop: `no further entry at byte ${at}` };
    const flags = view.getUint16(6, true);
    const method = view.getUint16(8, true);
    const nameLength = view.getUint16(26, true);
    const extraLength = view.getUint16(28, true);
    const nameBytes = range.read(at + 30, nameLength);
    const extras = extraFields(range.read(at + 30 + nameLength, extraLength));
    const dataStart = at + 30 + nameLength + extraLength;
    if (nameBytes.length < nameLength || dataStart > range.size) return { items, stop: `the entry at byte ${at} is cut off` };
    let { packed, size } = sizes(view, extras);
    let crc32 = view.getUint32(14, true);
    let next: number;
    if ((flags & 0x08) !== 0) {
      if (method !== 8 || (flags & 0x01) !== 0) return { items, stop: `the entry at byte ${at} has no sizes to recover it by` };
      let inflated: { buffer: Buffer; engine: { bytesWritten: number } };
      try {
        const available = Math.min(range.size - dataStart, limits.inflateInMemoryBytes);
        inflated = inflateRawSync(range.read(dataStart, available), { info: true, maxOutputLength: limits.inflateInMemoryBytes }) as unknown as typeof inflated;
      } catch {
        return { items, stop: `the entry at byte ${at} is cut off or too large to recover` };
      }
      packed = inflated.engine.bytesWritten;
      size = inflated.buffer.length;
      const after = range.read(dataStart + packed, 16);
      const afterView = new DataView(after.buffer, after.byteOffset, after.length);
      const signed = after.length >= 4 && afterView.getUint32(0, true) === DESCRIPTOR;
      if (after.length < (signed ? 16 : 12)) return { items, stop: `the entry at byte ${at} is cut off` };
      crc32 = afterView.getUint32(signed ? 4 : 0, true);
      next = dataStart + packed + (signed ? 16 : 12);
    } else {
      if (dataStart + packed > range.size) return { items, stop: `the entry at byte ${at} is cut off` };
      next = dataStart + packed;
    }
    const names = entryName(flags, Buffer.from(nameBytes), extras);
    const { name } = names;
    const occurrence = (counts.get(name) ?? 0) + 1;
    counts.set(name, occurrence);
    const isDirectory = name.endsWith('/') && size === 0;
    const refusal = isDirectory ? undefined : judge({ unixSymlink: false, encrypted: (flags & 0x01) !== 0, method, compressedSize: packed, uncompressedSize: size }, limits);
    items.push({
      occurrence, ...nameFacts(names), method, compressedSize: packed, uncompressedSize: size,
      localHeaderOffset: at, crc32, isDirectory, ...(refusal ? { refusal } : {}),
    });
    at = next;
  }
  return { items, stop: `more than ${limits.maxZipEntries} entries` };
}
