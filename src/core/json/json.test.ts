/** The pieces emitJson hands out are JSON.stringify's text; JsonSplitter reads it back item by item. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { JsonSplitter } from './split-json.ts';
import { emitJson, StreamedArray } from './write-json.ts';

function emitted(value: unknown, indent?: number): string | undefined {
  const parts: string[] = [];
  emitJson(value, (text) => parts.push(text), indent);
  return parts.length === 0 ? undefined : parts.join('');
}

/** `text` fed to a splitter in pieces of `size` characters. */
function split(text: string, key: string, size: number): { head: Record<string, unknown>; items: unknown[] } {
  const items: unknown[] = [];
  const splitter = new JsonSplitter(key, (item) => items.push(item));
  for (let at = 0; at < text.length; at += size) splitter.push(text.slice(at, at + size));
  return { head: splitter.end(), items };
}

const VARIED = {
  tool: 'dicomveil',
  text: 'Müller^Zoë 山田 \u0000 \u001f \u2028 "quoted" back\\slash\ttab\r\nline 😀',
  empty: { list: [], object: {}, text: '' },
  numbers: [0, -0, 1.5e-7, 1e21, Number.NaN, Number.POSITIVE_INFINITY, -12],
  skipped: { gone: undefined, fn: () => 1, kept: null },
  holes: [undefined, () => 2, Symbol('s'), true, false],
  date: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
  wrapped: [new String('boxed'), new Number(3), new Boolean(false)],
  '': 'empty key',
  'key "with" \\ escapes\n': { nested: [[1, [2, [3, []]]], { deep: { deeper: ['x'] } }] },
  long: Array.from({ length: 3000 }, (_, i) => ({ output: `subj_${i}/ST\u00e9/${i}.dcm`, flags: i % 7 === 0 ? ['cine'] : undefined, n: i })),
  items: [{ list: Array.from({ length: 2000 }, (_, i) => i) }, Array.from({ length: 1500 }, (_, i) => [i, `${i}`])],
};

describe('emitJson', () => {
  it('gives JSON.stringify(x, null, 2) byte for byte on varied data: unicode, escapes, skipped members, toJSON, long arrays', () => {
    assert.equal(emitted(VARIED), JSON.stringify(VARIED, null, 2));
    assert.equal(emitted(VARIED, 4), JSON.stringify(VARIED, null, 4));
    for (const value of [[], {}, 'text', 12, null, true, [[]], [{}], { a: [] }]) assert.equal(emitted(value), JSON.stringify(value, null, 2));
    assert.equal(emitted(undefined), undefined);
  });

  it('gives JSON.stringify(x, null, 2) for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (value, indent) => {
        assert.equal(emitted(value, indent), JSON.stringify(value, null, indent));
      }),
      { numRuns: 300 },
    );
  });

  it('writes a list handed out item by item as the array of those items', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (items, head, indent) => {
        const streamed = { head, list: new StreamedArray((take) => {
          for (const item of items) take(item);
        }), after: [head] };
        assert.equal(emitted(streamed, indent), JSON.stringify({ head, list: items, after: [head] }, null, indent));
      }),
      { numRuns: 200 },
    );
  });

  it('hands out a long list in many pieces, never as one string', () => {
    const parts: string[] = [];
    emitJson({ head: 1, list: VARIED.long }, (text) => parts.push(text));
    assert.ok(parts.length > 3000);
    assert.ok(Math.max(...parts.map((part) => part.length)) < 200);
  });
});

describe('JsonSplitter', () => {
  it('hands out each item of the long member and parses the rest, whatever the cut between pieces', () => {
    const text = JSON.stringify(VARIED, null, 2);
    const whole = JSON.parse(text) as Record<string, unknown>;
    for (const size of [1, 7, 64, 100_000]) {
      const { head, items } = split(text, 'long', size);
      assert.deepEqual(items, whole.long);
      assert.deepEqual(head, { ...whole, long: [] });
    }
  });

  it('reads any layout, and an object whose member is empty, absent or not an array', () => {
    for (const value of [{ a: 1, list: [], b: [2] }, { a: { list: [1] } }, { list: 5, z: [1, 2] }, { list: ['a,]', { '}': '[' }, [[]], null, 3], end: true }]) {
      for (const indent of [0, 2]) {
        const text = JSON.stringify(value, null, indent);
        const whole = JSON.parse(text) as Record<string, unknown>;
        const { head, items } = split(text, 'list', 3);
        const list = Array.isArray(whole.list) ? whole.list : [];
        assert.deepEqual(items, list);
        assert.deepEqual(head, Array.isArray(whole.list) ? { ...whole, list: [] } : whole);
      }
    }
  });

  it('gives the members before the long one to a reader that stops where it begins', () => {
    const text = JSON.stringify({ dataset: '123', status: 'complete', long: [{ a: 1 }], after: 1 }, null, 2);
    for (const cut of [text.indexOf('[') + 1, text.length]) {
      const splitter = new JsonSplitter('long', () => assert.fail('no item is read'), true);
      splitter.push(text.slice(0, cut));
      splitter.push(text.slice(cut));
      assert.equal(splitter.reachedItems, true);
      assert.deepEqual(splitter.before(), { dataset: '123', status: 'complete', long: [] });
    }
    const none = new JsonSplitter('long', () => {}, true);
    none.push('{"dataset": "1"}');
    assert.deepEqual(none.before(), { dataset: '1' });
  });
});
