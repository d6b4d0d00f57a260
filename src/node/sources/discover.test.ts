import assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EntryOpener } from './entry-opener.ts';
import { discoverSources } from './discover.ts';
import { fingerprint, listAll, readEntry, tempDir, writeTree, zipOf } from './testing/tree.ts';

async function patientTree(): Promise<string> {
  const root = tempDir();
  const inner = await zipOf({ 'x1.dcm': 'inner one', 'deep/x2.dcm': 'inner two' });
  const innerStored = await zipOf({ 'y.dcm': 'stored inner' }, ['y.dcm']);
  writeTree(join(root, 'input'), {
    'DUPONT_JEAN/sess1/img001.dcm': 'A1',
    'DUPONT_JEAN/sess1/img002.dcm': 'A2',
    'DUPONT_JEAN/sess2/.DS_Store': 'junk',
    'DUPONT_JEAN/sess2/DICOMDIR': 'index',
    'DUPONT_JEAN/sess2/more.zip': inner,
    'loose1.dcm': 'L1',
    'notes.txt': 'notes',
  });
  writeFileSync(
    join(root, 'input', 'MARTIN.zip'),
    await zipOf({ 'sess/b1.dcm': 'B1', 'sess/b2.dcm': 'B2', 'sess/nested.zip': innerStored, 'sess/inner.zip': inner }, ['sess/b1.dcm', 'sess/nested.zip']),
  );
  return join(root, 'input');
}

test('each top-level folder or zip is a source; loose files form one', async () => {
  const input = await patientTree();
  const listing = await listAll(input);
  assert.deepEqual(listing.sources, ['loose:', 'folder:DUPONT_JEAN', 'zip:MARTIN.zip']);
  assert.deepEqual(
    listing.entries.map((e) => [e.source, e.ref, e.relativePath, e.class]),
    [
      ['', 'loose1.dcm', 'loose1.dcm', 'candidate'],
      ['', 'notes.txt', 'notes.txt', 'candidate'],
      ['DUPONT_JEAN', 'DUPONT_JEAN/sess1/img001.dcm', 'sess1/img001.dcm', 'candidate'],
      ['DUPONT_JEAN', 'DUPONT_JEAN/sess1/img002.dcm', 'sess1/img002.dcm', 'candidate'],
      ['DUPONT_JEAN', 'DUPONT_JEAN/sess2/.DS_Store', 'sess2/.DS_Store', 'system'],
      ['DUPONT_JEAN', 'DUPONT_JEAN/sess2/DICOMDIR', 'sess2/DICOMDIR', 'dicomdir'],
      ['DUPONT_JEAN', 'DUPONT_JEAN/sess2/more.zip!deep/x2.dcm', 'sess2/more/deep/x2.dcm', 'candidate'],
      ['DUPONT_JEAN', 'DUPONT_JEAN/sess2/more.zip!x1.dcm', 'sess2/more/x1.dcm', 'candidate'],
      ['MARTIN.zip', 'MARTIN.zip!sess/b1.dcm', 'sess/b1.dcm', 'candidate'],
      ['MARTIN.zip', 'MARTIN.zip!sess/b2.dcm', 'sess/b2.dcm', 'candidate'],
      ['MARTIN.zip', 'MARTIN.zip!sess/inner.zip!deep/x2.dcm', 'sess/inner/deep/x2.dcm', 'candidate'],
      ['MARTIN.zip', 'MARTIN.zip!sess/inner.zip!x1.dcm', 'sess/inner/x1.dcm', 'candidate'],
      ['MARTIN.zip', 'MARTIN.zip!sess/nested.zip!y.dcm', 'sess/nested/y.dcm', 'candidate'],
    ],
  );
  assert.deepEqual(listing.problems, []);
  const contents = await Promise.all(listing.entries.map(readEntry));
  assert.deepEqual(contents, ['L1', 'notes', 'A1', 'A2', 'junk', 'index', 'inner two', 'inner one', 'B1', 'B2', 'inner two', 'inner one', 'stored inner']);
  assert.deepEqual(listing.entries.map((e) => e.size), contents.map((c) => c.length));
  await listing.close();
});

