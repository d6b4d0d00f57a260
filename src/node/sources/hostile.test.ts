/**
 * Hostile input: each case gives its problem line and every other file still comes through.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { join } from 'node:path';
import { test } from 'node:test';
import yazl from 'yazl';
import { EntryError } from './entry-error.ts';
import { crc32, rawZip } from './testing/raw-zip.ts';
import { fingerprint, type Listing, listAll, readEntry, tempDir, writeTree, zipOf } from './testing/tree.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

/** An input holding `P/ok.dcm` beside the hostile item, so every test can check the rest comes through. */
function inputWith(files: Record<string, string | Uint8Array>): string {
  const input = join(tempDir(), 'input');
  writeTree(input, { 'P/ok.dcm': 'fine', ...files });
  return input;
}

function problemsOf(listing: Listing): string[] {
  return listing.problems.map((p) => `${p.ref} ${p.code} ${p.action}`);
}

async function assertOkThrough(listing: Listing): Promise<void> {
  const ok = listing.entries.find((e) => e.ref === 'P/ok.dcm');
  assert.ok(ok, 'the healthy file is still listed');
  assert.equal(await readEntry(ok), 'fine');
}

test('zip entries with .. or absolute paths are read under safe names', async () => {
  const input = inputWith({
    'Z.zip': rawZip([
      { name: '../../escape.dcm', data: bytes('E1') },
      { name: '/abs/root.dcm', data: bytes('E2'), method: 8 },
      { name: 'C:\\win\\drive.dcm', data: bytes('E3') },
      { name: 'good.dcm', data: bytes('G') },
    ]),
  });
  const listing = await listAll(input);
  assert.deepEqual(problemsOf(listing), [
    'Z.zip!/abs/root.dcm unsafe-path renamed',
    'Z.zip!../../escape.dcm unsafe-path renamed',
    'Z.zip!C:/win/drive.dcm unsafe-path renamed',
  ]);
  const zipped = listing.entries.filter((e) => e.source === 'Z.zip');
  assert.deepEqual(zipped.map((e) => e.relativePath), ['abs/root.dcm', 'escape.dcm', 'good.dcm', 'win/drive.dcm']);
  assert.deepEqual(await Promise.all(zipped.map(readEntry)), ['E2', 'E1', 'G', 'E3']);
  await assertOkThrough(listing);
});

test('duplicate and invalid names keep every entry, under distinct safe names', async () => {
  const input = inputWith({
    'Z.zip': rawZip([
      { name: 'a.dcm', data: bytes('first') },
      { name: 'a.dcm', data: bytes('second'), method: 8 },
      { name: 'A.DCM', data: bytes('third') },
      { name: 'bad\u0001name.dcm', flags: 0x800, data: bytes('ctl') },
      { name: new Uint8Array([0x66, 0xff, 0xfe, 0x2e, 0x64]), flags: 0x800, data: bytes('utf') },
    ]),
  });
  const listing = await listAll(input);
  assert.deepEqual(problemsOf(listing), ['Z.zip!a.dcm#2 duplicate-name renamed', 'Z.zip!bad\u0001name.dcm invalid-name renamed', 'Z.zip!f\ufffd\ufffd.d invalid-name renamed']);
  const zipped = listing.entries.filter((e) => e.source === 'Z.zip');
  assert.deepEqual(zipped.map((e) => [e.relativePath, e.ref]), [
    ['A.DCM', 'Z.zip!A.DCM'],
    ['a_2.dcm', 'Z.zip!a.dcm'],
    ['a_3.dcm', 'Z.zip!a.dcm#2'],
    ['bad_name.dcm', 'Z.zip!bad\u0001name.dcm'],
    // Not the UTF-8 its flag says: read as CP437, every byte a character another reading can find a name in.
    ['f\u00a0■.d', 'Z.zip!f\ufffd\ufffd.d'],
  ]);
  assert.deepEqual(await Promise.all(zipped.map(readEntry)), ['third', 'first', 'second', 'ctl', 'utf']);
  await assertOkThrough(listing);
});

