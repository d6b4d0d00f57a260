import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SortedLines, SortedRecords } from './sorted-lines.ts';

function collect(sorter: SortedLines): string[] {
  const lines: string[] = [];
  sorter.each((line) => lines.push(line));
  return lines;
}

describe('SortedLines', () => {
  it('gives lines in key order, ties by line, whether held or merged from runs written to disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sorted-lines-'));
    try {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (entries, runSize) => {
          const sorter = new SortedLines(dir, 'case', runSize);
          for (const [key, line] of entries) sorter.add(key, line);
          const expected = [...entries].sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)).map(([, line]) => line);
          assert.deepEqual(collect(sorter), expected);
          // Read twice: the report's pages and its JSON each walk the list.
          assert.deepEqual(collect(sorter), expected);
          assert.equal(sorter.size, entries.length);
          sorter.dispose();
        }),
      );
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps line ends and any character inside a line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sorted-lines-'));
    try {
      const sorter = new SortedLines(dir, 'csv', 2);
      const lines = ['"a\r\nb";x', 'é\u0000\u2028', '\uFEFFz', 'plain'];
      for (const [i, line] of lines.entries()) sorter.add(String(3 - i), line);
      assert.deepEqual(collect(sorter), [...lines].reverse());
      assert.equal(readdirSync(dir).length, 2);
      sorter.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never keeps more than 32 runs on disk: past that they are merged into one, in order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sorted-lines-'));
    try {
      const sorter = new SortedLines(dir, 'many', 1);
      const keys = Array.from({ length: 500 }, (_, i) => String((i * 7919) % 500).padStart(3, '0'));
      let most = 0;
      for (const key of keys) {
        sorter.add(key, `line ${key}`);
        most = Math.max(most, readdirSync(dir).length);
      }
      assert.ok(most <= 32, `${most} run files at once`);
      assert.deepEqual(collect(sorter), [...keys].sort().map((key) => `line ${key}`));
      sorter.dispose();
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SortedRecords', () => {
  it('gives records back in key order, as often as asked, and a reader may stop and go on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sorted-records-'));
    try {
      const records = new SortedRecords<{ ref: string; size: number }>(dir, 'files', 3);
      for (const ref of ['d/1', 'a/2', 'c/3', 'b/4', 'a/1', 'e/9', 'b/0']) records.add(ref, { ref, size: ref.length });
      const refs = [...records].map((record) => record.ref);
      assert.deepEqual(refs, ['a/1', 'a/2', 'b/0', 'b/4', 'c/3', 'd/1', 'e/9']);
      assert.equal(records.length, 7);
      const reader = records[Symbol.iterator]();
      const firstTwo = [reader.next().value?.ref, reader.next().value?.ref];
      assert.deepEqual(firstTwo, ['a/1', 'a/2']);
      assert.deepEqual([...records].map((record) => record.ref), refs, 'a second reader is not disturbed by the first');
      assert.equal(reader.next().value?.ref, 'b/0');
      reader.return?.();
      records.dispose();
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