test('reading everything leaves the input tree byte- and mtime-identical', async () => {
  const input = await patientTree();
  utimesSync(join(input, 'MARTIN.zip'), new Date(2001, 1, 1), new Date(2001, 1, 1));
  const before = fingerprint(input);
  const listing = await listAll(input);
  for (const entry of listing.entries) await readEntry(entry);
  await listing.close();
  assert.deepEqual(fingerprint(input), before);
});

test('the order depends on names only, not on creation order', async () => {
  const names = ['b.dcm', 'A.dcm', 'a/z.dcm', 'a/b.dcm', 'é.dcm', 'e.dcm', '10.dcm', '9.dcm'];
  const make = (order: string[]) => {
    const dir = tempDir();
    for (const name of order) writeTree(dir, { [`P/${name}`]: name });
    return dir;
  };
  const one = await listAll(make(names));
  const two = await listAll(make([...names].reverse()));
  assert.deepEqual(one.entries.map((e) => e.ref), ['P/10.dcm', 'P/9.dcm', 'P/A.dcm', 'P/a/b.dcm', 'P/a/z.dcm', 'P/b.dcm', 'P/e.dcm', 'P/é.dcm']);
  assert.deepEqual(two.entries.map((e) => e.ref), one.entries.map((e) => e.ref));
});

test('a single zip is read as the folder it holds, unwrapping one top folder', async () => {
  const dir = tempDir();
  const p2 = await zipOf({ 's/x.dcm': 'P2x' });
  writeTree(dir, {
    'data.zip': await zipOf({ 'data/P1/s1/a.dcm': 'P1a', 'data/P1/s2/b.dcm': 'P1b', 'data/P2.zip': p2, 'data/readme.txt': 'r' }),
  });
  const listing = await listAll(join(dir, 'data.zip'));
  assert.equal(listing.root, dir);
  assert.deepEqual(listing.sources, ['loose:', 'folder:P1', 'zip:P2.zip']);
  assert.deepEqual(
    listing.entries.map((e) => [e.source, e.ref, e.relativePath]),
    [
      ['', 'data.zip!data/readme.txt', 'readme.txt'],
      ['P1', 'data.zip!data/P1/s1/a.dcm', 's1/a.dcm'],
      ['P1', 'data.zip!data/P1/s2/b.dcm', 's2/b.dcm'],
      ['P2.zip', 'data.zip!data/P2.zip!s/x.dcm', 's/x.dcm'],
    ],
  );
  assert.deepEqual(await Promise.all(listing.entries.map(readEntry)), ['r', 'P1a', 'P1b', 'P2x']);
  // The same zip inside a folder gives the same refs from the same root.
  const opener = new EntryOpener(dir);
  const handle = await opener.open('data.zip!data/P2.zip!s/x.dcm');
  assert.equal(Buffer.from(handle.source.read(0, 3)).toString(), 'P2x');
  await handle.close();
  await opener.close();
});

test('a zipped dataset of one patient is unwrapped once: its sessions stay folders of the source', async () => {
  const dir = tempDir();
  writeTree(dir, { 'data.zip': await zipOf({ 'data/P1/s1/a.dcm': 'a', 'data/P1/s2/b.dcm': 'b' }) });
  const listing = await listAll(join(dir, 'data.zip'));
  assert.deepEqual(listing.sources, ['folder:P1']);
  assert.deepEqual(listing.entries.map((e) => e.relativePath), ['s1/a.dcm', 's2/b.dcm']);
});

test('a missing input or a plain file is a usage error', async () => {
  const dir = tempDir();
  writeTree(dir, { 'x.dcm': 'x' });
  await assert.rejects(discoverSources(join(dir, 'nope')), { name: 'UsageError' });
  await assert.rejects(discoverSources(join(dir, 'x.dcm')), { name: 'UsageError' });
});
