/**
 * The documented Slurm script on a real single-node Slurm (scripts/cluster/start-slurm.sh starts
 * munge and Slurm on localhost): four jobs, scan and anonymize as `--array=1-3`, and the merged
 * output is a single run's byte for byte. Skips, saying why, when Slurm cannot start here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateDataset } from '../../src/node/example/generate.ts';
import { listFiles, tempDir } from './support.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/dicomveil.mjs');

function startSlurm(): string | undefined {
  const started = spawnSync('bash', [join(ROOT, 'scripts/cluster/start-slurm.sh')], { encoding: 'utf8' });
  if (started.error) return `bash: ${started.error.message}`;
  return started.status === 0 ? undefined : (started.stderr.trim() || `start-slurm.sh exited ${started.status}`);
}

/** True while any of the jobs is pending or running (squeue forgets finished jobs). */
function running(jobs: string[]): boolean {
  const queue = spawnSync('squeue', ['-h', '-o', '%i', '-j', jobs.join(',')], { encoding: 'utf8' });
  return queue.status === 0 && queue.stdout.trim().length > 0;
}

/**
 * Submits with `sbatch` a stand-in that runs each job's script at once as a node would, with
 * `--cpus-per-task=16`'s SLURM_CPUS_PER_TASK, and `dicomveil` a stand-in that keeps its arguments
 * one per line: what each step would run, without Slurm.
 */
function submitWithStandIns(dir: string, args: string[], env: Record<string, string> = {}): Record<string, string[]> {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'sbatch'), '#!/bin/bash\nfor script; do :; done\nSLURM_CPUS_PER_TASK=16 SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=2 bash "$script" || exit\necho 1\n');
  writeFileSync(join(dir, 'dicomveil'), `#!/bin/bash\nprintf '%s\\n' "$@" > "${dir}/$STEP.args"\n`);
  chmodSync(join(bin, 'sbatch'), 0o755);
  chmodSync(join(dir, 'dicomveil'), 0o755);
  const submitted = spawnSync('bash', [join(ROOT, 'scripts/cluster/dicomveil-slurm.sh'), '--', ...args], {
    encoding: 'utf8',
    cwd: dir,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, INPUT: '/shared/study', OUTPUT: join(dir, 'out'), SHARDS: '2', DICOMVEIL: join(dir, 'dicomveil'), ...env },
  });
  assert.equal(submitted.status, 0, submitted.stderr);
  const steps: Record<string, string[]> = {};
  for (const step of ['scan', 'plan', 'anonymize', 'merge']) steps[step] = readFileSync(join(dir, `${step}.args`), 'utf8').split('\n').slice(0, -1);
  return steps;
}

describe('the Slurm script', () => {
  const work = tempDir('slurm');
  after(() => work.remove());
  const why = startSlurm();

  it('runs each step with its own allocation\'s cores and passes the plan options word for word', () => {
    const sheet = "/shared/My People's.csv";
    const steps = submitWithStandIns(join(work.path, 'stand-ins'), ['--demographics', sheet, '--retain', 'dates']);
    for (const step of ['scan', 'plan', 'anonymize']) {
      const jobs = steps[step]!.indexOf('--jobs');
      assert.equal(steps[step]![jobs + 1], '16', `${step}: ${steps[step]!.join(' ')}`);
    }
    assert.deepEqual(steps.plan!.slice(-4), ['--demographics', sheet, '--retain', 'dates']);
    assert.equal(steps.merge!.includes('--demographics'), false);
    // JOBS given at submit is every step's.
    const given = submitWithStandIns(join(work.path, 'stand-ins-jobs'), [], { JOBS: '3' });
    assert.equal(given.anonymize![given.anonymize!.indexOf('--jobs') + 1], '3');
    assert.equal(given.plan!.at(-1), '3', 'no empty argument after the plan\'s own');
  });

  it('runs scan, plan, anonymize and merge as Slurm jobs and writes a single run\'s output', { skip: why === undefined ? false : `Slurm did not start: ${why}` }, async () => {
    await generateDataset(work.path, { seed: 21, patients: 4 });
    const input = join(work.path, 'input');
    const demographics = join(work.path, 'demographics.csv');
    const output = join(work.path, 'out');
    const single = spawnSync(process.execPath, [BIN, 'anonymize', input, '--output', output, '--demographics', demographics, '--jobs', '1'], { encoding: 'utf8' });
    assert.equal(single.status, 0, single.stderr);
    renameSync(output, join(work.path, 'single'));
    renameSync(`${output}-private`, join(work.path, 'single-private'));
    mkdirSync(`${output}-private`, { mode: 0o700 });
    copyFileSync(join(work.path, 'single-private', 'key'), join(`${output}-private`, 'key'));

    const submitted = spawnSync('bash', [join(ROOT, 'scripts/cluster/dicomveil-slurm.sh'), '--', '--demographics', demographics, '--jobs', '1'], {
      encoding: 'utf8',
      cwd: work.path,
      env: { ...process.env, INPUT: input, OUTPUT: output, SHARDS: '3', DICOMVEIL: `${process.execPath} ${BIN}`, SBATCH_ARGS: `--output=${work.path}/slurm-%x-%a.log` },
    });
    assert.equal(submitted.status, 0, submitted.stderr);
    const jobs = submitted.stdout.trim().split(/\s+/);
    assert.equal(jobs.length, 4, submitted.stdout);
    // Waits for the queue to empty; a job stuck forever ends the test by the runner's own limit.
    while (running(jobs)) await sleep(1000);

    const logs = listFiles(work.path).filter((file) => file.startsWith('slurm-'));
    const log = (name: string) => readFileSync(join(work.path, name), 'utf8');
    for (const k of [1, 2, 3]) assert.match(log(`slurm-dv-anonymize-${k}.log`), new RegExp(`shard ${k}-of-3: \\d+ file\\(s\\)`), logs.join(' '));
    const mergeLog = logs.find((file) => file.startsWith('slurm-dv-merge'));
    assert.ok(mergeLog, logs.join(' '));
    assert.match(log(mergeLog), /Merged: 4 patients/);

    const report = JSON.parse(readFileSync(join(output, 'report.json'), 'utf8')) as { status: string };
    assert.equal(report.status, 'complete');
    // The reports hold each run's dataset id and clock; verify checks report.html draws report.json.
    const ownReports = (file: string) => file !== 'report.json' && file !== 'report.html';
    const files = listFiles(output).filter(ownReports);
    assert.deepEqual(files, listFiles(join(work.path, 'single')).filter(ownReports));
    for (const file of files) assert.ok(readFileSync(join(output, file)).equals(readFileSync(join(work.path, 'single', file))), `${file} differs`);
    const verify = spawnSync(process.execPath, [BIN, 'verify', output], { encoding: 'utf8' });
    assert.equal(verify.status, 0, verify.stdout + verify.stderr);
  });
});
