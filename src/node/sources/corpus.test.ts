/**
 * The real corpus as an input, read in place and as a zip of itself: every file comes through
 * byte for byte, and the corpus is left untouched.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { corpusDir, corpusEntries, corpusUnavailable } from '../../../test/support/corpus.ts';
import { fingerprint, listAll, readEntry, tempDir, zipOf } from './testing/tree.ts';

test('every corpus file comes through a folder input byte for byte, the corpus untouched', async (t) => {
  const why = corpusUnavailable();
  if (why) return t.skip(why);
  const before = fingerprint(corpusDir);
  const listing = await listAll(corpusDir);
  assert.deepEqual(listing.problems, []);
  const refs = new Set(listing.entries.map((e) => e.ref));
  for (const entry of corpusEntries()) assert.ok(refs.has(entry.path), entry.path);
  for (const entry of listing.entries) {
    assert.equal(await readEntry(entry), readFileSync(join(corpusDir, entry.ref)).toString('latin1'), entry.ref);
  }
  await listing.close();
  assert.deepEqual(fingerprint(corpusDir), before);
});

test('the corpus zipped (half stored, half deflated) gives the same bytes under the same relative paths', async (t) => {
  const why = corpusUnavailable();
  if (why) return t.skip(why);
  const files = Object.fromEntries(corpusEntries().map((e) => [`corpus/${e.path}`, readFileSync(e.absolutePath)]));
  const dir = tempDir();
  writeFileSync(join(dir, 'corpus.zip'), await zipOf(files, Object.keys(files).filter((_, i) => i % 2 === 0)));
  const listing = await listAll(join(dir, 'corpus.zip'));
  assert.deepEqual(listing.problems, []);
  assert.equal(listing.entries.length, Object.keys(files).length);
  for (const entry of listing.entries) {
    const inside = entry.ref.slice('corpus.zip!corpus/'.length);
    assert.equal(entry.relativePath, inside.slice(inside.indexOf('/') + 1));
    assert.equal(await readEntry(entry), files[`corpus/${inside}`]!.toString('latin1'), entry.ref);
  }
  await listing.close();
});
