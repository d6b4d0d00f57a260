/**
 * A decoded value that remembers where each piece of text came from: units of bytes (one
 * character, or an escape sequence that decodes to nothing) and the text each gives. Replacing
 * text in place works on whole units, so every byte outside a replaced span stays as it was.
 */
import { InternalError } from '../errors.ts';

/**
 * Units one after another: unit i covers bytes [b0(i), b1(i)) of the value and text
 * [t0(i), t1(i)) of the decoded string (empty for escape sequences). Kept in two typed arrays,
 * 8 bytes a unit, so a long value costs no object per character.
 */
export class Units {
  private readonly bytes: Uint32Array;
  private readonly texts: Uint32Array;
  length = 0;

  /** Room for `capacity` units: a value never has more units than bytes. */
  constructor(capacity: number) {
    this.bytes = new Uint32Array(capacity + 1);
    this.texts = new Uint32Array(capacity + 1);
  }

  /** Appends the unit that ends at byte `b1` and text index `t1` (it starts where the last ended). */
  push(b1: number, t1: number): void {
    this.length++;
    this.bytes[this.length] = b1;
    this.texts[this.length] = t1;
  }

  b0(i: number): number {
    return this.bytes[i]!;
  }
  b1(i: number): number {
    return this.bytes[i + 1]!;
  }
  t0(i: number): number {
    return this.texts[i]!;
  }
  t1(i: number): number {
    return this.texts[i + 1]!;
  }
}

export interface Decoded<State = undefined> {
  readonly text: string;
  readonly units: Units;
  /** For ISO 2022: the state in which unit i is read; i = units.length gives the value's end. */
  readonly stateAt?: (i: number) => State;
}

export interface Span {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A run of whole units [s, e) to rewrite, with the text that replaces theirs. */
export interface UnitEdit {
  readonly s: number;
  readonly e: number;
  readonly text: string;
}

/** The spans by position; throws unless they are disjoint and within a text of `length`. */
export function sortedSpans(spans: readonly Span[], length: number): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  let previousEnd = 0;
  for (const span of sorted) {
    if (!(Number.isInteger(span.start) && Number.isInteger(span.end)) || span.start < previousEnd || span.end < span.start || span.end > length) {
      throw new InternalError('bad-span', `Text spans must be ordered, disjoint and within the ${length} decoded characters; got [${span.start}, ${span.end})`);
    }
    previousEnd = span.end;
  }
  return sorted;
}

/**
 * Turns spans in decoded-text indices into edits on whole units. A span that cuts a unit (half
 * a surrogate pair) takes the whole unit, keeping the rest of its text. `widen` may grow each
 * run (ISO 2022 takes in the escape sequences on both sides); runs that then meet are merged.
 */
export function unitEdits(decoded: Decoded<unknown>, spans: readonly Span[], widen?: (s: number, e: number) => [number, number]): UnitEdit[] {
  const { text, units } = decoded;
  const sorted = sortedSpans(spans, text.length);
  const groups: { s: number; e: number; spans: Span[] }[] = [];
  let cursor = 0;
  for (const span of sorted) {
    // s: the unit holding the first replaced character (escape sequences just before it are
    // not taken: an insertion is read in the state they set); e: the first unit at or after
    // the span's end. An empty span inside a unit rewrites that unit.
    while (cursor < units.length && units.t1(cursor) <= span.start) cursor++;
    let s = cursor;
    let e = s;
    while (e < units.length && units.t0(e) < span.end) e++;
    if (widen) [s, e] = widen(s, e);
    const last = groups[groups.length - 1];
    if (last && s < last.e) {
      last.e = Math.max(last.e, e);
      last.spans.push(span);
    } else {
      groups.push({ s, e, spans: [span] });
    }
  }
  return groups.map(({ s, e, spans: group }) => {
    let at = s < units.length ? units.t0(s) : text.length;
    let out = '';
    for (const span of group) {
      out += text.slice(at, span.start) + span.text;
      at = span.end;
    }
    const runEnd = e > s ? units.t1(e - 1) : at;
    return { s, e, text: out + text.slice(at, Math.max(at, runEnd)) };
  });
}

/** First byte of unit i, or the value's length past the last unit. */
export function byteAt(decoded: Decoded<unknown>, i: number, length: number): number {
  return i < decoded.units.length ? decoded.units.b0(i) : length;
}

/** Joins byte pieces into one array. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Applies unit edits: bytes between runs are copied as they are; each run is re-encoded. */
export function applyUnitEdits(bytes: Uint8Array, decoded: Decoded<unknown>, edits: readonly UnitEdit[], encodeRun: (edit: UnitEdit) => Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const edit of edits) {
    const b0 = byteAt(decoded, edit.s, bytes.length);
    parts.push(bytes.subarray(at, b0), encodeRun(edit));
    at = byteAt(decoded, edit.e, bytes.length);
  }
  parts.push(bytes.subarray(at));
  return concatBytes(parts);
}
