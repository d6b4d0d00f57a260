/**
 * Value Representations as the encoder sees them (PS3.5 §6.2, §7.1.2): which use the 4-byte
 * explicit length, how values are padded to even length, and which hold text.
 */

/** VRs whose explicit-VR header has 2 reserved bytes and a 32-bit length (PS3.5 Table 7.1-1). */
const LONG_LENGTH_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/** Every VR defined by PS3.5 (2023), used to tell an explicit VR from stray bytes. */
const KNOWN_VRS = new Set([
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV', 'OW',
  'PN', 'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV',
]);

/** Text VRs padded with a trailing space; UI is padded with NUL (PS3.5 §6.2). */
const SPACE_PADDED_VRS = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UR', 'UT']);

/** Whether an explicit-VR header for this VR carries a 32-bit length. */
export function hasLongLength(vr: string): boolean {
  return LONG_LENGTH_VRS.has(vr);
}

/** Whether `vr` is one the standard defines. */
export function isKnownVr(vr: string): boolean {
  return KNOWN_VRS.has(vr);
}

/** The byte that pads a value of this VR to even length: space for text, NUL otherwise. */
export function paddingByte(vr: string): number {
  return SPACE_PADDED_VRS.has(vr) ? 0x20 : 0x00;
}

/** Two bytes that look like a VR: both upper-case ASCII letters. */
export function looksLikeVr(first: number, second: number): boolean {
  return first >= 0x41 && first <= 0x5a && second >= 0x41 && second <= 0x5a;
}

/**
 * Longest value of each VR (PS3.5 Table 6.2-1), in characters (bytes for AE and CS, whose
 * repertoire is one byte per character), for each value of a multi-valued element and, for PN,
 * each component group. VRs not listed (UC, UR, UT and the binary ones) have no limit we enforce.
 */
const MAX_VALUE_LENGTH: Readonly<Record<string, number>> = {
  AE: 16, AS: 4, CS: 16, DA: 8, DS: 16, DT: 26, IS: 12, LO: 64, LT: 10240, PN: 64, SH: 16, ST: 1024, TM: 14, UI: 64,
};

/** VRs whose `\` is text, not a separator between values (PS3.5 §6.4). */
const SINGLE_VALUED_TEXT = new Set(['LT', 'ST', 'UT', 'UR']);

/** The longest value (or PN component group) the VR allows; undefined when unlimited. */
export function maxValueLength(vr: string): number | undefined {
  return MAX_VALUE_LENGTH[vr];
}

/** Whether `\` separates values in this VR's text. */
export function backslashSeparatesValues(vr: string): boolean {
  return !SINGLE_VALUED_TEXT.has(vr);
}

/** `YYYYMMDD` or the old `YYYY.MM.DD` naming a day that exists. */
function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(text);
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Whether the bytes of a DA value are dates (PS3.5 §6.2): each value empty, a date, or a range
 * `A-B` of them with either side open. Digits that name no day (`48213977`, month 39) are not a
 * date: such a value holds something else and is searched as text.
 */
export function isValidDateValue(bytes: Uint8Array): boolean {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]!);
  for (const value of text.replace(/[\0 ]+$/, '').split('\\')) {
    const trimmed = value.trim();
    if (trimmed === '') continue;
    const sides = trimmed.split('-');
    if (sides.length > 2 || sides.every((side) => side === '')) return false;
    if (!sides.every((side) => (side === '' && sides.length === 2) || isCalendarDate(side))) return false;
  }
  return true;
}

/** Bytes per value of the binary number VRs; a value's length is a multiple of it. */
const BINARY_UNIT: Readonly<Record<string, number>> = {
  AT: 4, FL: 4, FD: 8, OD: 8, OF: 4, OL: 4, OV: 8, OW: 2, SL: 4, SS: 2, SV: 8, UL: 4, US: 2, UV: 8,
};

/** The size of one value of a binary number VR (FD: 8), undefined for text and byte VRs. */
export function binaryUnitSize(vr: string): number | undefined {
  return BINARY_UNIT[vr];
}