/** An Info-ZIP Unicode Path extra field (0x7075) giving `name` for the header name `raw`. */
function unicodePath(raw: Uint8Array, name: string): Uint8Array {
  const utf8 = Buffer.from(name, 'utf8');
  const field = Buffer.alloc(9 + utf8.length);
  field.writeUInt16LE(0x7075, 0);
  field.writeUInt16LE(5 + utf8.length, 2);
  field.writeUInt8(1, 4);
  field.writeUInt32LE(crc32(raw), 5);
  utf8.copy(field, 9);
  return field;
}

test('a name without the UTF-8 flag is read as UTF-8 when it is, else as CP437; its ref as zip readers decode it', async () => {
  const dos = Buffer.from('Gr\x81n/d.dcm', 'latin1');
  const zip = rawZip([
    { name: Buffer.from('Kr\xf6nberger/a.dcm', 'latin1'), data: bytes('latin') },
    { name: Buffer.from('Grünewald/b.dcm', 'utf8'), data: bytes('utf8'), method: 8 },
    { name: 'Zoë/c.dcm', flags: 0x800, data: bytes('flagged') },
    // A Unicode Path field says the name, whatever the header's bytes.
    { name: dos, extra: unicodePath(dos, 'Grün 2/d.dcm'), data: bytes('declared') },
  ]);
  // The same entries from their local headers alone, the central directory cut off.
  const cut = zip.subarray(0, Buffer.from(zip).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
  const listing = await listAll(inputWith({ 'Z.zip': zip, 'C.zip': cut }));
  for (const source of ['Z.zip', 'C.zip']) {
    const entries = listing.entries.filter((e) => e.source === source);
    assert.deepEqual(entries.map((e) => [e.relativePath, e.ref.slice(source.length + 1)]), [
      ['Grün 2/d.dcm', 'Grün 2/d.dcm'],
      ['Grünewald/b.dcm', 'Gr├╝newald/b.dcm'],
      ['Kr÷nberger/a.dcm', 'Kr÷nberger/a.dcm'],
      ['Zoë/c.dcm', 'Zoë/c.dcm'],
    ]);
    assert.deepEqual(await Promise.all(entries.map(readEntry)), ['declared', 'utf8', 'latin', 'flagged']);
  }
  assert.deepEqual(problemsOf(listing), ['C.zip corrupt-zip skipped']);
  await assertOkThrough(listing);
});

test('encrypted, symlink, unsupported-method and lying entries are skipped, the rest read', async () => {
  const input = inputWith({
    'Z.zip': rawZip([
      { name: 'enc.dcm', data: bytes('secret'), flags: 1 },
      { name: 'link.dcm', data: bytes('/etc/passwd'), unixMode: 0o120777 },
      { name: 'bz.dcm', data: bytes('bz'), method: 12 },
      { name: 'lies.dcm', data: bytes('short'), method: 8, declaredSize: 50 },
      { name: 'ok.dcm', data: bytes('zipped ok'), method: 8 },
    ]),
  });
  const listing = await listAll(input);
  assert.deepEqual(problemsOf(listing), ['Z.zip!bz.dcm unsupported-compression skipped', 'Z.zip!enc.dcm encrypted skipped', 'Z.zip!link.dcm symlink skipped']);
  const zipped = listing.entries.filter((e) => e.source === 'Z.zip');
  assert.deepEqual(zipped.map((e) => e.relativePath), ['lies.dcm', 'ok.dcm']);
  // A size lie is only seen when inflating: the entry fails to open with a typed error.
  await assert.rejects(zipped[0]!.open(), (error: unknown) => error instanceof EntryError && error.code === 'corrupt-zip' && error.location.file === 'Z.zip!lies.dcm');
  assert.equal(await readEntry(zipped[1]!), 'zipped ok');
  await assertOkThrough(listing);
});

test('zip bombs: overlapping entries and extreme ratios are skipped, the rest read', async () => {
  const zeros = new Uint8Array(200_000);
  const input = inputWith({
    'Overlap.zip': rawZip([{ name: 'kernel.dcm', data: zeros, method: 8 }, ...Array.from({ length: 5 }, (_, i) => ({ name: `copy${i}.dcm`, data: zeros, method: 8, sameDataAs: 0 }))]),
    'Ratio.zip': rawZip([{ name: 'big.dcm', data: zeros, method: 8 }, { name: 'small.dcm', data: bytes('s'), method: 8 }]),
  });
  const listing = await listAll(input, { limits: { ratioFloorBytes: 100_000, maxRatio: 50 } });
  assert.deepEqual(problemsOf(listing), [
    'Overlap.zip!copy0.dcm zip-bomb skipped',
    'Overlap.zip!copy1.dcm zip-bomb skipped',
    'Overlap.zip!copy2.dcm zip-bomb skipped',
    'Overlap.zip!copy3.dcm zip-bomb skipped',
    'Overlap.zip!copy4.dcm zip-bomb skipped',
    'Overlap.zip!kernel.dcm zip-bomb skipped',
    'Ratio.zip!big.dcm zip-bomb skipped',
  ]);
  assert.deepEqual(listing.entries.filter((e) => e.source !== 'P').map((e) => e.ref), ['Ratio.zip!small.dcm']);
  await assertOkThrough(listing);
});

test('zip bombs: declared content beyond the total cap stops the zip, nested zips included', async () => {
  const leaf = rawZip(Array.from({ length: 4 }, (_, i) => ({ name: `leaf${i}.dcm`, data: new Uint8Array(100_000), method: 8 })));
  let bomb = leaf;
  for (let level = 0; level < 3; level++) bomb = await zipOf(Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`z${level}_${i}.zip`, bomb])));
  const input = inputWith({
    'Bomb.zip': bomb,
    'Total.zip': rawZip([{ name: 'a.dcm', data: bytes('aaaa') }, { name: 'b.dcm', data: new Uint8Array(300_000) }, { name: 'c.dcm', data: bytes('c') }]),
  });
  const listing = await listAll(input, { limits: { maxZipBytes: 250_000, ratioFloorBytes: 50_000, maxRatio: 50 } });
  const lines = problemsOf(listing);
  // Bomb.zip: two refused leaves of the first innermost zip use the budget up; a third line stops
  // the 63 other zips and 254 other leaves.
  const deepest = 'Bomb.zip!z2_0.zip!z1_0.zip!z0_0.zip!';
  assert.deepEqual(lines.filter((l) => l.startsWith('Bomb.zip')), [`${deepest}leaf0.dcm zip-bomb skipped`, `${deepest}leaf1.dcm zip-bomb skipped`, `${deepest}leaf2.dcm zip-bomb skipped`]);
  assert.match(listing.problems.find((p) => p.ref === `${deepest}leaf2.dcm`)!.message, /limit .* rest are skipped/);
  assert.deepEqual(lines.filter((l) => l.startsWith('Total.zip')), ['Total.zip!b.dcm zip-bomb skipped']);
  assert.deepEqual(listing.entries.filter((e) => e.source !== 'P').map((e) => e.ref), ['Total.zip!a.dcm']);
  await assertOkThrough(listing);
});

