import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { after, describe, it } from 'node:test';
import type { OutputPart } from '../../core/dicom/model.ts';
import { bytesSource } from '../../core/dicom/source.ts';
import { openRegularFile } from '../sources/range-reader.ts';
import { WindowedSource } from '../run/windowed-source.ts';
import { openFileSource } from './file-source.ts';
import { type HeldSource, partsToReadable, writePartsToFd, writePartsToFile, writePartsToFileAsync } from './write-parts.ts';

const dir = mkdtempSync(join(tmpdir(), 'dicomveil-write-parts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const input = Uint8Array.from({ length: 3 * 1024 * 1024 + 17 }, (_, index) => (index * 7) % 256);
const parts: OutputPart[] = [{ offset: 0, length: 10 }, new Uint8Array([1, 2, 3]), { offset: 20, length: input.length - 20 }];
const expected = new Uint8Array([...input.subarray(0, 10), 1, 2, 3, ...input.subarray(20)]);

describe('writing output parts', () => {
  const path = join(dir, 'input.bin');
  writeFileSync(path, input);

  it('copies ranges of a file source in chunks and writes new bytes between them', () => {
    const source = openFileSource(path);
    try {
      writePartsToFile(parts, source, join(dir, 'out.bin'));
    } finally {
      source.close();
    }
    assert.deepEqual(new Uint8Array(readFileSync(join(dir, 'out.bin'))), expected);
  });

  it('writes the same bytes with reads overlapping writes, from a file or from memory', async () => {
    const source = openFileSource(path);
    try {
      await writePartsToFileAsync(parts, source, join(dir, 'async.bin'));
    } finally {
      source.close();
    }
    assert.deepEqual(new Uint8Array(readFileSync(join(dir, 'async.bin'))), expected);
    await writePartsToFileAsync(parts, bytesSource(input), join(dir, 'async-memory.bin'));
    assert.deepEqual(new Uint8Array(readFileSync(join(dir, 'async-memory.bin'))), expected);
  });

  it('streams the same bytes, from a file or from memory', async () => {
    const source = openFileSource(path);
    try {
      assert.deepEqual(new Uint8Array(await buffer(partsToReadable(parts, source))), expected);
    } finally {
      source.close();
    }
    assert.deepEqual(new Uint8Array(await buffer(partsToReadable(parts, bytesSource(input)))), expected);
  });

  it('fails with a typed error when the source is shorter than a range', () => {
    assert.throws(() => writePartsToFile([{ offset: 0, length: input.length + 1 }], bytesSource(input), join(dir, 'short.bin')), { code: 'E_SOURCE_CHANGED' });
  });

  it('gathers the parts of a source held in memory into few writes, past the system limit of 1024 a call', () => {
    const held: HeldSource = { ...bytesSource(input), held: true };
    // An edit every 1000 bytes: 3,000 ranges and 3,000 new values.
    const many: OutputPart[] = [];
    const want: number[] = [];
    for (let offset = 0; offset < input.length; offset += 1000) {
      const length = Math.min(990, input.length - offset);
      many.push({ offset, length }, new Uint8Array([offset & 0xff, 0xee]));
      want.push(...input.subarray(offset, offset + length), offset & 0xff, 0xee);
    }
    const target = join(dir, 'gathered.bin');
    const fd = openSync(target, 'w');
    try {
      writePartsToFd(many, held, fd);
    } finally {
      closeSync(fd);
    }
    assert.deepEqual(new Uint8Array(readFileSync(target)), Uint8Array.from(want));
    const shortFd = openSync(join(dir, 'held-short.bin'), 'w');
    try {
      assert.throws(() => writePartsToFd([{ offset: 10, length: input.length }], held, shortFd), { code: 'E_SOURCE_CHANGED' });
    } finally {
      closeSync(shortFd);
    }
  });

  it('copies ranges of a file, bare or windowed, through one reused buffer, the same bytes as from memory', () => {
    const file = openRegularFile(path);
    try {
      for (const [name, source] of [['bare', file.range()], ['windowed', new WindowedSource(file.range())]] as const) {
        const target = join(dir, `${name}.bin`);
        const fd = openSync(target, 'w');
        try {
          writePartsToFd(parts, source, fd);
        } finally {
          closeSync(fd);
        }
        assert.deepEqual(new Uint8Array(readFileSync(target)), expected, name);
      }
    } finally {
      file.close();
    }
  });
});
