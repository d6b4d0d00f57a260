/**
 * Test files with names planted where tag-only anonymizers miss them: free text, a private LO, a
 * UN element, binary private elements (ASCII and UTF-16LE), a sequence item two levels deep, and
 * attributes the profile removes. Built from a real file with the codec's own edits and element
 * encoder, so the result is a file any reader can parse.
 */
import { encodeElement } from '../dicom/element-encoding.ts';
import type { DicomFile, Edit } from '../dicom/model.ts';
import { parseDicom } from '../dicom/reader.ts';
import { bytesSource } from '../dicom/source.ts';
import { EXPLICIT_LE, IMPLICIT_LE } from '../dicom/transfer-syntax.ts';
import { joinParts, rewriteDicom } from '../dicom/writer.ts';

const ascii = (text: string) => new TextEncoder().encode(text);

export function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    out[2 * i] = text.charCodeAt(i) & 0xff;
    out[2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A defined-length item (FFFE,E000) holding already encoded elements. */
function item(elements: readonly Uint8Array[]): Uint8Array {
  const body = concat(elements);
  const header = new Uint8Array(8);
  const view = new DataView(header.buffer);
  view.setUint16(0, 0xfffe, true);
  view.setUint16(2, 0xe000, true);
  view.setUint32(4, body.length, true);
  return concat([header, body]);
}

/** One element to plant: top-level tag, VR and value bytes. */
export interface Planted {
  readonly tag: number;
  readonly vr: string;
  readonly value: Uint8Array;
}

/** Sets or inserts top-level elements in a file and returns the new bytes. */
export function plant(file: DicomFile, planted: readonly Planted[]): Uint8Array {
  const edits: Edit[] = planted.map(({ tag, vr, value }) => {
    const existing = file.get(tag);
    if (existing !== undefined) return { op: 'remove', element: existing };
    return { op: 'insert', tag, vr, value };
  });
  // Existing elements are removed first, then inserted anew (a sequence cannot be `set`).
  const first = joinParts(rewriteDicom(file, edits), file.source);
  const again = parseDicom(bytesSource(first));
  const inserts: Edit[] = planted.filter(({ tag }) => file.get(tag) !== undefined).map(({ tag, vr, value }) => ({ op: 'insert', tag, vr, value }));
  return inserts.length === 0 ? first : joinParts(rewriteDicom(again, inserts), again.source);
}

/**
 * Names of patient A (`DUPONT^Jean`, PatientID `PAT12345`) and B (`MARTIN^Claire`) planted in
 * every place a name hides. The encoding of nested items follows the file's (explicit or implicit VR LE).
 */
export function plantedNames(file: DicomFile): Planted[] {
  const encoding = file.encoding.explicitVr ? EXPLICIT_LE : IMPLICIT_LE;
  const nested = item([encodeElement(0x00080104, 'LO', ascii('Protocol for Jean Dupont'), encoding)]);
  const request = item([
    encodeElement(0x00400007, 'LO', ascii('CT DUPONTJEAN'), encoding),
    encodeElement(0x00400008, 'SQ', nested, encoding),
  ]);
  return [
    { tag: 0x00080050, vr: 'SH', value: ascii('ACC-0042') },
    { tag: 0x00101001, vr: 'PN', value: ascii('DUPOND^Jean') },
    { tag: 0x00101040, vr: 'LO', value: ascii('1 rue de la Paix') },
    { tag: 0x00204000, vr: 'LT', value: ascii('Follow-up of Jean DUPONT (PAT12345); sister Claire Martin.') },
    { tag: 0x00330010, vr: 'LO', value: ascii('DICOMVEIL TEST') },
    { tag: 0x00331013, vr: 'LO', value: ascii('seen: dupont_jean') },
    { tag: 0x00331014, vr: 'OB', value: concat([new Uint8Array([0, 1, 2]), ascii('DUPONT'), new Uint8Array([0, 9])]) },
    { tag: 0x00331015, vr: 'UN', value: ascii('Jean.Dupont') },
    { tag: 0x00331016, vr: 'OB', value: concat([new Uint8Array([7, 0]), utf16le('Martin Claire'), new Uint8Array([0, 0])]) },
    { tag: 0x00400275, vr: 'SQ', value: request },
  ];
}
