/**
 * The plan step at scale, without a disk full of DICOM: a synthetic pass 1 of `--files` records
 * (default 1,000,000) over `--patients` patients, joined from `--shards` scans as the plan command
 * joins them, then planned by the same code as a run (patients, ids, layout). Prints the time and
 * the memory the plan holds (heap after a full collection, before and after), the sizes of a
 * scan file, plan.json and plan-files.jsonl; then, each in a process of its own as on a cluster,
 * shard 1 loading its slice of the plan and the merge (done files read, files.csv and report.json
 * written as streams), with their time, heap and peak RSS.
 * `npm run bench:cluster [-- --files N --patients N --shards N --step-heap MB]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { mergeShards } from '../src/node/cluster/merge.ts';
import { loadPlan, planRunPath } from '../src/node/cluster/plan-step.ts';
import { joinScans, writeScanFile } from '../src/node/cluster/scan-files.ts';
import { shardOf } from '../src/node/cluster/shard.ts';
import { planDigest, planFilesPath, preparedFromPlan, readPlanFiles, writePlanFiles } from '../src/node/cluster/shard-plan.ts';
import { writeDoneFile } from '../src/node/cluster/shard-run.ts';
import { validateOptions } from '../src/core/options/schema.ts';
import { writeFileAtomic } from '../src/node/io/atomic-write.ts';
import { writePlanFile } from '../src/node/state/plan-file.ts';
import type { FileResult } from '../src/node/run/file-task.ts';
import { prepareRun } from '../src/node/run/prepare.ts';
import { spellingsDigest } from '../src/node/run/signatures.ts';
import type { ScannedFile } from '../src/core/plan/scanned-file.ts';
import type { ScannedInput } from '../src/node/run/scan-input.ts';
import type { Source } from '../src/node/sources/index.ts';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const gc = (globalThis as { gc?: () => void }).gc;
function heapMb(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

const FAMILIES = ['DUPONT', 'MARTIN', 'BERNARD', 'NGUYEN', 'KOWALSKI', 'MÜLLER', 'ROSSI', 'GARCIA', 'SILVA', 'TANAKA', 'OKAFOR', 'LARSEN', 'HORVATH'];
const GIVEN = ['JEAN', 'MARIE', 'INES', 'LUCAS', 'SOFIA', 'KARIM', 'YUKI', 'OLGA', 'HUGO', 'LEA', 'WEI', 'ARTHUR', 'ZOE', 'NOEL'];

/** Patient i's name: distinct for every i (a base-13/14 spelling), as real cohorts have. */
function nameOf(i: number): string {
  let family = FAMILIES[i % FAMILIES.length]!;
  let rest = Math.floor(i / FAMILIES.length);
  const given = GIVEN[rest % GIVEN.length]!;
  rest = Math.floor(rest / GIVEN.length);
  for (; rest > 0; rest = Math.floor(rest / 26)) family += String.fromCharCode(65 + (rest % 26));
  return `${family}^${given}`;
}

function syntheticScan(root: string, files: number, patients: number): ScannedInput {
  const sources: Source[] = [];
  const list: ScannedFile[] = [];
  const perPatient = Math.ceil(files / patients);
  for (let p = 0; p < patients && list.length < files; p++) {
    const name = nameOf(p);
    const folder = name.replace('^', '_');
    sources.push({ name: folder, kind: 'folder', ref: `${folder}/` });
    const identity = { name, patientId: `PID${String(p).padStart(7, '0')}`, birthDate: `19${String(40 + (p % 60))}0${1 + (p % 9)}1${p % 10}`, sex: p % 2 ? 'F' : 'M', otherNames: [] };
    for (let f = 0; f < perPatient && list.length < files; f++) {
      const relativePath = `2019-0${1 + (f % 9)}-1${f % 10}_CT/1.2.826.0.1.3680043.2.${p}.${f}.dcm`;
      // One identity object per file, as JSON.parse of the scans gives them.
      list.push({ kind: 'dicom', identity: { ...identity, otherNames: [] }, risk: [], ref: `${folder}/${relativePath}`, source: folder, sourceKind: 'folder', relativePath, size: 530_000, entryClass: 'candidate' });
    }
  }
  return { root, sources, files: list, problems: [] };
}

