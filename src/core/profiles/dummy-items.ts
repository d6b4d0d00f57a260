/**
 * The item a D (dummy) sequence gets where its items have Type 1 content, so the dummy keeps the
 * file valid for its IOD: a content item, an observer, a code, each holding no original value.
 * Any other sequence gets one empty item.
 */
import type { NewElement } from '../dicom/model.ts';

const ascii = (text: string) => new TextEncoder().encode(text.length % 2 ? `${text} ` : text);
const text = (tag: number, vr: string, value: string): NewElement => ({ tag, vr, value: ascii(value) });

/** A code of the DCM scheme that says nothing about anyone. */
function codeItem(value: string, meaning: string): NewElement[] {
  return [text(0x00080100, 'SH', value), text(0x00080102, 'SH', 'DCM'), text(0x00080104, 'LO', meaning)];
}

export const DUMMY_ITEMS: ReadonlyMap<number, readonly NewElement[]> = new Map<number, readonly NewElement[]>([
  // ContentSequence: one TEXT content item (PS3.3 C.17.3).
  [
    0x0040a730,
    [
      text(0x0040a010, 'CS', 'CONTAINS'),
      text(0x0040a040, 'CS', 'TEXT'),
      { tag: 0x0040a043, vr: 'SQ', value: new Uint8Array(0), items: [codeItem('121071', 'Finding')] },
      text(0x0040a160, 'UT', 'ANONYMIZED'),
    ],
  ],
  // VerifyingObserverSequence (PS3.3 C.17.2): name, organization, date; its identification code is Type 2.
  [
    0x0040a073,
    [
      text(0x0040a027, 'LO', 'ANONYMIZED'),
      text(0x0040a030, 'DT', '19000101000000'),
      text(0x0040a075, 'PN', 'ANONYMIZED'),
      { tag: 0x0040a088, vr: 'SQ', value: new Uint8Array(0), items: [] },
    ],
  ],
  [0x00401101, codeItem('113100', 'Basic Application Confidentiality Profile')],
]);
