/**
 * Where the first frame is: for a fragmented multi-frame JPEG baseline file without offset table,
 * the fragments of frame 1 are the bytes pydicom's frame generator gives; for an uncompressed MR,
 * the range is the start of PixelData with rows × columns × 2 bytes; RLE has no preview.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pydicom, pydicomUnavailable } from '../../../test/support/checkers.ts';
import { corpusDir, corpusUnavailable } from '../../../test/support/corpus.ts';
import { bytesSource, parseDicom } from './index.ts';
import { firstFramePreview } from './pixels.ts';

const skip = corpusUnavailable() ?? pydicomUnavailable();

function parse(path: string) {
  return parseDicom(bytesSource(new Uint8Array(readFileSync(join(corpusDir, path)))));
}

test('the first JPEG frame of fragmented data is the bytes pydicom gives for frame 1', { skip }, () => {
  const path = 'dicomParser/testImages/encapsulated/multi-frame/IM00001.fragmented_no_bot_jpeg_baseline.50.dcm';
  const file = parse(path);
  const preview = firstFramePreview(file);
  assert.equal(preview.kind, 'jpeg');
  if (preview.kind !== 'jpeg') return;
  const hash = createHash('sha256');
  for (const range of preview.ranges) hash.update(file.datasetSource.read(range.offset, range.length));
  const truth = pydicom(`
import hashlib, sys, pydicom
from pydicom.encaps import generate_pixel_data_frame
d = pydicom.dcmread(sys.argv[1])
frame = next(generate_pixel_data_frame(d.PixelData, int(d.NumberOfFrames)))
print(hashlib.sha256(frame).hexdigest())`, [join(corpusDir, path)]).trim();
  assert.equal(hash.digest('hex'), truth);
});

test('an uncompressed MR is raw samples at the start of PixelData; RLE has no preview', { skip }, () => {
  const file = parse('pydicom/src/pydicom/data/test_files/MR_small_implicit.dcm');
  const preview = firstFramePreview(file);
  assert.equal(preview.kind, 'raw');
  if (preview.kind !== 'raw') return;
  assert.equal(preview.offset, file.get(0x7fe00010)?.valueOffset);
  assert.deepEqual([preview.rows, preview.columns, preview.bitsAllocated, preview.photometric, preview.length], [64, 64, 16, 'MONOCHROME2', 64 * 64 * 2]);
  assert.equal(firstFramePreview(parse('pydicom/src/pydicom/data/test_files/SC_rgb_rle_2frame.dcm')).kind, 'none');
});
