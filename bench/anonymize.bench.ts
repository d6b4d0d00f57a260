/**
 * `npm run bench`: a whole `anonymize` (scan, rewrite, full verification, reports) against the floor,
 * the least work that yields the same output bytes: `cp` of the input's plain files plus `unzip` of
 * its zips, timed together. dicomveil runs as users run it, the built bundle (`npm run build` first),
 * with its default options and with `--profile basic`; gdcmanon `--dumb` (Debian libgdcm-tools) and
 * dcmodify (dcmtk) are timed on the unzipped tree when installed, doing the tag edits they can (they
 * search no free text, no private element, no path). All contenders alternate in each run, each after
 * its input was read through and earlier writes flushed; every run prints each one's ratio to that
 * run's floor, and the summary their medians.
 *
 * Options: `--size-mb N` (default 2000: about 4,000 files), `--runs N` (default 5), `--jobs N`
 * (default: CPU cores), `--profile research,basic` (which dicomveil profiles; default both),
 * `--baseline <another checkout's bin/dicomveil.mjs or bundle>` (that version, default options, in the
 * same runs), `--no-peers` (skip gdcmanon and dcmodify).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { generateDataset, LAYOUT } from '../src/node/example/generate.ts';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const sizeMb = Number(arg('size-mb', '2000'));
const runs = Number(arg('runs', '5'));
const jobs = Number(arg('jobs', String(availableParallelism())));
const profiles = arg('profile', 'research,basic')
  .split(',')
  .filter((name): name is 'research' | 'basic' => name === 'research' || name === 'basic');
if (profiles.length === 0) throw new Error('--profile: research, basic, or research,basic');
const baselineAt = process.argv.indexOf('--baseline');
const baseline = baselineAt >= 0 ? resolve(process.argv[baselineAt + 1] ?? '') : undefined;
const peers = !process.argv.includes('--no-peers');

const repo = resolve(import.meta.dirname, '..');
const root = resolve(import.meta.dirname, '.data', `anonymize-${sizeMb}mb`);
const input = join(root, LAYOUT.input);
const unzipped = join(root, 'unzipped');
const scratch = join(root, 'scratch');
const out = join(scratch, 'out');

/** Whether `command` runs here (a peer that is not installed is left out, and said so). */
function installed(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/** Wall seconds, CPU seconds (user + system) and peak RSS (MB) of a command, from GNU time. */
function timed(command: string[]): { seconds: number; cpu: number; rssMb: number; status: number | null; stderr: string } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...command], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [seconds, user, system, kb] = last.split(' ').map(Number);
  return { seconds: seconds ?? Number.NaN, cpu: (user ?? 0) + (system ?? 0), rssMb: (kb ?? 0) / 1024, status: result.status, stderr: result.stderr };
}

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

/**
 * The floor as one shell script: folders made, plain files copied, then each zip unzipped into the
 * folder named after it and zips found inside unzipped in turn, as dicomveil reads them.
 */
const FLOOR_SCRIPT = `
set -e
src="$1"; dst="$2"
mkdir -p "$dst"
(cd "$src" && find . -type d -print0) | (cd "$dst" && xargs -0 mkdir -p)
(cd "$src" && find . -type f ! -name '*.zip' -print0) | (cd "$src" && xargs -0 cp --parents -t "$dst")
(cd "$src" && find . -type f -name '*.zip' -print0) | while IFS= read -r -d '' z; do unzip -q -o "$src/$z" -d "$dst/\${z%.zip}"; done
for pass in 1 2 3 4; do
  found=0
  while IFS= read -r -d '' z; do found=1; unzip -q -o "$z" -d "\${z%.zip}"; rm "$z"; done < <(find "$dst" -type f -name '*.zip' -print0)
  [ "$found" = 0 ] && break
done
`;

/** The peers' job: what a tag editor can do of ours (names replaced, identifying tags removed). */
const REMOVED_TAGS = ['0010,1040', '0010,0032', '0010,2154', '0010,1001', '0010,1060', '0010,21b0', '0010,4000'];
const gdcmanonCommand = () => ['gdcmanon', '--dumb', '--continue', '-r', '-i', unzipped, '-o', out, '--replace', '0010,0010=ANON', '--replace', '0010,0020=ANON', ...REMOVED_TAGS.flatMap((tag) => ['--remove', tag])];
/** dcmodify edits in place: the copy it edits is part of its time. */
const dcmodifyCommand = () => [
  'bash',
  '-c',
  `cp -r "$1" "$2" && find "$2" -type f -print0 | xargs -0 dcmodify -q -nb -ie -imt -ma "(0010,0010)=ANON" -ma "(0010,0020)=ANON" ${REMOVED_TAGS.map((tag) => `-ea "(${tag})"`).join(' ')} 2>/dev/null; true`,
  'dcmodify',
  unzipped,
  out,
];

type Contender = 'floor' | 'research' | 'basic' | 'baseline' | 'gdcmanon' | 'dcmodify';

