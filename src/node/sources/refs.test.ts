import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { diskRef, parseRef, refPath, zipEntryRef } from './refs.ts';

test('a ref reads as the path it stands for', () => {
  assert.equal(zipEntryRef(zipEntryRef(diskRef('P2.zip'), 'sess/more.zip'), 'img 1.dcm'), 'P2.zip!sess/more.zip!img 1.dcm');
  assert.deepEqual(parseRef('P2.zip!sess/more.zip!img.dcm#3'), {
    diskPath: 'P2.zip',
    steps: [{ name: 'sess/more.zip', occurrence: 1 }, { name: 'img.dcm', occurrence: 3 }],
  });
});

test('names holding !, # or % survive the round trip', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1 }), fc.array(fc.tuple(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 9 }))), (disk, steps) => {
      let ref = diskRef(disk);
      for (const [name, occurrence] of steps) ref = zipEntryRef(ref, name, occurrence);
      const parsed = parseRef(ref);
      assert.equal(parsed.diskPath, disk);
      assert.deepEqual(parsed.steps.map((s) => [s.name, s.occurrence]), steps);
    }),
  );
});

test('malformed refs are refused', () => {
  assert.throws(() => parseRef(''), RangeError);
  assert.throws(() => parseRef('a.zip!'), RangeError);
  assert.throws(() => parseRef('a.zip!x#0'), RangeError);
});

test('the input path of a ref names the file on disk, not its escaped ref', () => {
  assert.equal(refPath('/in', diskRef('A%/S1/x!1.dcm')), '/in/A%/S1/x!1.dcm');
  assert.equal(refPath('/in', diskRef('A%25/S1/1.dcm')), '/in/A%25/S1/1.dcm');
  assert.equal(refPath('/in', zipEntryRef(diskRef('P#2.zip'), '../x%!.dcm', 2)), '/in/P#2.zip!../x%!.dcm#2');
});
