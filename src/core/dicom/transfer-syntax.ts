/**
 * Transfer syntaxes as the parser needs them (PS3.5 §10, PS3.6 Annex A): how the data set after
 * the file meta group is encoded. Encapsulated syntaxes need nothing special: their pixel data has
 * undefined length and is read as fragments whatever the UID.
 *
 * | UID                      | data set encoding                         |
 * |--------------------------|-------------------------------------------|
 * | 1.2.840.10008.1.2        | implicit VR little endian                 |
 * | 1.2.840.10008.1.2.2      | explicit VR big endian (retired)          |
 * | 1.2.840.10008.1.2.1.99   | deflated explicit VR little endian        |
 * | 1.2.840.10008.1.2.4.95   | JPIP referenced deflate (deflated, too)   |
 * | anything else            | explicit VR little endian                 |
 */

/** How a data set's elements are encoded. */
export interface Encoding {
  readonly explicitVr: boolean;
  readonly littleEndian: boolean;
}

export const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
export const EXPLICIT_VR_BIG_ENDIAN = '1.2.840.10008.1.2.2';
export const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1.99';
const JPIP_REFERENCED_DEFLATE = '1.2.840.10008.1.2.4.95';

export const IMPLICIT_LE: Encoding = { explicitVr: false, littleEndian: true };
export const EXPLICIT_LE: Encoding = { explicitVr: true, littleEndian: true };
export const EXPLICIT_BE: Encoding = { explicitVr: true, littleEndian: false };

/** The data set encoding a transfer syntax UID announces. */
export function encodingOf(transferSyntaxUid: string): Encoding {
  if (transferSyntaxUid === IMPLICIT_VR_LITTLE_ENDIAN) return IMPLICIT_LE;
  if (transferSyntaxUid === EXPLICIT_VR_BIG_ENDIAN) return EXPLICIT_BE;
  return EXPLICIT_LE;
}

/** Whether the data set after the meta group is a raw deflate stream. */
export function isDeflated(transferSyntaxUid: string): boolean {
  return transferSyntaxUid === DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN || transferSyntaxUid === JPIP_REFERENCED_DEFLATE;
}
