/**
 * `npm run bench`: the whole `anonymize` (scan, rewrite, full verification, report) against
 * `cp -r` of an unzipped copy of the same input, alternating in one session so both see the same
 * machine, each after its input was read through and earlier writes flushed. Prints wall times,
 * the ratio of medians and each run's own ratio (their median is the steadier figure where the
 * cost of writing new pages swings from run to run), files per second and peak RSS; Node's
 * start-up measured apart and subtracted. Options: `--size-mb N` (default 2000), `--runs N`
 * (default 3), `--jobs N` (default: CPU cores), `--profile research|basic|research,basic`
 * (default research; several are timed in the same runs, each against the same copies),
 * `--baseline <path of another checkout's bin/dicomveil.mjs>` (that version, default options,
 * timed in the same runs: a change measured against the version before it).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDataset, LAYOUT } from '../src/node/example/generate.ts';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const sizeMb = arg('size-mb', 2000);
const profileAt = process.argv.indexOf('--profile');
const profiles = (profileAt >= 0 ? (process.argv[profileAt + 1] ?? '') : 'research').split(',').filter((name): name is 'research' | 'basic' => name === 'research' || name === 'basic');
if (profiles.length === 0) throw new Error('--profile: research, basic, or research,basic');
const baselineAt = process.argv.indexOf('--baseline');
const baseline = baselineAt >= 0 ? resolve(process.argv[baselineAt + 1] ?? '') : undefined;
/** What is timed against each copy: this checkout under each profile, and the baseline if given. */
type Contender = 'research' | 'basic' | 'baseline';
const contenders: Contender[] = [...profiles, ...(baseline === undefined ? [] : ['baseline' as const])];
const runs = arg('runs', 3);
const jobs = arg('jobs', availableParallelism());
const root = resolve(import.meta.dirname, '.data', `anonymize-${sizeMb}mb`);
const input = join(root, LAYOUT.input);
const unzipped = join(root, 'unzipped');
const scratch = join(root, 'scratch');
const bin = resolve(import.meta.dirname, '..', 'bin', 'dicomveil.mjs');

function countFiles(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

/** Extracts every zip in place (nested ones too), so `cp -r` copies the bytes the output holds. */
function unzipAll(dir: string): void {
  for (let pass = 0; pass < 5; pass++) {
    const zips = readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && e.name.endsWith('.zip'));
    if (zips.length === 0) return;
    for (const zip of zips) {
      const path = join(zip.parentPath, zip.name);
      const target = path.replace(/\.zip$/, '');
      const result = spawnSync('unzip', ['-q', '-o', path, '-d', target]);
      if (result.status !== 0) throw new Error(`unzip failed on ${path}`);
      rmSync(path);
    }
  }
}

/**
 * Wall seconds, CPU seconds (user + system) and peak RSS (MB) of a command, from GNU time. CPU time
 * is the steadier figure on a machine shared with other work; wall time is what users wait.
 */
function timed(command: string[]): { seconds: number; cpu: number; rssMb: number; status: number | null; stderr: string } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...command], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [seconds, user, system, kb] = last.split(' ').map(Number);
  return { seconds: seconds ?? Number.NaN, cpu: (user ?? 0) + (system ?? 0), rssMb: (kb ?? 0) / 1024, status: result.status, stderr: result.stderr };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

if (!existsSync(input)) {
  console.error(`Generating ≈${sizeMb} MB of synthetic DICOM in ${root} (once)…`);
  mkdirSync(root, { recursive: true });
  await generateDataset(root, { seed: 1, patients: 40, sizeMb, zippedFraction: 0.2 });
}
if (!existsSync(unzipped)) {
  spawnSync('cp', ['-r', input, unzipped]);
  unzipAll(unzipped);
}
const { files, bytes } = countFiles(unzipped);
console.error(`Input: ${files} files, ${(bytes / 1e9).toFixed(2)} GB (zipped: ${countFiles(input).files} files on disk); jobs ${jobs}; ${runs} runs each`);

const startups = [0, 1, 2].map(() => timed([process.execPath, bin, '--version']));
const startup = median(startups.map((s) => s.seconds));
const startupCpu = median(startups.map((s) => s.cpu));
const copies: number[] = [];
const copyCpu: number[] = [];
/** Per profile: wall seconds without start-up, CPU seconds, peak RSS and each run's ratio to its copy. */
const measured = new Map(contenders.map((profile) => [profile, { seconds: [] as number[], cpu: [] as number[], rss: [] as number[], ratios: [] as number[] }]));
/**
 * Before each timed command: its input read through once (this machine pages out file data left
 * unread for about a minute, so "in the page cache" has to be made true each time), and every
 * earlier write flushed, so neither side pays for the other's writeback.
 */
