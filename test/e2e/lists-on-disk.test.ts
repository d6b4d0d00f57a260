/**
 * A run of millions of files keeps its scanned records, its plan, its files to do and its report
 * lines on disk, sorted in runs and merged as they are read. `DICOMVEIL_TEST_HELD_LINES=2` makes
 * a run of a few dozen files go through those same paths: its output must be byte for byte the
 * output of a run that held everything, whether it ran at once, was killed and resumed, was
 * extended, or ran as shards.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateDataset, LAYOUT } from '../../src/node/example/generate.ts';
import { outputBytes, tempDir } from './support.ts';
import { writeTiny } from './tiny-dataset.ts';

const BIN = resolve(import.meta.dirname, '../../bin/dicomveil.mjs');
const ON_DISK = { DICOMVEIL_TEST_HELD_LINES: '2' };

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

/** files.csv's rows, in order, with the output folder (which differs between the runs compared) named alike. */
function filesCsv(privateDir: string, output: string): string {
  return readFileSync(join(privateDir, 'files.csv'), 'utf8').split(output).join('<output>');
}

function fileOutcomes(output: string): unknown {
  return JSON.parse(readFileSync(join(output, 'report.json'), 'utf8')).fileOutcomes;
}

describe('a run whose lists are on disk', () => {
  const dir = tempDir('on-disk');
  after(() => dir.remove());
  const input = join(dir.path, LAYOUT.input);
  const demographics = join(dir.path, LAYOUT.demographics);
  const reference = join(dir.path, 'reference');
  const referencePrivate = join(dir.path, 'reference-private');

  /** A private dir with the reference's key and patients and no journal: the same ids, nothing done. */
  function freshPrivate(name: string): string {
    const priv = join(dir.path, name);
    cpSync(referencePrivate, priv, { recursive: true });
    for (const file of ['journal', 'state.json', 'files.csv']) rmSync(join(priv, file), { force: true });
    return priv;
  }

  before(async () => {
    // Folders and zips, several sessions, a demographics sheet: every list of a run has lines.
    await generateDataset(dir.path, { seed: 11, patients: 5, filesPerSession: 3, sessions: [1, 2], pixels: { ct: 16, mr: 16 }, zippedFraction: 0.4 });
    const run = cli(['anonymize', input, '--output', reference, '--private-dir', referencePrivate, '--demographics', demographics, '--jobs', '1']);
    assert.equal(run.status, 0, run.stderr);
  });

  it('writes the same output, report lines and files.csv as a run that held everything', () => {
    const output = join(dir.path, 'at-once');
    const priv = freshPrivate('at-once-private');
    const run = cli(['anonymize', input, '--output', output, '--private-dir', priv, '--demographics', demographics, '--jobs', '2'], ON_DISK);
    assert.equal(run.status, 0, run.stderr);
    assert.ok(outputBytes(reference).size > 20, `${outputBytes(reference).size} files`);
    assert.deepEqual(outputBytes(output), outputBytes(reference));
    assert.deepEqual(fileOutcomes(output), fileOutcomes(reference));
    assert.equal(filesCsv(priv, output), filesCsv(referencePrivate, reference));
  });

  it('killed mid-run and run again, ends as the same run holding everything ends', () => {
    const [held, onDisk] = ([{}, ON_DISK] as const).map((env, i) => {
      const output = join(dir.path, `resumed-${i}`);
      const priv = freshPrivate(`resumed-${i}-private`);
      const args = ['anonymize', input, '--output', output, '--private-dir', priv, '--demographics', demographics, '--jobs', '1'];
      const killed = cli(args, { ...env, DICOMVEIL_TEST_KILL_AT: 'after-journal:9' });
      assert.equal(killed.signal, 'SIGKILL', `${killed.status} ${killed.stderr}`);
      const again = cli([...args, '--json'], env);
      assert.equal(again.status, 0, again.stderr);
      const summary = JSON.parse(again.stdout) as { files: { unchanged: number } };
      assert.equal(summary.files.unchanged, 9, 'the files done before the kill are not written again');
      return { output, priv };
    });
    assert.deepEqual(outputBytes(onDisk!.output), outputBytes(reference));
    assert.deepEqual(fileOutcomes(onDisk!.output), fileOutcomes(held!.output));
    assert.equal(filesCsv(onDisk!.priv, onDisk!.output), filesCsv(held!.priv, held!.output));
  });

  it('an extension with a new patient gives what the same extension gives holding everything', () => {
    // The newcomer's name is in none of the earlier files; their files go beside the others.
    const newcomer = join(dir.path, 'newcomer');
    writeTiny(newcomer, [
      { path: 'QUIGLEY_NORA/s1/1.dcm', name: 'QUIGLEY^NORA', patientId: 'QNO5005' },
      { path: 'QUIGLEY_NORA/s1/2.dcm', name: 'QUIGLEY^NORA', patientId: 'QNO5005' },
    ]);
    const [held, onDisk] = ([{}, ON_DISK] as const).map((env, i) => {
      const own = join(dir.path, `extended-${i}-in`);
      const output = join(dir.path, `extended-${i}`);
      const priv = freshPrivate(`extended-${i}-private`);
      cpSync(input, own, { recursive: true });
      const args = ['anonymize', own, '--output', output, '--private-dir', priv, '--demographics', demographics, '--jobs', '1', '--json'];
      assert.equal(cli(args, env).status, 0);
      cpSync(newcomer, own, { recursive: true });
      const run = cli(args, env);
      assert.equal(run.status, 0, run.stderr);
      assert.equal((JSON.parse(run.stdout) as { files: { anonymized: number } }).files.anonymized, 2);
      return { own, output, priv };
    });
    assert.deepEqual(outputBytes(onDisk!.output), outputBytes(held!.output));
    assert.deepEqual(fileOutcomes(onDisk!.output), fileOutcomes(held!.output));
    const rows = (run: typeof held) => filesCsv(run!.priv, run!.output).split(run!.own).join('<input>');
    assert.equal(rows(onDisk), rows(held));
  });

  it('planned, written in two shards and merged, gives the same output', () => {
    const output = join(dir.path, 'sharded');
    const priv = freshPrivate('sharded-private');
    const plan = cli(['plan', input, '--output', output, '--private-dir', priv, '--demographics', demographics, '--jobs', '1'], ON_DISK);
    assert.equal(plan.status, 0, plan.stderr);
    const planPath = join(priv, 'plan.json');
    for (const k of [1, 2]) {
      const shard = cli(['anonymize', input, '--output', output, '--plan', planPath, '--shard', `${k}/2`, '--jobs', '1'], ON_DISK);
      assert.equal(shard.status, 0, shard.stderr);
    }
    const merge = cli(['merge', '--output', output, '--private-dir', priv], ON_DISK);
    assert.equal(merge.status, 0, merge.stderr);
    assert.ok(existsSync(join(output, 'report.json')));
    assert.deepEqual(outputBytes(output), outputBytes(reference));
    assert.deepEqual(fileOutcomes(output), fileOutcomes(reference));
  });
});
