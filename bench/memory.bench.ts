/**
 * `npm run bench:memory`: peak RSS of a whole `anonymize` as the number of files grows. Datasets of
 * tiny files (32×32 pixels, a fifth of the patients zipped) make per-file bookkeeping, not pixel
 * buffers, what grows; each size is generated once under bench/.data. Prints each size's peak RSS,
 * wall and CPU time, and the growth per 1,000 files between sizes: what a run holds per file.
 *
 * Options: `--files 20000,60000,120000` (approximate file counts), `--jobs N` (default 2),
 * `--dry-run` (pass 1 and the plan only).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDataset, LAYOUT } from '../src/node/example/generate.ts';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const sizes = arg('files', '20000,60000,120000').split(',').map(Number);
const jobs = arg('jobs', '2');
const dryRun = process.argv.includes('--dry-run');
const repo = resolve(import.meta.dirname, '..');
const PATIENTS = 60;
/** Sessions per patient in the generator (`sessions: [3, 3]`). */
const SESSIONS = 3;

const built = spawnSync('npm', ['run', 'build'], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
if (built.status !== 0) throw new Error('npm run build failed');

function countFiles(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).length;
}

const rows: { files: number; rssMb: number; seconds: number; cpu: number; exit: number | null }[] = [];
for (const wanted of sizes) {
  const root = resolve(import.meta.dirname, '.data', `memory-${wanted}`);
  const input = join(root, LAYOUT.input);
  if (!existsSync(input)) {
    console.error(`Generating about ${wanted} tiny files in ${root} (once)…`);
    mkdirSync(root, { recursive: true });
    const filesPerSession = Math.max(1, Math.round(wanted / (PATIENTS * SESSIONS)));
    await generateDataset(root, { seed: 2, patients: PATIENTS, filesPerSession, sessions: [SESSIONS, SESSIONS], pixels: { ct: 32, mr: 16 }, zippedFraction: 0.2 });
  }
  const scratch = join(root, 'scratch');
  rmSync(scratch, { recursive: true, force: true });
  const command = ['node', join(repo, 'dist', 'dicomveil.mjs'), 'anonymize', input, '--output', join(scratch, 'out'), '--private-dir', join(scratch, 'private'), '--jobs', jobs, ...(dryRun ? ['--dry-run'] : [])];
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...command], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const [seconds, user, system, kb] = (result.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  const files = countFiles(input);
  rows.push({ files, rssMb: (kb ?? 0) / 1024, seconds: seconds ?? Number.NaN, cpu: (user ?? 0) + (system ?? 0), exit: result.status });
  rmSync(scratch, { recursive: true, force: true });
  console.error(`${files} files: peak RSS ${((kb ?? 0) / 1024).toFixed(0)} MB, ${seconds} s, exit ${result.status}`);
}

console.log('| input files | peak RSS (MB) | wall (s) | CPU (s) | exit | growth per 1,000 files |');
console.log('|---|---|---|---|---|---|');
rows.forEach((row, i) => {
  const before = rows[i - 1];
  const growth = before === undefined ? '' : `${(((row.rssMb - before.rssMb) * 1000) / (row.files - before.files)).toFixed(2)} MB`;
  console.log(`| ${row.files} | ${row.rssMb.toFixed(0)} | ${row.seconds.toFixed(1)} | ${row.cpu.toFixed(1)} | ${row.exit} | ${growth} |`);
});