test('truncated and corrupt zips are reported; healthy entries before the damage still come through', async () => {
  const good = await zipOf({ 'a.dcm': 'A', 'b.dcm': 'B' });
  const corruptData = rawZip([{ name: 'x.dcm', data: bytes('payload payload payload'), method: 8 }]);
  corruptData.fill(0xff, 36, 38); // inside the deflate stream, which starts after 30 + 5 bytes of header
  const input = inputWith({
    'Truncated.zip': good.subarray(0, good.length - 30),
    'NotAZip.zip': 'plain text named like a zip',
    'BadData.zip': corruptData,
  });
  const listing = await listAll(input);
  assert.deepEqual(problemsOf(listing), ['Truncated.zip corrupt-zip skipped']);
  assert.match(listing.problems[0]!.message, /2 entries recovered/);
  assert.deepEqual(await Promise.all(listing.entries.filter((e) => e.source === 'Truncated.zip').map(readEntry)), ['A', 'B']);
  // A file named like a zip that is none is tried as DICOM like any other file.
  const plain = listing.entries.find((e) => e.ref === 'NotAZip.zip');
  assert.equal(plain?.relativePath, 'NotAZip.zip');
  assert.equal(await readEntry(plain), 'plain text named like a zip');
  const bad = listing.entries.find((e) => e.ref === 'BadData.zip!x.dcm');
  assert.ok(bad);
  await assert.rejects(bad.open(), { name: 'EntryError', code: 'corrupt-zip' });
  await assertOkThrough(listing);
});

