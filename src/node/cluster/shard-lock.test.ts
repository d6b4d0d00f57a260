/**
 * One process per shard: a second process of a shard that still runs (a Slurm requeue, a second pod
 * for one index) is refused before it clears anything; a lock its holder left behind when it died
 * does not block the rerun.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCaptured, tempDir } from '../../../test/e2e/support.ts';
import { writeTiny } from '../../../test/e2e/tiny-dataset.ts';
import { clusterPaths } from './cluster-paths.ts';
import { STALE_MS } from './shard-lock.ts';

const BIN = resolve(import.meta.dirname, '../../../bin/dicomveil.mjs');

describe('a shard run twice at once', () => {
  const dir = tempDir('shard-lock');
  after(() => dir.remove());
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const privateDir = `${output}-private`;
  const spec = { index: 1, count: 2 };
  const lock = clusterPaths(privateDir).lock(spec);
  const tempFolder = join(output, '.dicomveil-tmp', 'shard-1-of-2');
  // Another process, so the lock's pid is not its own.
  const shard = () => spawnSync(process.execPath, [BIN, 'anonymize', input, '--output', output, '--plan', join(privateDir, 'plan.json'), '--shard', '1/2', '--jobs', '1'], { encoding: 'utf8' });
  const holdLock = (pid: number, host: string, ageMs = 0) => {
    mkdirSync(clusterPaths(privateDir).shards, { recursive: true });
    writeFileSync(lock, `${pid} ${host}\n`);
    const at = new Date(Date.now() - ageMs);
    utimesSync(lock, at, at);
  };

  before(async () => {
    writeTiny(
      input,
      Array.from({ length: 8 }, (_, i) => ({ path: `${i % 2 ? 'LINDQVIST_ALICE' : 'TANAKA_YUKI'}/${i}.dcm`, name: i % 2 ? 'LINDQVIST^ALICE' : 'TANAKA^YUKI', patientId: `PID${i % 2}` })),
    );
    const plan = await runCaptured(['plan', input, '--output', output, '--jobs', '1']);
    assert.equal(plan.code, 0, plan.stderr);
  });

  it('refuses the second process while the first runs (exit 2), its temp folder untouched', () => {
    // This test's own process stands for the first shard process: alive, on this machine.
    holdLock(process.pid, hostname());
    mkdirSync(tempFolder, { recursive: true });
    writeFileSync(join(tempFolder, 'in-flight'), 'the first process writes here');
    const second = shard();
    assert.equal(second.status, 2, second.stderr);
    assert.match(second.stderr, new RegExp(`shard 1-of-2 is already running \\(process ${process.pid} on this machine`));
    assert.ok(existsSync(join(tempFolder, 'in-flight')), 'the first process keeps its temp folder');
    assert.equal(existsSync(clusterPaths(privateDir).done(spec)), false);
  });

  it('refuses while a lock from another machine is fresh, and takes it over once stale', () => {
    holdLock(4242, 'node-17.cluster');
    const fresh = shard();
    assert.equal(fresh.status, 2, fresh.stderr);
    assert.match(fresh.stderr, /shard 1-of-2 is already running \(process 4242 on node-17\.cluster/);
    holdLock(4242, 'node-17.cluster', STALE_MS + 60_000);
    const stale = shard();
    assert.equal(stale.status, 0, stale.stderr);
    assert.ok(existsSync(clusterPaths(privateDir).done(spec)));
    assert.equal(existsSync(lock), false, 'released when the shard is through');
  });

  it('runs again over the lock of a process killed on this machine', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.kill(process.pid, "SIGKILL")']);
    assert.equal(dead.signal, 'SIGKILL');
    holdLock(dead.pid!, hostname());
    const rerun = shard();
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.equal(existsSync(lock), false);
  });

  it('refuses a second process of a scan shard too, and scans once its holder is gone', () => {
    const scan = () => spawnSync(process.execPath, [BIN, 'scan', input, '--output', output, '--shard', '2/2', '--jobs', '1'], { encoding: 'utf8' });
    const scanLock = clusterPaths(privateDir).scanLock({ index: 2, count: 2 });
    mkdirSync(clusterPaths(privateDir).scans, { recursive: true });
    writeFileSync(scanLock, `${process.pid} ${hostname()}\n`);
    const second = scan();
    assert.equal(second.status, 2, second.stderr);
    assert.match(second.stderr, /scan shard 2-of-2 is already running/);
    assert.equal(existsSync(clusterPaths(privateDir).scan({ index: 2, count: 2 })), false);
    writeFileSync(scanLock, `2147483646 ${hostname()}\n`); // no such process
    const rerun = scan();
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.ok(existsSync(clusterPaths(privateDir).scan({ index: 2, count: 2 })));
    assert.equal(existsSync(scanLock), false);
  });
});
