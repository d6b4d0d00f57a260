import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SortedLines } from './sorted-lines.ts';

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
});
