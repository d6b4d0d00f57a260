/**
 * Past one machine: scan ×3, plan, anonymize ×3 and merge, each a separate process through the
 * command line, shards in a shuffled order and one killed mid-way and run again, give the very
 * output tree and private CSVs a single run gives with the same key.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { generateDataset } from '../../src/node/example/generate.ts';
import { listFiles, tempDir } from './support.ts';

const BIN = resolve(import.meta.dirname, '../../bin/dicomveil.mjs');

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

/** report.json without what two runs never share: the private dir's random dataset id and the clock. */
function reportOf(output: string): Record<string, unknown> {
  const { dataset, finishedAt, ...rest } = JSON.parse(readFileSync(join(output, 'report.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(typeof dataset, 'string');
  assert.equal(typeof finishedAt, 'string');
  return rest;
}

describe('shards on several machines', () => {
  const work = tempDir('cluster');
  after(() => work.remove());

  it('give byte for byte the output and private CSVs of a single run, a killed shard run again included', async () => {
    await generateDataset(work.path, { seed: 11, patients: 7 });
    const input = join(work.path, 'input');
    const demographics = join(work.path, 'demographics.csv');
    // Both runs write to the same path in turn: files.csv names the output folder.
    const output = join(work.path, 'out');
    const privateDir = `${output}-private`;
    const single = cli(['anonymize', input, '--output', output, '--demographics', demographics, '--jobs', '2']);
    assert.equal(single.status, 0, single.stderr);
    const singleOut = join(work.path, 'single');
    renameSync(output, singleOut);
    renameSync(privateDir, `${singleOut}-private`);
    mkdirSync(privateDir, { mode: 0o700 });
    copyFileSync(join(`${singleOut}-private`, 'key'), join(privateDir, 'key'));

    for (const k of [2, 3, 1]) {
      const scan = cli(['scan', input, '--output', output, '--shard', `${k}/3`]);
      assert.equal(scan.status, 0, scan.stderr);
    }
    const plan = cli(['plan', input, '--output', output, '--demographics', demographics, '--jobs', '2']);
    assert.equal(plan.status, 0, plan.stderr);
    const planPath = join(privateDir, 'plan.json');
    const shard = (k: number, env: Record<string, string> = {}) => cli(['anonymize', input, '--output', output, '--plan', planPath, '--shard', `${k}/3`, '--jobs', '1'], env);

    const third = shard(3);
    assert.equal(third.status, 0, third.stderr);
    // Killed after its fourth file is journalled: outputs on disk, the shard not done.
    const killed = shard(1, { DICOMVEIL_TEST_KILL_AT: 'after-journal:4' });
    assert.equal(killed.signal, 'SIGKILL', killed.stderr);
    const second = shard(2);
    assert.equal(second.status, 0, second.stderr);

    const early = cli(['merge', '--output', output]);
    assert.equal(early.status, 2, early.stderr);
    assert.match(early.stderr, /shard\(s\) 1\/3 have not finished/);
    assert.equal(existsSync(join(output, 'report.json')), false);

    const rerun = shard(1);
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stderr, /shard 1-of-3: (\d+) file\(s\), (\d+) written now/);
    const [, files, written] = /shard 1-of-3: (\d+) file\(s\), (\d+) written now/.exec(rerun.stderr)!;
    assert.equal(Number(written), Number(files) - 4, 'the rerun resumes after the files the killed one finished');

    const merge = cli(['merge', '--output', output, '--json']);
    assert.equal(merge.status, 0, merge.stderr);
    assert.equal((JSON.parse(merge.stdout) as { status: string }).status, 'complete');

    const outFiles = listFiles(output);
    assert.deepEqual(outFiles, listFiles(singleOut));
    assert.ok(outFiles.filter((file) => file.startsWith('subj_')).length > 20);
    for (const file of outFiles) {
      // The reports hold each private dir's dataset id and clock; report.html is report.json drawn
      // (verify checks that), report.json is compared below without those two.
      if (file === 'report.json' || file === 'report.html') continue;
      assert.ok(readFileSync(join(output, file)).equals(readFileSync(join(singleOut, file))), `${file} differs`);
    }
    assert.deepEqual(reportOf(output), reportOf(singleOut));
    const privateFiles = listFiles(`${singleOut}-private`).filter((file) => file.endsWith('.csv') || file === 'patients.json');
    assert.ok(privateFiles.includes('mapping.csv') && privateFiles.includes('files.csv'));
    for (const file of privateFiles) {
      assert.ok(readFileSync(join(privateDir, file)).equals(readFileSync(join(`${singleOut}-private`, file))), `${file} differs`);
    }
    // The shard set is spent: its journals joined the private dir's, which knows every file written.
    assert.equal(existsSync(join(privateDir, 'shards')), false);
    assert.equal(existsSync(join(privateDir, 'scans')), false);
    const journalled = new Set(
      readFileSync(join(privateDir, 'journal'), 'utf8')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => (JSON.parse(line) as { ref: string }).ref),
    );
    assert.equal(journalled.size, outFiles.filter((file) => file.startsWith('subj_')).length);
    // What verify reads is whole: the merged output checks clean against its private dir.
    const verify = cli(['verify', output]);
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  });
});