test('a zip cut short keeps every whole entry, data descriptors included', async () => {
  const streamed = new yazl.ZipFile();
  const texts = ['first entry '.repeat(50), 'second entry '.repeat(50), 'third entry '.repeat(50)];
  for (const [i, text] of texts.entries()) streamed.addReadStream(Readable.from([Buffer.from(text)]), `s/${i}.dcm`, { mtime: new Date(2020, 0, 1) });
  streamed.addBuffer(Buffer.from('stored'), 's/stored.dcm', { compress: false, mtime: new Date(2020, 0, 1) });
  streamed.end();
  const whole = new Uint8Array(await buffer(streamed.outputStream));
  const input = inputWith({
    // Cut inside the central directory, then inside the third entry.
    'Cut1.zip': whole.subarray(0, whole.length - 40),
    'Cut2.zip': whole.subarray(0, 220),
  });
  const listing = await listAll(input);
  assert.deepEqual(problemsOf(listing), ['Cut1.zip corrupt-zip skipped', 'Cut2.zip corrupt-zip skipped']);
  const read = async (source: string) => Promise.all(listing.entries.filter((e) => e.source === source).map(async (e) => [e.relativePath, await readEntry(e)]));
  assert.deepEqual(await read('Cut1.zip'), [['s/0.dcm', texts[0]], ['s/1.dcm', texts[1]], ['s/2.dcm', texts[2]], ['s/stored.dcm', 'stored']]);
  const cut = await read('Cut2.zip');
  assert.ok(cut.length >= 1 && cut.length < 4, `some but not all entries survive (${cut.length})`);
  assert.deepEqual(cut, (await read('Cut1.zip')).slice(0, cut.length));
  await assertOkThrough(listing);
});

test('zips nested deeper than the limit are skipped', async () => {
  let zip = await zipOf({ 'leaf.dcm': 'leaf' });
  for (let level = 0; level < 3; level++) zip = await zipOf({ [`level${level}.zip`]: zip, [`at${level}.dcm`]: `at${level}` });
  const input = inputWith({ 'Deep.zip': zip });
  const listing = await listAll(input, { limits: { maxZipDepth: 3 } });
  assert.deepEqual(problemsOf(listing), ['Deep.zip!level2.zip!level1.zip!level0.zip too-deep skipped']);
  assert.deepEqual(listing.entries.filter((e) => e.source === 'Deep.zip').map((e) => e.relativePath), ['at2.dcm', 'level2/at1.dcm', 'level2/level1/at0.dcm']);
  await assertOkThrough(listing);
});

test('symlinks on disk are never followed, in or out of the input, loops included', async () => {
  const outside = tempDir();
  writeFileSync(join(outside, 'foreign.dcm'), 'foreign');
  const input = inputWith({ 'Q/real.dcm': 'real' });
  symlinkSync(join(outside, 'foreign.dcm'), join(input, 'P', 'out.dcm'));
  symlinkSync(join(input, 'Q', 'real.dcm'), join(input, 'P', 'in.dcm'));
  symlinkSync(join(input, 'P', 'loop2'), join(input, 'P', 'loop1'));
  symlinkSync(join(input, 'P', 'loop1'), join(input, 'P', 'loop2'));
  symlinkSync(input, join(input, 'P', 'up'));
  symlinkSync(outside, join(input, 'Linked'));
  const listing = await listAll(input);
  assert.deepEqual(problemsOf(listing), [
    'Linked symlink skipped',
    'P/in.dcm symlink skipped',
    'P/loop1 symlink skipped',
    'P/loop2 symlink skipped',
    'P/out.dcm symlink skipped',
    'P/up symlink skipped',
  ]);
  const messages = Object.fromEntries(listing.problems.map((p) => [p.ref, p.message]));
  assert.match(messages['P/out.dcm']!, /out of the input/);
  assert.match(messages['P/in.dcm']!, /inside the input/);
  assert.match(messages['P/loop1']!, /loop/);
  assert.deepEqual(listing.entries.map((e) => e.ref), ['P/ok.dcm', 'Q/real.dcm']);
  await assertOkThrough(listing);
});

