import assert from 'node:assert/strict';
import { randomFillSync } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { EntryOpener } from './entry-opener.ts';
import { rawZip } from './testing/raw-zip.ts';
import { listAll, tempDir, writeTree, zipOf } from './testing/tree.ts';

async function input(): Promise<string> {
  const dir = join(tempDir(), 'input');
  const inner = await zipOf({ 'i.dcm': 'inner' });
  writeTree(dir, {
    'P/a.dcm': 'disk',
    'P/odd name!#%.dcm': 'odd',
    'Z.zip': await zipOf({ 's/b.dcm': 'zipped', 's/n.zip': inner, 'stored.dcm': 'stored' }, ['stored.dcm']),
  });
  return dir;
}

test('a worker thread opens entries from their refs alone', async () => {
  const dir = await input();
  const listing = await listAll(dir);
  const refs = listing.entries.map((e) => e.ref);
  assert.deepEqual(refs, ['P/a.dcm', 'P/odd name%21%23%25.dcm', 'Z.zip!s/b.dcm', 'Z.zip!s/n.zip!i.dcm', 'Z.zip!stored.dcm']);
  // Node 20 resolves a worker's entry before `--import` hooks run: register tsx, then import.
  const body = new URL('./testing/read-in-worker.ts', import.meta.url).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `(await import(${JSON.stringify(tsx)})).register(); await import(${JSON.stringify(body)});`;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData: { root: listing.root, refs } });
  const contents = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  assert.deepEqual(contents, ['disk', 'odd', 'zipped', 'inner', 'stored']);
  await listing.close();
});

test('refs that leave the input or name nothing are refused with a typed error', async () => {
  const dir = await input();
  const opener = new EntryOpener(dir);
  await assert.rejects(opener.open('../outside.dcm'), { name: 'EntryError', code: 'unsafe-path' });
  await assert.rejects(opener.open('P/missing.dcm'), { name: 'EntryError', code: 'unreadable' });
  await assert.rejects(opener.open('Z.zip!nope.dcm'), { name: 'EntryError', code: 'unreadable' });
  await assert.rejects(opener.open('P'), { name: 'EntryError', code: 'special-file' });
  await assert.rejects(opener.open('Z.zip!s/b.dcm#0'), { name: 'EntryError', code: 'invalid-name' });
  await opener.close();
});

test('handles stay readable while the zip cache evicts, and reads are bounded', async () => {
  const dir = tempDir();
  for (let i = 0; i < 40; i++) writeTree(dir, { [`Z${String(i).padStart(2, '0')}.zip`]: await zipOf({ 'x.dcm': `zip ${i}` }, ['x.dcm']) });
  const opener = new EntryOpener(dir);
  const first = await opener.open('Z00.zip!x.dcm');
  for (let i = 1; i < 40; i++) {
    const handle = await opener.open(`Z${String(i).padStart(2, '0')}.zip!x.dcm`);
    assert.equal(Buffer.from(handle.source.read(0, 100)).toString(), `zip ${i}`);
    await handle.close();
  }
  // Z00's file stays open for the handle even though 39 zips went through the cache since.
  assert.equal(Buffer.from(first.source.read(0, first.source.size)).toString(), 'zip 0');
  assert.equal(first.source.read(first.source.size, 10).length, 0);
  assert.throws(() => first.source.read(-1, 1), RangeError);
  await first.close();
  // A closed handle never reads again: its descriptor number may already be another file's.
  assert.throws(() => first.source.read(0, 1), /closed/);
  await opener.close();
});

test('a deflated nested zip above the memory cap is spilled, read in place, and removed on close', async () => {
  const dir = tempDir();
  const spillDir = join(dir, 'spill');
  const inner = await zipOf({ 'a.dcm': 'alpha', 'b.dcm': new Uint8Array(200_000).map((_, i) => (i * 7) % 256) }, ['a.dcm', 'b.dcm']);
  writeTree(dir, { 'input/Z.zip': await zipOf({ 'inner.zip': inner }) });
  const opener = new EntryOpener(join(dir, 'input'), { spillDir, limits: { inflateInMemoryBytes: 50_000 } });
  const a = await opener.open('Z.zip!inner.zip!a.dcm');
  const b = await opener.open('Z.zip!inner.zip!b.dcm');
  assert.equal(Buffer.from(a.source.read(0, 5)).toString(), 'alpha');
  assert.equal(b.source.read(199_999, 1)[0], (199_999 * 7) % 256);
  assert.equal(readdirSync(spillDir).length, 1, 'the inner zip is spilled once for both entries');
  await a.close();
  await opener.close();
  assert.equal(readdirSync(spillDir).length, 1, 'still in use by b');
  assert.equal(b.source.read(0, 1)[0], 0);
  await b.close();
  assert.deepEqual(readdirSync(spillDir), []);
});

test('a header read inflates a deflated entry only as far as it reads, with the same bytes', async () => {
  const dir = tempDir();
  // Compressible, as real pixel data is, and far larger than the first prefix inflated.
  const noise = randomFillSync(new Uint8Array(600_000));
  const data = Uint8Array.from({ length: 600_000 }, (_, i) => (i % 1000 < 500 ? i & 0x0f : noise[i]!));
  const badCrc = data.slice();
  writeTree(dir, {
    'Z.zip': rawZip([
      { name: 'good.dcm', data, method: 8 },
      { name: 'bad.dcm', data: badCrc, method: 8, crc: 0x12345678 },
    ]),
  });
  const opener = new EntryOpener(dir);
  try {
    const head = await opener.open('Z.zip!good.dcm', 'head');
    assert.equal(head.source.size, data.length);
    for (const [offset, length] of [[0, 132], [128, 65_536], [599_990, 100], [300_000, 5], [700_000, 4]] as const) {
      assert.deepEqual(head.source.read(offset, length), data.subarray(offset, offset + length), `${offset}+${length}`);
    }
    await head.close();
    // A corrupt entry: its header reads, the end does not, and a whole read refuses it at once.
    const bad = await opener.open('Z.zip!bad.dcm', 'head');
    assert.deepEqual(bad.source.read(0, 1000), data.subarray(0, 1000));
    assert.throws(() => bad.source.read(599_000, 1000), { name: 'EntryError', code: 'corrupt-zip' });
    await bad.close();
    await assert.rejects(opener.open('Z.zip!bad.dcm'), { name: 'EntryError', code: 'corrupt-zip' });
  } finally {
    await opener.close();
  }
});
