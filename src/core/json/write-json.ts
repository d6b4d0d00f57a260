/**
 * The text `JSON.stringify(value, null, indent)` gives, handed out in pieces as the value is walked:
 * a report of millions of files is longer than the longest string JavaScript holds (~512 MiB), so
 * it is never one string. Items of arrays are stringified one at a time (natively, then indented
 * to their place); objects and arrays around them are walked here.
 */

/** Receives the text in order; the pieces joined are the whole document. */
export type Emit = (text: string) => void;

/**
 * An array whose items are handed out one at a time when it is written (a list held on disk):
 * emitted as JSON.stringify would emit the array of those items.
 */
export class StreamedArray {
  constructor(readonly each: (take: (item: unknown) => void) => void) {}
}

/** An own array value this long is walked item by item even inside an array item. */
const LONG = 1024;

function resolved(key: string, value: unknown): unknown {
  const toJson = (value as { toJSON?: unknown } | null | undefined)?.toJSON;
  return typeof value === 'object' && value !== null && typeof toJson === 'function' ? (toJson as (key: string) => unknown).call(value, key) : value;
}

/** True for what JSON.stringify leaves out of an object (and writes as null in an array). */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function isPlainContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !(value instanceof Number || value instanceof String || value instanceof Boolean);
}

/** Whether an array item may be stringified natively in one piece: no long array among its own values. */
function isSmall(item: object): boolean {
  if (Array.isArray(item)) return item.length <= LONG && item.every((inner) => !Array.isArray(inner) || inner.length <= LONG);
  for (const key of Object.keys(item)) {
    const inner = (item as Record<string, unknown>)[key];
    if (Array.isArray(inner) && inner.length > LONG) return false;
  }
  return true;
}

function walkStreamed(list: StreamedArray, indent: string, step: string, emit: Emit): void {
  const inner = indent + step;
  const nl = step === '' ? '' : '\n';
  let count = 0;
  list.each((value) => {
    emit(count === 0 ? `[${nl}${inner}` : `,${nl}${inner}`);
    count += 1;
    const item = resolved(String(count - 1), value);
    if (isSkipped(item)) emit('null');
    else if (isPlainContainer(item) && !isSmall(item)) walk(item, inner, step, emit);
    else emit(JSON.stringify(item, null, step).replaceAll('\n', `\n${inner}`));
  });
  emit(count === 0 ? '[]' : `${nl}${indent}]`);
}

function walk(value: unknown, indent: string, step: string, emit: Emit): void {
  if (value instanceof StreamedArray) {
    walkStreamed(value, indent, step, emit);
    return;
  }
  if (!isPlainContainer(value)) {
    emit(JSON.stringify(value));
    return;
  }
  const inner = indent + step;
  // No indent: JSON.stringify's compact text, without line breaks or a space after colons.
  const nl = step === '' ? '' : '\n';
  if (Array.isArray(value)) {
    if (value.length === 0) {
      emit('[]');
      return;
    }
    emit(`[${nl}`);
    for (let i = 0; i < value.length; i++) {
      emit(inner);
      const item = resolved(String(i), value[i]);
      if (isSkipped(item)) emit('null');
      else if (isPlainContainer(item) && !isSmall(item)) walk(item, inner, step, emit);
      // JSON.stringify escapes every newline inside strings: a raw one is layout, indented here.
      else emit(JSON.stringify(item, null, step).replaceAll('\n', `\n${inner}`));
      emit(i < value.length - 1 ? `,${nl}` : nl);
    }
    emit(`${indent}]`);
    return;
  }
  const members: [string, unknown][] = [];
  for (const key of Object.keys(value)) {
    const member = resolved(key, (value as Record<string, unknown>)[key]);
    if (!isSkipped(member)) members.push([key, member]);
  }
  if (members.length === 0) {
    emit('{}');
    return;
  }
  emit(`{${nl}`);
  members.forEach(([key, member], i) => {
    emit(`${inner}${JSON.stringify(key)}:${step === '' ? '' : ' '}`);
    walk(member, inner, step, emit);
    emit(i < members.length - 1 ? `,${nl}` : nl);
  });
  emit(`${indent}}`);
}

/**
 * Emits `JSON.stringify(value, null, indent)` in pieces. A value JSON.stringify would leave out
 * (undefined, a function) emits nothing, as JSON.stringify gives undefined.
 */
export function emitJson(value: unknown, emit: Emit, indent = 2): void {
  const top = resolved('', value);
  if (isSkipped(top)) return;
  walk(top, '', ' '.repeat(indent), emit);
}
