/**
 * Bytes of a CSV file to text, with the encoding detected the way spreadsheet programs write
 * them: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), and Windows-1252
 * (Excel's "CSV" on Western Windows) when the bytes are not valid UTF-8.
 */
import { decodeWindows1252 } from '../dicom/charset.ts';
import { guessBomlessUtf16 } from './sniff.ts';

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

function decode(label: string, bytes: Uint8Array, fatal: boolean): string {
  return new TextDecoder(label, { fatal, ignoreBOM: true }).decode(bytes);
}

/**
 * Decodes a text spreadsheet. The BOM, when present, decides and is dropped from the text;
 * otherwise valid UTF-8 wins, and anything else is Windows-1252, which maps every byte.
 */
export function decodeSpreadsheetText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decode('utf-8', bytes.subarray(3), false), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: decode('utf-16le', bytes.subarray(2), false), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: decode('utf-16be', bytes.subarray(2), false), encoding: 'utf-16be' };
  const utf16 = guessBomlessUtf16(bytes);
  if (utf16 !== undefined) return { text: decode(utf16, bytes, false), encoding: utf16 };
  try {
    return { text: decode('utf-8', bytes, true), encoding: 'utf-8' };
  } catch {
    // Not the platform's decoder: Node 20 reads 0x80–0x9F (’ “ ” Š œ…) as Latin-1 controls.
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}
