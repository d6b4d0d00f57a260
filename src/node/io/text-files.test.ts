/** Long text files written from pieces and read back a chunk, a line or a window at a time. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tempDir } from '../../../test/e2e/support.ts';
import { readByteWindows, readJsonSplit, readLines, writeJsonAtomic } from './text-files.ts';

describe('text files read and written in pieces', () => {
  const dir = tempDir('text-files');
  after(() => dir.remove());

  it('writes JSON.stringify(x, null, 2) and a line end, and reads a long member back item by item', () => {
    const path = join(dir.path, 'report.json');
    const value = { tool: 'dicomveil', status: 'complete', fileOutcomes: Array.from({ length: 50_000 }, (_, i) => ({ output: `subj_${i % 7}/Zoë ${i}.dcm`, outcome: 'anonymized' })), after: { n: 1 } };
    writeJsonAtomic(path, value);
    assert.equal(readFileSync(path, 'utf8'), `${JSON.stringify(value, null, 2)}\n`);
    const items: unknown[] = [];
    const head = readJsonSplit(path, 'fileOutcomes', (item) => items.push(item));
    assert.deepEqual(items, value.fileOutcomes);
    assert.deepEqual(head, { ...value, fileOutcomes: [] });
    assert.deepEqual(readJsonSplit(path, 'fileOutcomes', () => assert.fail('not read'), true), { tool: 'dicomveil', status: 'complete', fileOutcomes: [] });
  });

  it('reads lines whole when a chunk ends inside a line and inside a character', () => {
    const path = join(dir.path, 'lines.txt');
    // The 4 MiB chunk ends between the two bytes of an é, in the middle of the second line.
    const first = 'a'.repeat(100);
    const second = `${'b'.repeat((1 << 22) - 102)}é tail`;
    writeFileSync(path, `${first}\n${second}\n\nlast without end`);
    const lines: string[] = [];
    readLines(path, (line) => lines.push(line));
    assert.deepEqual(lines, [first, second, '', 'last without end']);
  });

  it('gives windows cut at line ends that together hold every short span whole', () => {
    const path = join(dir.path, 'windows.txt');
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)} NAME${i}`);
    writeFileSync(path, lines.join('\n'));
    const windows: string[] = [];
    readByteWindows(path, 8192, 512, (bytes) => windows.push(Buffer.from(bytes).toString('latin1')));
    assert.ok(windows.length > 10);
    for (const window of windows.slice(0, -1)) assert.ok(window.endsWith('\n'));
    for (const line of lines) assert.ok(windows.some((window) => window.includes(`\n${line}\n`) || window.startsWith(`${line}\n`) || window.endsWith(line)), line);
    const small: Uint8Array[] = [];
    readByteWindows(path, 1 << 20, 512, (bytes) => small.push(bytes.slice()));
    assert.equal(small.length, 1);
    assert.ok(Buffer.from(small[0]!).equals(readFileSync(path)));
  });
});