/** Runs this file again as a fresh process for one step (a shard loading its slice, the merge), as a cluster runs it. */
function step(name: 'shard' | 'merge', args: Record<string, string>): { ms: number; heapMb: number; rssMb: number; rssAbove: number } {
  // `--step-heap MB` bounds each step's heap: the least a step runs in is the memory it truly holds.
  const argv = ['--expose-gc', `--max-old-space-size=${option('step-heap', 6144)}`, '--import', 'tsx', fileURLToPath(import.meta.url), '--step', name, ...Object.entries(args).flatMap(([k, v]) => [`--${k}`, v])];
  const child = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`${name} step failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as { ms: number; heapMb: number; rssMb: number; rssAbove: number };
}

function text(name: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return process.argv[at + 1]!;
}

/** One step in this process: its time, the heap it holds at the end (after a full collection) and its peak RSS. */
async function runStep(): Promise<void> {
  const privateDir = text('private');
  const base = heapMb();
  const rssBase = process.memoryUsage().rss / 2 ** 20;
  const t = performance.now();
  let held: unknown;
  if (text('step') === 'shard') {
    const plan = loadPlan(join(privateDir, 'plan.json'));
    const spec = { index: 1, count: option('shards', 8) };
    held = await preparedFromPlan(plan.options, readPlanFiles(privateDir, plan.digest, { shard: spec }), false);
  } else {
    held = await mergeShards(text('output'), privateDir);
  }
  const ms = performance.now() - t;
  const heap = heapMb() - base;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ms, heapMb: heap, rssMb, rssAbove: rssMb - rssBase, held: held !== undefined })}\n`);
}

