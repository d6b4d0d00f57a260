/**
 * ISO 2022 code extensions as DICOM uses them (PS3.5 §6.1.2.5, Annexes H, I, K): escape
 * sequences designate code elements into G0 (bytes 0x21–0x7E) and G1 (0xA0–0xFF); the elements
 * of value 1 of Specific Character Set become active again at each line break and delimiter
 * (`\` between values, `^` and `=` in PN) and at the end of the value.
 */
import { CharsetError } from '../errors.ts';
import { byteTable, type PairSetId, pairTable, UNMAPPED } from './charset-tables.ts';
import { allCodeElements, type CharsetSpec, type CodeElement, type SingleByteLabel } from './charset-terms.ts';
import { type Decoded, type UnitEdit, Units } from './charset-units.ts';

type Iso2022Spec = Extract<CharsetSpec, { kind: 'iso2022' }>;

/** Which code elements are designated. */
export interface Iso2022State {
  readonly g0: CodeElement;
  readonly g1: CodeElement | undefined;
}

const ESC = 0x1b;
const isLineBreak = (b: number) => b === 0x0a || b === 0x0c || b === 0x0d;

let escapes: CodeElement[] | undefined;

/** The code element whose escape sequence starts at `at`, if any. */
function escapeAt(bytes: Uint8Array, at: number): CodeElement | undefined {
  escapes ??= [...allCodeElements()].sort((a, b) => b.escape.length - a.escape.length);
  return escapes.find((element) => element.escape.every((byte, i) => bytes[at + i] === byte));
}

/** Delimiter code units of a VR, where the initial state returns. */
export function delimitersOf(vr: string): string {
  if (vr === 'PN') return '^=\\';
  if (vr === 'ST' || vr === 'LT' || vr === 'UT') return '';
  return '\\';
}

/** Reads one character in the 94- or 96-set `set` at `at`: [code unit, bytes used]. */
function readChar(bytes: Uint8Array, at: number, set: CodeElement | undefined, gr: boolean): [number, number] {
  const b = bytes[at]!;
  if (!set) return [b, 1]; // GR with no G1 designated: keep the byte readable, as Latin-1
  if (set.bytesPerChar === 2) {
    const next = bytes[at + 1];
    const [low, high] = gr ? [0xa1, 0xfe] : [0x21, 0x7e];
    if (next === undefined || b < low || b > high || next < low || next > high) return [UNMAPPED, 1];
    return [pairTable(set.id as PairSetId).decode[(b - low) * 94 + (next - low)]!, 2];
  }
  // JIS X 0201 Roman differs from ASCII at 0x5C (¥) and 0x7E (‾) only; DICOM keeps 0x5C as
  // the value delimiter there, so both read as ASCII, as pydicom reads them.
  if (set.id === 'ascii' || set.id === 'jis-roman') return [b, 1];
  if (set.id === 'jis-katakana') return [b >= 0xa1 && b <= 0xdf ? 0xff61 + b - 0xa1 : UNMAPPED, 1];
  return [byteTable(set.id as SingleByteLabel).decode[b]!, 1];
}

/**
 * Decodes a value, keeping each character's bytes and the state it was read in (unless
 * `textOnly`: reading a long value then allocates nothing per character).
 */
export function decodeIso2022(bytes: Uint8Array, spec: Iso2022Spec, vr: string, textOnly = false): Decoded<Iso2022State> {
  const initial: Iso2022State = { g0: spec.initialG0, g1: spec.initialG1 };
  const delimiters = delimitersOf(vr);
  const units = new Units(textOnly ? 0 : bytes.length);
  // States by number, one number a unit: there are only a few distinct states in a value.
  const table: Iso2022State[] = [initial];
  const key = (s: Iso2022State) => `${s.g0.id} ${s.g1?.id ?? ''}`;
  const numbers = new Map<string, number>([[key(initial), 0]]);
  const states = new Uint16Array(textOnly ? 0 : bytes.length + 1);
  let last = initial;
  let lastNumber = 0;
  const numberOf = (s: Iso2022State) => {
    if (s === last) return lastNumber;
    let n = numbers.get(key(s));
    if (n === undefined) {
      n = table.length;
      table.push(s);
      numbers.set(key(s), n);
    }
    last = s;
    lastNumber = n;
    return n;
  };
  const codes = new Uint16Array(bytes.length); // never more characters than bytes
  let count = 0;
  let state = initial;
  let at = 0;
  while (at < bytes.length) {
    const b = bytes[at]!;
    const element = b === ESC ? escapeAt(bytes, at) : undefined;
    if (element) {
      if (!textOnly) {
        states[units.length] = numberOf(state);
        units.push(at + element.escape.length, count);
      }
      state = element.plane === 'G0' ? { g0: element, g1: state.g1 } : { g0: state.g0, g1: element };
      at += element.escape.length;
      continue;
    }
    let code = b;
    let used = 1;
    if (isLineBreak(b) || (b < 0x80 && state.g0.bytesPerChar === 1 && delimiters.includes(String.fromCharCode(b)))) {
      state = initial;
    } else if (b > 0x20 && b < 0x7f) {
      [code, used] = readChar(bytes, at, state.g0, false);
    } else if (b >= 0xa0) {
      [code, used] = readChar(bytes, at, state.g1 ?? spec.fallbackG1, true);
    }
    if (!textOnly) {
      states[units.length] = numberOf(state);
      units.push(at + used, count + 1);
    }
    codes[count++] = code;
    at += used;
  }
  if (!textOnly) states[units.length] = 0; // the value ends in the initial state
  let text = '';
  for (let i = 0; i < count; i += 8192) text += String.fromCharCode.apply(null, codes.subarray(i, Math.min(count, i + 8192)) as unknown as number[]);
  return { text, units, stateAt: (i) => table[states[i]!]! };
}