function settle(dir: string): void {
  spawnSync('sh', ['-c', 'find "$1" -type f -exec cat {} + > /dev/null', 'warm', dir]);
  spawnSync('sync');
}

function timeCopy() {
  settle(unzipped);
  const copy = timed(['cp', '-r', unzipped, join(scratch, 'copy')]);
  rmSync(join(scratch, 'copy'), { recursive: true, force: true });
  return copy;
}

function timeAnonymize(contender: Contender) {
  settle(input);
  const common = ['anonymize', input, '--output', join(scratch, 'out'), '--private-dir', join(scratch, 'private'), '--jobs', String(jobs)];
  const command = contender === 'baseline' ? [process.execPath, baseline!, ...common] : [process.execPath, bin, ...common, '--profile', contender];
  const run = timed(command);
  if (run.status !== 0) throw new Error(`anonymize failed (exit ${run.status}): ${run.stderr.slice(-2000)}`);
  rmSync(join(scratch, 'out'), { recursive: true, force: true });
  rmSync(join(scratch, 'private'), { recursive: true, force: true });
  return run;
}

for (let i = 0; i < runs; i++) {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  // Alternating which goes first: whoever follows a large delete gets memory the other freed.
  const runsOf = new Map<Contender, ReturnType<typeof timed>>();
  let copy: ReturnType<typeof timed>;
  if (i % 2 === 0) {
    copy = timeCopy();
    for (const contender of contenders) runsOf.set(contender, timeAnonymize(contender));
  } else {
    for (const contender of [...contenders].reverse()) runsOf.set(contender, timeAnonymize(contender));
    copy = timeCopy();
  }
  copies.push(copy.seconds);
  copyCpu.push(copy.cpu);
  for (const [profile, run] of runsOf) {
    const m = measured.get(profile)!;
    m.seconds.push(run.seconds - startup);
    m.cpu.push(run.cpu - startupCpu);
    m.rss.push(run.rssMb);
    m.ratios.push((run.seconds - startup) / copy.seconds);
    console.error(
      `run ${i + 1} (${profile}): cp -r ${copy.seconds.toFixed(2)} s (cpu ${copy.cpu.toFixed(2)} s), anonymize ${run.seconds.toFixed(2)} s (${(run.seconds - startup).toFixed(2)} s without start-up; cpu ${(run.cpu - startupCpu).toFixed(2)} s), ratio ${m.ratios.at(-1)!.toFixed(2)}, peak RSS ${run.rssMb.toFixed(0)} MB`,
    );
  }
}
rmSync(scratch, { recursive: true, force: true });
const cp = median(copies);
const summaryOf = (m: { seconds: number[]; cpu: number[]; rss: number[]; ratios: number[] }) => {
  const anonymize = median(m.seconds);
  return {
    anonymizeSeconds: Number(anonymize.toFixed(2)),
    ratio: Number((anonymize / cp).toFixed(2)),
    // Each run's pair measured back to back: steadier than a ratio of medians on a noisy machine.
    pairedRatioMedian: Number(median(m.ratios).toFixed(2)),
    pairedRatios: m.ratios.map((r) => Number(r.toFixed(2))),
    anonymizeCpuSeconds: Number(median(m.cpu).toFixed(2)),
    cpuRatio: Number((median(m.cpu) / median(copyCpu)).toFixed(2)),
    filesPerSecond: Math.round(files / anonymize),
    peakRssMb: Math.round(Math.max(...m.rss)),
  };
};
const [first] = profiles;
console.log(
  JSON.stringify({
    files,
    gigabytes: Number((bytes / 1e9).toFixed(2)),
    jobs,
    runs,
    nodeStartupSeconds: startup,
    cpSeconds: cp,
    cpCpuSeconds: median(copyCpu),
    loadAverage: loadavg()[0],
    profile: first,
    ...summaryOf(measured.get(first!)!),
    ...(contenders.length > 1 ? { profiles: Object.fromEntries(contenders.map((contender) => [contender, summaryOf(measured.get(contender)!)])) } : {}),
  }),
);