async function main(): Promise<void> {
  const files = option('files', 1_000_000);
  const patients = option('patients', 10_000);
  const shards = option('shards', 8);
  if (!gc) process.stderr.write('run with node --expose-gc for exact heap figures\n');
  const work = mkdtempSync(join(tmpdir(), 'dicomveil-plan-bench-'));
  try {
    const input = join(work, 'input');
    mkdirSync(input);
    const privateDir = join(work, 'out-private');
    const base = heapMb();
    let t = performance.now();
    const whole = syntheticScan(input, files, patients);
    // As the shards leave it: each its part, with positions in the listing.
    const parts = Array.from({ length: shards }, () => ({ ...whole, files: [] as ScannedFile[], positions: { files: [] as number[], problems: [] as number[] } }));
    let at = 0;
    for (const file of whole.files) {
      const part = parts[shardOf(file.ref, shards) - 1]!;
      part.files.push(file);
      part.positions.files.push(at++);
    }
    const made = performance.now() - t;
    mkdirSync(privateDir, { recursive: true });
    t = performance.now();
    writeScanFile(privateDir, { index: 1, count: shards }, input, parts[0]!);
    const scanWrite = performance.now() - t;
    const scanBytes = statSync(join(privateDir, 'scans', `scan-1-of-${shards}.json`)).size;
    t = performance.now();
    const scanned = joinScans(parts);
    const joined = performance.now() - t;
    parts.length = 0;
    const scanHeap = heapMb() - base;
    const { options } = validateOptions({ input, output: join(work, 'out'), privateDir }, { cpuCount: 1 });
    t = performance.now();
    const prepared = await prepareRun(options!, {}, undefined, { scanned });
    const planned = performance.now() - t;
    const planHeap = heapMb() - base;
    t = performance.now();
    writePlanFile(prepared);
    const planWrite = performance.now() - t;
    const planBytes = statSync(join(privateDir, 'plan.json')).size;
    // What the shards and the merge read instead of planning again, as `dicomveil plan` writes it.
    t = performance.now();
    const digest = planDigest(prepared, options!);
    writePlanFiles(prepared, digest, spellingsDigest([]));
    writeFileAtomic(planRunPath(join(privateDir, 'plan.json')), JSON.stringify({ digest, options: { ...options!, input: prepared.paths.input, output: prepared.paths.output, privateDir: prepared.paths.privateDir } }), 0o600);
    const planFilesWrite = performance.now() - t;
    const planFilesBytes = statSync(planFilesPath(privateDir)).size;
    // Every shard done, each file anonymized: the done files the merge reads.
    mkdirSync(prepared.paths.output, { recursive: true });
    mkdirSync(join(privateDir, 'shards'), { recursive: true });
    const bySpec = Array.from({ length: shards }, () => [] as FileResult[]);
    for (const { task } of prepared.planned) bySpec[shardOf(task.ref, shards) - 1]!.push({ ref: task.ref, outcome: 'anonymized', out: task.out, size: 530_000, flags: [] });
    bySpec.forEach((results, i) => {
      writeDoneFile(join(privateDir, 'shards', `done-${i + 1}-of-${shards}.json`), { shard: { index: i + 1, count: shards }, digest, results });
    });
    const tasks = prepared.planned.length;
    const patientCount = prepared.patients.length;
    prepared.release();
    bySpec.length = 0;
    const shard = step('shard', { private: privateDir, shards: String(shards) });
    const merge = step('merge', { private: privateDir, output: join(work, 'out') });
    const merged = merge.ms;
    const reportBytes = statSync(join(work, 'out', 'report.json')).size;
    const filesCsvBytes = statSync(join(privateDir, 'files.csv')).size;
    const perMillion = (value: number) => (value * 1_000_000) / files;
    const lines = [
      `files ${files}, patients ${patientCount} (asked ${patients}), shards ${shards}, tasks ${tasks}`,
      `synthetic records made: ${(made / 1000).toFixed(1)} s`,
      `one scan file (1/${shards}): ${(scanBytes / 2 ** 20).toFixed(1)} MiB written in ${(scanWrite / 1000).toFixed(1)} s; all shards joined in ${(joined / 1000).toFixed(2)} s`,
      `plan (patients, ids, layout): ${(planned / 1000).toFixed(1)} s = ${((planned * 1000) / files).toFixed(1)} µs per file`,
      `heap held by the joined scan: ${scanHeap.toFixed(0)} MiB (${perMillion(scanHeap).toFixed(0)} MiB per million files)`,
      `heap held by scan + plan: ${planHeap.toFixed(0)} MiB (${perMillion(planHeap).toFixed(0)} MiB per million files)`,
      `plan.json: ${(planBytes / 2 ** 20).toFixed(0)} MiB written in ${(planWrite / 1000).toFixed(1)} s`,
      `plan-files.jsonl: ${(planFilesBytes / 2 ** 20).toFixed(0)} MiB written in ${(planFilesWrite / 1000).toFixed(1)} s (shard hashes included)`,
      `peak RSS of the plan step (this process): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
      `shard 1/${shards} loading its slice (its own process): ${(shard.ms / 1000).toFixed(1)} s, heap held ${shard.heapMb.toFixed(0)} MiB, peak RSS ${shard.rssMb.toFixed(0)} MiB (${shard.rssAbove.toFixed(0)} MiB above its start)`,
      `merge (its own process: plan-files.jsonl and ${shards} done files read, CSVs, files.csv ${(filesCsvBytes / 2 ** 20).toFixed(0)} MiB, report.json ${(reportBytes / 2 ** 20).toFixed(0)} MiB streamed): ${(merged / 1000).toFixed(1)} s = ${((merged * 1000) / files).toFixed(1)} µs per file`,
      `merge peak RSS ${merge.rssMb.toFixed(0)} MiB, ${merge.rssAbove.toFixed(0)} MiB above the process at its start (${perMillion(merge.rssAbove).toFixed(0)} MiB per million files)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv.includes('--step')) await runStep();
else await main();
