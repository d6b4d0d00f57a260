import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { KEY_BYTES, loadOrCreateKey } from './key.ts';

const root = mkdtempSync(join(tmpdir(), 'dicomveil-key-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(root, `private-${n++}`);

describe('the private key', () => {
  test('is created on first use: 32 random bytes, mode 0600, in a folder made for it', async () => {
    const dir = fresh();
    const key = await loadOrCreateKey(dir);
    assert.equal(key.length, KEY_BYTES);
    assert.equal(statSync(join(dir, 'key')).mode & 0o777, 0o600);
    assert.match(readFileSync(join(dir, 'key'), 'utf8'), /^[0-9a-f]{64}\n$/);
    assert.notDeepEqual(key, await loadOrCreateKey(fresh()), 'two private dirs get two keys');
  });

  test('is reused by later runs', async () => {
    const dir = fresh();
    const first = await loadOrCreateKey(dir);
    assert.deepEqual(await loadOrCreateKey(dir), first);
  });

  test('concurrent first runs agree on one key, even across processes', async () => {
    const dir = fresh();
    const inProcess = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKey(dir)));
    for (const key of inProcess) assert.deepEqual(key, inProcess[0]);
    const dir2 = fresh();
    const script = `import { loadOrCreateKey } from ${JSON.stringify(join(import.meta.dirname, 'key.ts'))};
      const key = await loadOrCreateKey(process.argv[1]); console.log(Buffer.from(key).toString('hex'));`;
    const runs = await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<string>((resolve) => {
            const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir2], { encoding: 'utf8' });
            resolve(result.stdout.trim());
          }),
      ),
    );
    assert.equal(new Set(runs).size, 1);
    assert.equal(runs[0], readFileSync(join(dir2, 'key'), 'utf8').trim());
  });

  test('a malformed key is refused, never replaced', async () => {
    const dir = fresh();
    await loadOrCreateKey(dir);
    writeFileSync(join(dir, 'key'), 'not a key\n');
    await assert.rejects(loadOrCreateKey(dir), (error: Error & { code?: string }) => error.code === 'E_KEY_MALFORMED' && error.message.includes(join(dir, 'key')));
    assert.equal(readFileSync(join(dir, 'key'), 'utf8'), 'not a key\n');
  });

  test('a huge file in place of the key is refused without reading it whole', async () => {
    const dir = fresh();
    await loadOrCreateKey(dir);
    writeFileSync(join(dir, 'key'), new Uint8Array(1 << 20));
    await assert.rejects(loadOrCreateKey(dir), (error: Error & { code?: string }) => error.code === 'E_KEY_MALFORMED' && /1048576 bytes/.test(error.message));
  });

  test('a key stored as 32 raw bytes is read as is', async () => {
    const dir = fresh();
    await loadOrCreateKey(dir);
    const raw = new Uint8Array(32).map((_, i) => i * 7);
    writeFileSync(join(dir, 'key'), raw);
    assert.deepEqual(await loadOrCreateKey(dir), raw);
  });

  test('an unreadable key is a clear error', { skip: process.getuid?.() === 0 ? 'root reads any file' : false }, async () => {
    const dir = fresh();
    await loadOrCreateKey(dir);
    chmodSync(join(dir, 'key'), 0o000);
    await assert.rejects(loadOrCreateKey(dir), (error: Error & { code?: string }) => error.code === 'E_KEY_UNREADABLE');
  });

  test('a private dir under a file is a clear error naming the key', async () => {
    const file = join(root, `plain-file-${n++}`);
    writeFileSync(file, 'not a folder');
    await assert.rejects(loadOrCreateKey(join(file, 'private')), (error: Error & { code?: string }) => error.code === 'E_KEY_UNREADABLE' && /ENOTDIR/.test(error.message) && error.message.includes(file));
  });

  test('a key path that is a folder is unreadable, not replaced', async () => {
    const dir = fresh();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'key'), { recursive: true });
    await assert.rejects(loadOrCreateKey(dir), (error: Error & { code?: string }) => error.code === 'E_KEY_UNREADABLE' && /not a file/.test(error.message));
  });
});
