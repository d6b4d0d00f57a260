/**
 * How raw samples become the thumbnail's pixels: planar and interleaved RGB draw the same picture;
 * grey levels are windowed to the frame's own min and max, MONOCHROME1 drawn inverted, signed and
 * big-endian samples read as such.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rawToRgba } from './thumbnails.ts';

const base = { rows: 1, columns: 2, pixelRepresentation: 0, planarConfiguration: 0, littleEndian: true } as const;

test('planar and interleaved RGB give the same pixels', () => {
  const interleaved = rawToRgba({ ...base, bitsAllocated: 8, photometric: 'RGB', samplesPerPixel: 3 }, Uint8Array.of(10, 20, 30, 40, 50, 60));
  const planar = rawToRgba({ ...base, bitsAllocated: 8, photometric: 'RGB', samplesPerPixel: 3, planarConfiguration: 1 }, Uint8Array.of(10, 40, 20, 50, 30, 60));
  assert.deepEqual([...interleaved], [10, 20, 30, 255, 40, 50, 60, 255]);
  assert.deepEqual([...planar], [...interleaved]);
});

test('signed big-endian grey is windowed to min/max; MONOCHROME1 is drawn inverted', () => {
  // -100 and 300 as signed 16-bit big-endian samples.
  const bytes = Uint8Array.of(0xff, 0x9c, 0x01, 0x2c);
  const frame = { ...base, bitsAllocated: 16, samplesPerPixel: 1, pixelRepresentation: 1, littleEndian: false } as const;
  const grey = (rgba: Uint8ClampedArray) => [rgba[0], rgba[4]];
  assert.deepEqual(grey(rawToRgba({ ...frame, photometric: 'MONOCHROME2' }, bytes)), [0, 255]);
  assert.deepEqual(grey(rawToRgba({ ...frame, photometric: 'MONOCHROME1' }, bytes)), [255, 0]);
  // Read unsigned, the same bytes are 65436 and 300: the order of the two levels flips.
  assert.deepEqual(grey(rawToRgba({ ...frame, pixelRepresentation: 0, photometric: 'MONOCHROME2' }, bytes)), [255, 0]);
});