test('FIFOs, sockets and devices are reported, never opened', async (t) => {
  const input = inputWith({});
  if (spawnSync('mkfifo', [join(input, 'P', 'pipe.dcm')]).status !== 0) return t.skip('mkfifo unavailable');
  spawnSync('mkfifo', [join(input, 'toplevel-pipe')]);
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(join(input, 'P', 'sock'), resolve));
  // A character device (like /dev/null, 1:3) needs privileges; included when they are there.
  const device = spawnSync('mknod', [join(input, 'P', 'null.dcm'), 'c', '1', '3']).status === 0;
  try {
    const listing = await listAll(input);
    assert.deepEqual(problemsOf(listing), [
      'toplevel-pipe special-file skipped', ...(device ? ['P/null.dcm special-file skipped'] : []), 'P/pipe.dcm special-file skipped', 'P/sock special-file skipped',
    ]);
    if (device) assert.match(listing.problems.find((p) => p.ref === 'P/null.dcm')!.message, /device/);
    await assertOkThrough(listing);
  } finally {
    server.close();
  }
});

test('large deflated entries spill to the spill folder and are removed on close', async () => {
  const big = new Uint8Array(300_000).map((_, i) => i % 251);
  const spillDir = join(tempDir(), 'spill');
  const input = inputWith({ 'Z.zip': await zipOf({ 'big.dcm': big, 'small.dcm': 'small' }) });
  const listing = await listAll(input, { spillDir, limits: { inflateInMemoryBytes: 100_000 } });
  const entry = listing.entries.find((e) => e.ref === 'Z.zip!big.dcm')!;
  const handle = await entry.open();
  assert.deepEqual(handle.source.read(0, handle.source.size), big);
  assert.deepEqual(handle.source.read(299_990, 100), big.subarray(299_990));
  await handle.close();
  assert.deepEqual(fingerprint(spillDir), { [spillDir]: fingerprint(spillDir)[spillDir]! });
  const noSpill = await listAll(input, { limits: { inflateInMemoryBytes: 100_000 } });
  await assert.rejects(noSpill.entries.find((e) => e.ref === 'Z.zip!big.dcm')!.open(), { code: 'too-large' });
  const tiny = await listAll(input, { spillDir, limits: { inflateInMemoryBytes: 100_000, spillBytes: 1000 } });
  await assert.rejects(tiny.entries.find((e) => e.ref === 'Z.zip!big.dcm')!.open(), { code: 'too-large' });
  assert.equal(await readEntry(tiny.entries.find((e) => e.ref === 'Z.zip!small.dcm')!), 'small');
});

test('unreadable files and folders are reported when the run lacks permission', async (t) => {
  const input = inputWith({ 'P/secret.dcm': 'no', 'Locked/x.dcm': 'no' });
  chmodSync(join(input, 'P', 'secret.dcm'), 0o000);
  chmodSync(join(input, 'Locked'), 0o000);
  chmodSync(join(input, '..'), 0o755);
  if (process.getuid?.() !== 0) {
    const listing = await listAll(input);
    assert.deepEqual(problemsOf(listing), ['Locked/ unreadable skipped', 'P/secret.dcm unreadable skipped']);
    return assertOkThrough(listing);
  }
  // root reads everything: list as an unprivileged user in a child process instead.
  const script = `import { listAll } from ${JSON.stringify(join(import.meta.dirname, 'testing', 'tree.ts'))};
    const l = await listAll(process.argv[1]);
    console.log(JSON.stringify({ p: l.problems.map((p) => p.ref + ' ' + p.code), e: l.entries.map((e) => e.ref) }));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, input], { uid: 65534, gid: 65534, encoding: 'utf8', cwd: import.meta.dirname });
  if (child.status !== 0) return t.skip(`cannot run as an unprivileged user here: ${child.stderr.slice(0, 200)}`);
  assert.deepEqual(JSON.parse(child.stdout), { p: ['Locked/ unreadable', 'P/secret.dcm unreadable'], e: ['P/ok.dcm'] });
});

test('mkdir of an empty source folder gives no entries and no problems', async () => {
  const input = inputWith({});
  mkdirSync(join(input, 'Empty'));
  const listing = await listAll(input);
  assert.deepEqual(listing.sources, ['folder:Empty', 'folder:P']);
  assert.deepEqual(listing.problems, []);
});
