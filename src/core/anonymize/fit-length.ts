/**
 * Replacements that keep a value within its VR's maximum length (PS3.5 Table 6.2-1). An id is
 * often longer than the name it replaces ("subj_K3M9QW2P" for "LI"), and a reader that enforces
 * lengths rejects the file; the text kept around the id is shortened instead, from the end of
 * each over-long value, so the id and the start of the text survive.
 */
import { backslashSeparatesValues, maxValueLength } from '../dicom/vr.ts';

/** A replacement in decoded-text indices (as `replaceText` takes it); text '' deletes. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface FittedSpans {
  /** The replacements plus the deletions that make every value fit, sorted. */
  readonly spans: TextSpan[];
  /** Whether any kept text had to go. */
  readonly shortened: boolean;
}

function isSeparator(char: string, vr: string): boolean {
  return (char === '\\' && backslashSeparatesValues(vr)) || (char === '=' && vr === 'PN');
}

function charCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * `spans` (sorted, apart) over `text`, with deletions added wherever a value (each `\` value, each
 * PN component group) would come out longer than `vr` allows.
 */
export function fitSpans(text: string, spans: readonly TextSpan[], vr: string): FittedSpans {
  const max = maxValueLength(vr);
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  if (max === undefined) return { spans: sorted, shortened: false };
  const inSpan = (i: number) => sorted.some((span) => i >= span.start && i < span.end);
  const bounds = [-1];
  for (let i = 0; i < text.length; i++) if (isSeparator(text[i]!, vr) && !inSpan(i)) bounds.push(i);
  bounds.push(text.length);
  const out: TextSpan[] = [];
  let shortened = false;
  for (let b = 0; b + 1 < bounds.length; b++) {
    const start = bounds[b]! + 1;
    const end = bounds[b + 1]!;
    const inside = sorted.filter((span) => span.start >= start && span.start < end);
    shortened = fitPiece(text, start, end, inside, max, out) || shortened;
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end);
  return { spans: out, shortened };
}

/** Fits one value `[start, end)` holding `spans`; pushes its spans and deletions to `out`. */
function fitPiece(text: string, start: number, end: number, spans: readonly TextSpan[], max: number, out: TextSpan[]): boolean {
  const kept: [number, number][] = [];
  let at = start;
  for (const span of spans) {
    if (span.start > at) kept.push([at, span.start]);
    at = Math.max(at, span.end);
  }
  if (end > at) kept.push([at, end]);
  const ids = spans.map((span) => ({ ...span }));
  let length = kept.reduce((sum, [a, b]) => sum + charCount(text.slice(a, b)), 0) + ids.reduce((sum, span) => sum + charCount(span.text), 0);
  if (spans.length === 0 || length <= max) {
    out.push(...ids);
    return false;
  }
  // Kept text goes from the end backwards; the ids themselves only if they alone are too long.
  for (let k = kept.length - 1; k >= 0 && length > max; k--) {
    const [a, b] = kept[k]!;
    let cut = b;
    while (cut > a && length > max) {
      const code = text.charCodeAt(cut - 1);
      cut -= code >= 0xdc00 && code <= 0xdfff && cut - 2 >= a ? 2 : 1;
      length--;
    }
    if (cut < b) out.push({ start: cut, end: b, text: '' });
  }
  for (let s = ids.length - 1; s >= 0 && length > max; s--) {
    const chars = [...ids[s]!.text];
    const drop = Math.min(chars.length, length - max);
    ids[s] = { ...ids[s]!, text: chars.slice(0, chars.length - drop).join('') };
    length -= drop;
  }
  out.push(...ids);
  return true;
}
