/**
 * Decoding one data element header (PS3.5 §7.1): tag, VR and length in explicit or implicit VR,
 * either byte order, and the few small values the parser must understand as text.
 */
import { UNDEFINED_LENGTH } from './bounds.ts';
import { vrForTag } from './dictionary.ts';
import type { Encoding } from './transfer-syntax.ts';
import { hasLongLength, isKnownVr } from './vr.ts';
import type { Window } from './window.ts';

/** Longest value read as text for the parser's own use (character sets, private creators). */
const MAX_SMALL_VALUE = 1024;
const latin1 = new TextDecoder('latin1');

export interface ElementHeader {
  /** The VR bytes as found, valid or not; undefined in implicit VR. */
  readonly encodedVr: string | undefined;
  /** The VR to interpret the value with: the dictionary's for implicit VR, unknown VRs and UN. */
  readonly vr: string;
  readonly lengthOffset: number;
  readonly lengthSize: 2 | 4;
  readonly length: number;
  readonly valueOffset: number;
  readonly undefinedLength: boolean;
}

/** The two VR bytes as text, made once per pair a thread meets: a parse reads one per element. */
const VR_TEXTS: (string | undefined)[] = [];

function vrText(first: number, second: number): string {
  const code = (first << 8) | second;
  let text = VR_TEXTS[code];
  if (text === undefined) {
    text = String.fromCharCode(first, second);
    VR_TEXTS[code] = text;
  }
  return text;
}

/** Decodes the header of the element whose tag `tag` was read at `start`. */
export function readElementHeader(window: Window, start: number, tag: number, encoding: Encoding): ElementHeader {
  let encodedVr: string | undefined;
  if (encoding.explicitVr) {
    // Bytes that are no VR (two spaces, NULs, as some modality writers emit) are kept as found:
    // like dcmtk, the element then has a 2-byte length and its VR comes from the dictionary.
    encodedVr = vrText(window.uint8(start + 4), window.uint8(start + 5));
  }
  let lengthOffset = start + 4;
  let lengthSize: 2 | 4 = 4;
  if (encodedVr !== undefined) {
    lengthOffset = hasLongLength(encodedVr) ? start + 8 : start + 6;
    lengthSize = hasLongLength(encodedVr) ? 4 : 2;
  }
  const length = lengthSize === 4 ? window.uint32(lengthOffset, encoding.littleEndian) : window.uint16(lengthOffset, encoding.littleEndian);
  const trustFile = encodedVr !== undefined && encodedVr !== 'UN' && isKnownVr(encodedVr);
  // The dictionary only where the file does not say: a lookup per element is a good part of a parse.
  const vr = trustFile ? encodedVr! : (vrForTag(tag) ?? 'UN');
  return {
    encodedVr,
    vr,
    lengthOffset,
    lengthSize,
    length,
    valueOffset: lengthOffset + lengthSize,
    undefinedLength: lengthSize === 4 && length === UNDEFINED_LENGTH,
  };
}

/** A small value as Latin-1 text, or undefined if it is too long to be what the parser needs. */
export function readSmallText(window: Window, offset: number, length: number): string | undefined {
  if (length > MAX_SMALL_VALUE) return undefined;
  return latin1.decode(window.copy(offset, length));
}

/** A value without its padding and leading spaces (private creators compare this way). */
export function trimValue(text: string): string {
  return text.replace(/[\s\0]+$/, '').replace(/^\s+/, '');
}

/** Specific Character Set terms; an empty value means the default repertoire, []. */
export function parseCharsetTerms(text: string): readonly string[] {
  const terms = text.split('\\').map(trimValue);
  return terms.every((term) => term === '') ? [] : terms;
}
