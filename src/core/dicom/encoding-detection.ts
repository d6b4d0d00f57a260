/**
 * Finding where the file meta group ends, and how the data set is really encoded. Files in the
 * wild contradict their transfer syntax (explicit VR announced, implicit written) or have no meta
 * group at all; like pydicom and dcmtk, the first data set element decides.
 */
import { fail, UNDEFINED_LENGTH } from './bounds.ts';
import { vrForTag } from './dictionary.ts';
import { EXPLICIT_BE, EXPLICIT_LE, type Encoding, IMPLICIT_LE } from './transfer-syntax.ts';
import { hasLongLength, isKnownVr, looksLikeVr } from './vr.ts';
import type { Window } from './window.ts';

/** Highest group an implicit VR bare data set may start with; anything else is not taken for DICOM. */
const MAX_FIRST_GROUP = 0x0030;

/**
 * The offset just past the group 0002 elements starting at `start` (explicit VR little endian,
 * implicit tolerated); `start` itself when there are none.
 */
export function scanMetaEnd(window: Window, start: number): number {
  let pos = start;
  while (pos + 8 <= window.size && window.uint16(pos, true) === 0x0002) {
    const first = window.uint8(pos + 4);
    const second = window.uint8(pos + 5);
    let header = 8;
    let length: number;
    if (!looksLikeVr(first, second)) length = window.uint32(pos + 4, true);
    else if (hasLongLength(String.fromCharCode(first, second))) {
      header = 12;
      length = window.uint32(pos + 8, true);
    } else length = window.uint16(pos + 6, true);
    if (length === UNDEFINED_LENGTH) fail('E_BAD_META', 'file meta element with undefined length', pos, '(0002,xxxx)');
    if (pos + header + length > window.size) fail('E_LENGTH_OVERRUN', `file meta element of ${length} bytes runs past the end of the file`, pos);
    pos += header + length;
  }
  return pos;
}

/**
 * How the data set at `start` is encoded: the declared encoding unless the first element
 * contradicts it, or detected from the first element when nothing is declared.
 * @throws DicomParseError `E_NOT_DICOM` when a bare data set does not start like one.
 */
export function detectEncoding(window: Window, start: number, declared: Encoding | undefined, hasMeta: boolean): Encoding {
  if (window.size - start < 8) return declared ?? IMPLICIT_LE;
  const first = window.uint8(start + 4);
  const second = window.uint8(start + 5);
  const vr = String.fromCharCode(first, second);
  const vrLike = looksLikeVr(first, second) && isKnownVr(vr);
  // The first group is small in the right byte order: (0008,0005) is 08 00 in LE, 00 08 in BE.
  const groupLittle = window.uint16(start, true);
  const groupBig = window.uint16(start, false);
  const littleEndian = groupLittle <= groupBig;
  if (declared) {
    // No VR where one was announced: implicit VR, unless its 4-byte length cannot be (VR bytes
    // of two spaces, as some writers emit, then a 2-byte length: read as dcmtk reads them).
    if (declared.explicitVr && !looksLikeVr(first, second)) {
      const implicitLength = window.uint32(start + 4, true);
      const fitsImplicit = implicitLength === UNDEFINED_LENGTH || start + 8 + implicitLength <= window.size;
      return fitsImplicit || !declared.littleEndian ? IMPLICIT_LE : declared;
    }
    if (declared.explicitVr && vrLike && littleEndian !== declared.littleEndian) return littleEndian ? EXPLICIT_LE : EXPLICIT_BE;
    if (!declared.explicitVr && vrLike) {
      const dictionaryVr = vrForTag(window.tag(start, true));
      if (dictionaryVr === vr) return EXPLICIT_LE;
    }
    return declared;
  }
  const group = littleEndian ? groupLittle : groupBig;
  if (!hasMeta && !vrLike && group > MAX_FIRST_GROUP) {
    fail('E_NOT_DICOM', `no DICM prefix and no data set start: first group would be ${group.toString(16).padStart(4, '0')}`, start);
  }
  if (vrLike) return littleEndian ? EXPLICIT_LE : EXPLICIT_BE;
  return IMPLICIT_LE;
}
