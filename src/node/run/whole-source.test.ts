import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openRegularFile } from '../sources/range-reader.ts';
import { entrySource, WHOLE_FILE_LIMIT, WholeSource } from './whole-source.ts';
import { WindowedSource } from './windowed-source.ts';

/** An in-memory stand-in for a file on disk: `readInto` copies as a read would. */
function fakeFile(bytes: Uint8Array, size = bytes.length) {
  return {
    size,
    read: () => new Uint8Array(0),
    readInto(target: Uint8Array, offset: number) {
      const part = bytes.subarray(offset, offset + target.length);
      target.set(part);
      return part.length;
    },
  };
}

describe('entrySource', () => {
  const dir = mkdtempSync(join(tmpdir(), 'whole-source-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const bytes = new Uint8Array(300_000).map((_, i) => (i * 31 + 7) & 0xff);
  const path = join(dir, 'slice.dcm');
  writeFileSync(path, bytes);

  it('reads a small file from disk once, then serves every range from memory', () => {
    const file = openRegularFile(path);
    const range = file.range();
    let reads = 0;
    const counted = {
      size: range.size,
      read: range.read.bind(range),
      readInto(target: Uint8Array, offset: number) {
        reads++;
        return range.readInto(target, offset);
      },
    };
    const source = entrySource(counted);
    assert.ok(source instanceof WholeSource);
    for (const [offset, length] of [[0, 132], [250_000, 50_000], [299_990, 40], [400_000, 4]] as const) {
      assert.deepEqual(source.read(offset, length), bytes.slice(offset, offset + length), `${offset}+${length}`);
    }
    assert.equal(reads, 1);
    source.release();
    file.close();
  });

  it('gives a released buffer to the next file, whose bytes are its own', () => {
    const other = new Uint8Array(200_000).fill(9);
    const first = new WholeSource(fakeFile(bytes));
    first.read(0, 1);
    first.release();
    const second = new WholeSource(fakeFile(other));
    assert.equal(second.size, 200_000);
    assert.deepEqual(second.read(199_990, 20), other.slice(199_990));
  });

  it('returns what a file still holds when it shrank after it was opened', () => {
    const source = new WholeSource(fakeFile(new Uint8Array(600).fill(1), 1000));
    assert.equal(source.read(590, 20).length, 10);
  });

  it('reads a large file through a window, never whole', () => {
    const source = entrySource({ size: WHOLE_FILE_LIMIT + 1, read: (_o, l) => new Uint8Array(Math.min(l, 70_000)) });
    assert.ok(!(source instanceof WholeSource));
    assert.ok(source instanceof WindowedSource);
  });
});
