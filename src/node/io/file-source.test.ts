import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseDicom } from '../../core/dicom/reader.ts';
import { bytesSource } from '../../core/dicom/source.ts';
import { corpusDir, corpusUnavailable } from '../../../test/support/corpus.ts';
import { openFileSource } from './file-source.ts';

const dir = mkdtempSync(join(tmpdir(), 'dicomveil-file-source-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('FileSource', () => {
  it('reads ranges of a file, short only past its end', () => {
    const path = join(dir, 'bytes.bin');
    const bytes = Uint8Array.from({ length: 200_000 }, (_, index) => index % 251);
    writeFileSync(path, bytes);
    const source = openFileSource(path);
    try {
      assert.equal(source.size, bytes.length);
      assert.deepEqual(source.read(1000, 10), bytes.subarray(1000, 1010));
      assert.deepEqual(source.read(100_000, 90_000), bytes.subarray(100_000, 190_000));
      assert.deepEqual(source.read(199_990, 100), bytes.subarray(199_990));
      assert.equal(source.read(300_000, 10).length, 0);
    } finally {
      source.close();
    }
  });

  it('parses a real file to the same elements as the bytes in memory', { skip: corpusUnavailable() }, () => {
    const path = join(corpusDir, 'pydicom/src/pydicom/data/test_files/MR_small_padded.dcm');
    const source = openFileSource(path);
    try {
      const fromFile = [...parseDicom(source).elements()].map((element) => [element.path, element.offset, element.end]);
      const fromBytes = [...parseDicom(bytesSource(readFileSync(path))).elements()].map((element) => [element.path, element.offset, element.end]);
      assert.deepEqual(fromFile, fromBytes);
    } finally {
      source.close();
    }
  });
});