if (!existsSync(input)) {
  console.error(`Generating ≈${sizeMb} MB of synthetic DICOM in ${root} (once)…`);
  mkdirSync(root, { recursive: true });
  await generateDataset(root, { seed: 1, patients: 40, sizeMb, zippedFraction: 0.2 });
}
if (!existsSync(unzipped)) {
  const made = spawnSync('bash', ['-c', FLOOR_SCRIPT, 'floor', input, unzipped], { stdio: 'inherit' });
  if (made.status !== 0) throw new Error('could not unzip the input for the peers');
}
console.error('Building the bundle (npm run build)…');
const build = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'scripts', 'build.ts')], { cwd: repo, stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) throw new Error('npm run build failed');
const bundle = join(repo, 'dist', 'dicomveil.mjs');

const contenders: Contender[] = ['floor', ...profiles, ...(baseline === undefined ? [] : ['baseline' as const])];
if (peers) {
  for (const peer of ['gdcmanon', 'dcmodify'] as const) {
    if (installed(peer)) contenders.push(peer);
    else console.error(`${peer} is not installed: left out (apt-get install ${peer === 'gdcmanon' ? 'libgdcm-tools' : 'dcmtk'})`);
  }
}
const { files, bytes } = countFiles(unzipped);
console.error(`Input: ${files} files, ${(bytes / 1e9).toFixed(2)} GB (${countFiles(input).files} on disk, a fifth of the patients zipped); jobs ${jobs}; ${runs} runs; ${contenders.join(', ')}`);

/**
 * Before each timed command: its input read through once (this machine pages out file data left
 * unread for about a minute, so "in the page cache" has to be made true each time), and every
 * earlier write flushed, so no contender pays for another's writeback.
 */
function settle(dir: string): void {
  spawnSync('sh', ['-c', 'find "$1" -type f -exec cat {} + > /dev/null', 'warm', dir]);
  spawnSync('sync');
}

function run(contender: Contender): ReturnType<typeof timed> {
  const privateDir = join(scratch, 'private');
  const dicomveil = (bin: string, extra: string[]) => [process.execPath, bin, 'anonymize', input, '--output', out, '--private-dir', privateDir, '--jobs', String(jobs), ...extra];
  const command: Record<Contender, () => string[]> = {
    floor: () => ['bash', '-c', FLOOR_SCRIPT, 'floor', input, out],
    research: () => dicomveil(bundle, []),
    basic: () => dicomveil(bundle, ['--profile', 'basic']),
    baseline: () => dicomveil(baseline!, []),
    gdcmanon: gdcmanonCommand,
    dcmodify: dcmodifyCommand,
  };
  settle(contender === 'gdcmanon' || contender === 'dcmodify' ? unzipped : input);
  const result = timed(command[contender]());
  if (result.status !== 0) throw new Error(`${contender} failed (exit ${result.status}): ${result.stderr.slice(-2000)}`);
  rmSync(out, { recursive: true, force: true });
  rmSync(privateDir, { recursive: true, force: true });
  return result;
}

const measured = new Map(contenders.map((contender) => [contender, { seconds: [] as number[], cpu: [] as number[], rss: [] as number[], ratios: [] as number[] }]));
for (let i = 0; i < runs; i++) {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  // A different order each run: whoever follows a large delete gets memory the one before freed.
  const order = contenders.map((_, k) => contenders[(k + i) % contenders.length]!);
  const results = new Map(order.map((contender) => [contender, run(contender)]));
  const floor = results.get('floor')!;
  const line: string[] = [];
  for (const contender of contenders) {
    const result = results.get(contender)!;
    const m = measured.get(contender)!;
    m.seconds.push(result.seconds);
    m.cpu.push(result.cpu);
    m.rss.push(result.rssMb);
    m.ratios.push(result.seconds / floor.seconds);
    line.push(`${contender} ${result.seconds.toFixed(2)} s (${m.ratios.at(-1)!.toFixed(2)}×, cpu ${result.cpu.toFixed(1)} s)`);
  }
  console.error(`run ${i + 1}: ${line.join('; ')}`);
}
rmSync(scratch, { recursive: true, force: true });

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const summary = Object.fromEntries(
  contenders.map((contender) => {
    const m = measured.get(contender)!;
    return [
      contender,
      {
        seconds: Number(median(m.seconds).toFixed(2)),
        // Each run's ratio to its own floor, then their median: steadier than a ratio of medians.
        ratioToFloor: Number(median(m.ratios).toFixed(2)),
        ratios: m.ratios.map((r) => Number(r.toFixed(2))),
        cpuSeconds: Number(median(m.cpu).toFixed(2)),
        cpuMsPerFile: Number(((median(m.cpu) * 1000) / files).toFixed(2)),
        filesPerSecond: Math.round(files / median(m.seconds)),
        peakRssMb: Math.round(Math.max(...m.rss)),
      },
    ];
  }),
);
console.log(JSON.stringify({ files, gigabytes: Number((bytes / 1e9).toFixed(2)), jobs, runs, loadAverage: loadavg()[0], contenders: summary }, null, 1));
