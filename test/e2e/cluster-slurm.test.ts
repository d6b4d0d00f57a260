/**
 * The documented Slurm script on a real single-node Slurm (scripts/cluster/start-slurm.sh starts
 * munge and Slurm on localhost): four jobs, scan and anonymize as `--array=1-3`, and the merged
 * output is a single run's byte for byte. Skips, saying why, when Slurm cannot start here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
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

describe('the Slurm script', () => {
  const work = tempDir('slurm');
  after(() => work.remove());
  const why = startSlurm();

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