/** Bytes of `codeUnit` in `set`, or undefined when the set lacks it. */
function writeChar(codeUnit: number, set: CodeElement): number[] | undefined {
  if (set.bytesPerChar === 2) {
    const index = pairTable(set.id as PairSetId).encode(codeUnit);
    if (index === undefined) return undefined;
    const base = set.plane === 'G0' ? 0x21 : 0xa1;
    return [base + Math.floor(index / 94), base + (index % 94)];
  }
  // Space only from a one-byte G0 set, as other DICOM writers do: not every reader takes 0x20 as a space inside a two-byte set.
  if (set.plane === 'G0') return codeUnit >= 0x20 && codeUnit < 0x7f ? [codeUnit] : undefined;
  if (set.id === 'jis-katakana') return codeUnit >= 0xff61 && codeUnit <= 0xff9f ? [codeUnit - 0xff61 + 0xa1] : undefined;
  const byte = byteTable(set.id as SingleByteLabel).encode(codeUnit);
  return byte !== undefined && byte >= 0xa0 ? [byte] : undefined;
}

/** Escape sequences that take `from` to `to` (a G1 set cannot be undesignated: it stays). */
function switchState(out: number[], from: Iso2022State, to: Iso2022State): Iso2022State {
  if (from.g0.id !== to.g0.id) out.push(...to.g0.escape);
  if (to.g1 && from.g1?.id !== to.g1.id) out.push(...to.g1.escape);
  return { g0: to.g0, g1: to.g1 ?? from.g1 };
}

/**
 * Encodes text starting in state `start` and ends in state `end`, each character in the first
 * code element that holds it: those designated now, then the declared ones in order.
 */
export function encodeIso2022(text: string, spec: Iso2022Spec, vr: string, start: Iso2022State, end: Iso2022State): Uint8Array {
  const initial: Iso2022State = { g0: spec.initialG0, g1: spec.initialG1 };
  const delimiters = delimitersOf(vr);
  const out: number[] = [];
  let state = start;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isLineBreak(code) || delimiters.includes(text[i]!)) {
      switchState(out, state, initial);
      out.push(code);
      state = initial; // what a reader assumes after a delimiter, whatever was designated
      continue;
    }
    if (code < 0x20 || code === 0x7f) {
      out.push(code); // controls are the same in every state
      continue;
    }
    let written = false;
    for (const set of [state.g0, state.g1, ...spec.elements]) {
      const bytes = set && writeChar(code, set);
      if (!set || !bytes) continue;
      state = switchState(out, state, set.plane === 'G0' ? { g0: set, g1: state.g1 } : { g0: state.g0, g1: set });
      out.push(...bytes);
      written = true;
      break;
    }
    if (!written) {
      const char = String.fromCodePoint(text.codePointAt(i)!);
      throw new CharsetError('unencodable-text', `"${char}" (U+${text.codePointAt(i)!.toString(16).toUpperCase().padStart(4, '0')}) cannot be written in the Specific Character Set ${spec.name || '(default)'}: none of ${spec.elements.map((e) => e.term).join(', ')} holds it`);
    }
  }
  switchState(out, state, end);
  return Uint8Array.from(out);
}

/** Grows a run over the escape sequences on both sides, which the new bytes replace. */
export function widenOverEscapes(decoded: Decoded<Iso2022State>, s: number, e: number): [number, number] {
  const { units } = decoded;
  while (s > 0 && units.t0(s - 1) === units.t1(s - 1)) s--;
  while (e < units.length && units.t0(e) === units.t1(e)) e++;
  return [s, e];
}

/** Encodes a run so the bytes after it read as before: it starts and ends in their states. */
export function encodeIso2022Run(decoded: Decoded<Iso2022State>, spec: Iso2022Spec, vr: string, edit: UnitEdit): Uint8Array {
  const stateAt = decoded.stateAt!;
  return encodeIso2022(edit.text, spec, vr, stateAt(edit.s), stateAt(edit.e));
}
