/**
 * Runs over time: extending an output with a later patient, resuming after a crash at any step
 * (test-only kill points, and a real SIGKILL), refusing what would damage an earlier output.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { runAnonymization, verifyOutput } from '../../src/node/run/index.ts';
import { independentScan } from './independent-scan.ts';
import { listFiles, optionsFor, outputBytes, snapshotTree, tempDir } from './support.ts';
import { writeTiny } from './tiny-dataset.ts';

const BIN = resolve(import.meta.dirname, '../../bin/dicomveil.mjs');
const alice = { family: 'Lindqvist', given: ['Alice'], patientIds: ['LQA1001'] };
const bruno = { family: 'Marchetti', given: ['Bruno'], patientIds: ['MBR2002'] };


function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('extending an output', () => {
  const dir = tempDir('extend');
  after(() => dir.remove());

  it("re-checks earlier outputs when a new patient's name becomes known, and rewrites them", async () => {
    const input = join(dir.path, 'in');
    const output = join(dir.path, 'out');
    writeTiny(input, [
      { path: 'LINDQVIST_ALICE/s1/1.dcm', name: 'LINDQVIST^ALICE', patientId: 'LQA1001', comments: 'seen with Marchetti Bruno in the waiting room' },
      { path: 'LINDQVIST_ALICE/s1/2.dcm', name: 'LINDQVIST^ALICE', patientId: 'LQA1001' },
    ]);
    const first = await runAnonymization(optionsFor({ input, output }));
    assert.equal(first.exitCode, 0);
    assert.equal(first.patients, 1);
    // Bruno is not known yet: his name is still in Alice's comments (that is what extension fixes).
    assert.equal(independentScan(output, [bruno], { dcmdump: false }).length > 0, true);
    const aliceId = listFiles(output).find((f) => f.includes('/'))!.split('/')[0]!;

    writeTiny(input, [{ path: 'MARCHETTI_BRUNO/s1/1.dcm', name: 'MARCHETTI^BRUNO', patientId: 'MBR2002' }]);
    const second = await runAnonymization(optionsFor({ input, output }));
    assert.equal(second.exitCode, 0, JSON.stringify(second));
    assert.equal(second.patients, 2);
    assert.equal(second.files.anonymized, 2, 'Bruno\'s file and Alice\'s rewritten comment');
    assert.equal(second.files.unchanged, 1, 'Alice\'s file without the other name stays as it was');
    assert.ok(listFiles(output).some((f) => f.startsWith(`${aliceId}/`)), 'Alice keeps her id');
    assert.deepEqual(independentScan(output, [alice, bruno]), []);
    assert.deepEqual((await verifyOutput(output, `${output}-private`)).findings, []);

    const third = await runAnonymization(optionsFor({ input, output }));
    assert.deepEqual(third.files, { anonymized: 0, unchanged: 3, ignored: 0, skipped: 0, quarantined: 0 });
  });

  it('removes the old copy of a file whose name held a patient learnt later', async () => {
    const input = join(dir.path, 'in-moved');
    const output = join(dir.path, 'out-moved');
    writeTiny(input, [{ path: 'LINDQVIST_ALICE/s1/marchetti-letter.dcm', name: 'LINDQVIST^ALICE', patientId: 'LQA1001' }]);
    assert.equal((await runAnonymization(optionsFor({ input, output }))).exitCode, 0);
    assert.ok(listFiles(output).some((f) => f.endsWith('/marchetti-letter.dcm')));
    writeTiny(input, [{ path: 'MARCHETTI_BRUNO/s1/1.dcm', name: 'MARCHETTI^BRUNO', patientId: 'MBR2002' }]);
    assert.equal((await runAnonymization(optionsFor({ input, output }))).exitCode, 0);
    assert.deepEqual(independentScan(output, [alice, bruno], { dcmdump: false }), []);
    assert.equal(listFiles(output).filter((f) => f.endsWith('.dcm')).length, 2);
  });

  it('removes the folder an old copy leaves empty when its name held a patient learnt later', async () => {
    const input = join(dir.path, 'in-moved-folder');
    const output = join(dir.path, 'out-moved-folder');
    writeTiny(input, [{ path: 'LINDQVIST_ALICE/Marchetti_prior/a.dcm', name: 'LINDQVIST^ALICE', patientId: 'LQA1001' }]);
    assert.equal((await runAnonymization(optionsFor({ input, output }))).exitCode, 0);
    writeTiny(input, [{ path: 'MARCHETTI_BRUNO/s1/1.dcm', name: 'MARCHETTI^BRUNO', patientId: 'MBR2002' }]);
    assert.equal((await runAnonymization(optionsFor({ input, output }))).exitCode, 0);
    const folders = readdirSync(output, { recursive: true, withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    assert.deepEqual(folders.filter((name) => /marchetti/i.test(name)), []);
    assert.deepEqual((await verifyOutput(output, `${output}-private`)).findings, []);
  });

  it('quarantines an earlier output that names a patient learnt later when its input is not given again', async () => {
    const first = join(dir.path, 'in-first');
    const later = join(dir.path, 'in-later');
    const output = join(dir.path, 'out-orphan');
    writeTiny(first, [{ path: 'LINDQVIST_ALICE/1.dcm', name: 'LINDQVIST^ALICE', patientId: 'LQA1001', comments: 'sister of Marchetti Bruno' }]);
    writeTiny(later, [{ path: 'MARCHETTI_BRUNO/1.dcm', name: 'MARCHETTI^BRUNO', patientId: 'MBR2002' }]);
    assert.equal((await runAnonymization(optionsFor({ input: first, output }))).exitCode, 0);
    const second = await runAnonymization(optionsFor({ input: later, output }));
    assert.equal(second.exitCode, 1);
    assert.equal(second.files.quarantined, 1);
    assert.match(second.residue?.element ?? '', /earlier output/);
    assert.deepEqual(independentScan(output, [alice, bruno], { dcmdump: false }), []);
  });

  it('refuses changed id options, a foreign output and an output inside the input, writing nothing', async () => {
    const input = join(dir.path, 'in');
    const output = join(dir.path, 'out');
    const before = snapshotTree(output);
    const changed = await runAnonymization(optionsFor({ input, output, idPrefix: 'p_' }));
    assert.equal(changed.exitCode, 2);
    assert.match(changed.error ?? '', /--id-prefix/);
    const foreign = await runAnonymization(optionsFor({ input, output, privateDir: join(dir.path, 'other-private') }));
    assert.equal(foreign.exitCode, 2);
    assert.equal(existsSync(join(dir.path, 'other-private')), false);
    const inside = await runAnonymization(optionsFor({ input, output: join(input, 'out') }));
    assert.equal(inside.exitCode, 2);
    assert.deepEqual(snapshotTree(output), before);
  });

  it('refuses to run while another live run holds the private dir, and takes over a dead run\'s lock', async () => {
    const input = join(dir.path, 'in');
    const output = join(dir.path, 'out');
    const lock = join(`${output}-private`, 'lock');
    writeFileSync(lock, `${process.ppid}\n`);
    const busy = await runAnonymization(optionsFor({ input, output }));
    assert.equal(busy.exitCode, 2);
    assert.match(busy.error ?? '', /another dicomveil run/);
    writeFileSync(lock, '999999999\n');
    assert.equal((await runAnonymization(optionsFor({ input, output }))).exitCode, 0);
    assert.equal(existsSync(lock), false);
  });
});

describe('resuming a run that was killed', () => {
  const dir = tempDir('resume');
  after(() => dir.remove());
  const input = join(dir.path, 'in');
  const files = Array.from({ length: 12 }, (_, i) => ({
    path: `${i % 2 ? 'LINDQVIST_ALICE' : 'MARCHETTI_BRUNO'}/s1/${i}.dcm`,
    name: i % 2 ? 'LINDQVIST^ALICE' : 'MARCHETTI^BRUNO',
    patientId: i % 2 ? 'LQA1001' : 'MBR2002',
    comments: i % 3 ? 'both Lindqvist and Marchetti' : 'none',
  }));
  writeTiny(input, files);
  const reference = join(dir.path, 'reference');
  const referencePrivate = join(dir.path, 'shared-private');

  it('an uninterrupted run gives the reference output', () => {
    const run = cli(['anonymize', input, '--output', reference, '--private-dir', referencePrivate, '--jobs', '1']);
    assert.equal(run.status, 0, run.stderr);
  });

  for (const point of ['after-scan', 'after-temp:3', 'after-rename:5', 'after-journal:7', 'before-report']) {
    it(`killed at ${point}, then run again, ends with the same files and a complete report`, () => {
      const output = join(dir.path, `out-${point.replace(':', '-')}`);
      // The same private dir (same key) as the reference, copied, so ids are comparable.
      const priv = `${output}-private`;
      rmSync(priv, { recursive: true, force: true });
      spawnSync('cp', ['-r', referencePrivate, priv]);
      rmSync(join(priv, 'journal'), { force: true });
      rmSync(join(priv, 'state.json'), { force: true });
      const killed = cli(['anonymize', input, '--output', output, '--private-dir', priv, '--jobs', '1'], { DICOMVEIL_TEST_KILL_AT: point });
      assert.equal(killed.signal, 'SIGKILL', `${killed.status} ${killed.stderr}`);
      const report = join(output, 'report.json');
      assert.ok(!existsSync(report) || JSON.parse(readFileSync(report, 'utf8')).status !== 'complete');
      const again = cli(['anonymize', input, '--output', output, '--private-dir', priv, '--jobs', '1', '--json']);
      assert.equal(again.status, 0, again.stderr);
      assert.equal(JSON.parse(again.stdout).status, 'complete');
      assert.deepEqual(outputBytes(output), outputBytes(reference));
      assert.equal(existsSync(join(output, '.dicomveil-tmp')), false);
    });
  }

  it('killed by a real SIGKILL mid-run, then run again, ends with the same files', async () => {
    const output = join(dir.path, 'out-sigkill');
    const priv = `${output}-private`;
    spawnSync('cp', ['-r', referencePrivate, priv]);
    rmSync(join(priv, 'journal'), { force: true });
    rmSync(join(priv, 'state.json'), { force: true });
    const child = spawn(process.execPath, [BIN, 'anonymize', input, '--output', output, '--private-dir', priv, '--jobs', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    // Kill as soon as the first file is being written.
    await new Promise<void>((done) => {
      child.stderr.on('data', (chunk: Buffer) => {
        if (/Anonymizing/.test(chunk.toString())) child.kill('SIGKILL');
      });
      child.on('exit', () => done());
    });
    const again = cli(['anonymize', input, '--output', output, '--private-dir', priv, '--jobs', '1']);
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(outputBytes(output), outputBytes(reference));
  });

  it('an extension run killed before its report leaves no earlier complete report', () => {
    const output = join(dir.path, 'out-extension');
    assert.equal(cli(['anonymize', input, '--output', output]).status, 0);
    writeTiny(input, [{ path: 'NEWCOMER_CARLA/s1/1.dcm', name: 'NEWCOMER^CARLA', patientId: 'NCA3003' }]);
    const killed = cli(['anonymize', input, '--output', output], { DICOMVEIL_TEST_KILL_AT: 'before-report' });
    assert.equal(killed.signal, 'SIGKILL');
    assert.equal(existsSync(join(output, 'report.json')), false);
    assert.equal(existsSync(join(output, 'report.html')), false);
    const again = cli(['anonymize', input, '--output', output, '--json']);
    assert.equal(JSON.parse(again.stdout).patients, 3);
  });
});

describe('stopping a run', () => {
  const dir = tempDir('stop');
  after(() => dir.remove());

  it('stops after the file in flight when its signal is aborted, and the next run completes it', async () => {
    const input = join(dir.path, 'in');
    const output = join(dir.path, 'out');
    writeTiny(input, Array.from({ length: 6 }, (_, i) => ({ path: `LINDQVIST_ALICE/${i}.dcm`, name: 'LINDQVIST^ALICE', patientId: 'LQA1001' })));
    const controller = new AbortController();
    const stopped = await runAnonymization(optionsFor({ input, output, jobs: 1 }), {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'write' && p.done === 2) controller.abort();
      },
    });
    assert.equal(stopped.status, 'stopped');
    assert.equal(stopped.files.anonymized, 2);
    // files.csv lists every input file either way: those the stopped run did not reach as pending.
    const outcomes = () => readFileSync(join(`${output}-private`, 'files.csv'), 'utf8').split('\r\n').slice(1, -1).map((line) => line.split(';')[1]).sort();
    assert.deepEqual(outcomes(), ['anonymized', 'anonymized', 'pending', 'pending', 'pending', 'pending']);
    const resumed = await runAnonymization(optionsFor({ input, output, jobs: 1 }));
    assert.equal(resumed.status, 'complete');
    assert.deepEqual(resumed.files, { anonymized: 4, unchanged: 2, ignored: 0, skipped: 0, quarantined: 0 });
    assert.deepEqual(outcomes(), ['anonymized', 'anonymized', 'anonymized', 'anonymized', 'unchanged', 'unchanged']);
    assert.equal(existsSync(join(output, '.dicomveil-tmp')), false);
  });

  it('stopped while reading headers, writes nothing', async () => {
    const input = join(dir.path, 'in');
    const output = join(dir.path, 'out-early');
    const controller = new AbortController();
    controller.abort();
    const stopped = await runAnonymization(optionsFor({ input, output }), { signal: controller.signal });
    assert.equal(stopped.status, 'stopped');
    assert.equal(existsSync(output), false);
  });
});

describe('worker threads', () => {
  const dir = tempDir('threads');
  after(() => dir.remove());

  it('give the same output bytes as one thread', async () => {
    const input = join(dir.path, 'in');
    writeTiny(input, Array.from({ length: 110 }, (_, i) => ({
      path: `${i % 2 ? 'LINDQVIST_ALICE' : 'MARCHETTI_BRUNO'}/s${i % 3}/${i}.dcm`,
      name: i % 2 ? 'LINDQVIST^ALICE' : 'MARCHETTI^BRUNO',
      patientId: i % 2 ? 'LQA1001' : 'MBR2002',
      comments: i % 5 ? 'with Lindqvist' : 'none',
    })));
    const one = join(dir.path, 'one');
    const two = join(dir.path, 'two');
    const single = await runAnonymization(optionsFor({ input, output: one, jobs: 1 }));
    assert.equal(single.exitCode, 0);
    spawnSync('cp', ['-r', `${one}-private`, `${two}-private`]);
    rmSync(join(`${two}-private`, 'journal'));
    rmSync(join(`${two}-private`, 'state.json'));
    const threaded = await runAnonymization(optionsFor({ input, output: two, jobs: 3 }));
    assert.equal(threaded.exitCode, 0, JSON.stringify(threaded));
    assert.equal(threaded.files.anonymized, 110);
    assert.deepEqual(outputBytes(two), outputBytes(one));
    assert.deepEqual(independentScan(two, [alice, bruno], { dcmdump: false }), []);
  });
});
