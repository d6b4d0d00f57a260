/**
 * `node --import tsx bench/verify.bench.ts [--size-mb N] [--rounds N]`: what the check after each
 * write costs per file, the finder's own check (the earlier verification) against the second
 * opinion, on the same written files of a synthetic dataset anonymized once. Each side parses the
 * file and checks its path; rounds alternate, CPU time (steadier than wall time on a shared
 * machine), medians. Bundle it with esbuild for figures free of the loader's overhead.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildNameIndex } from '../src/core/anonymize/name-index.ts';
import { scanPath } from '../src/core/anonymize/paths.ts';
import { researchProfile } from '../src/core/anonymize/profile.ts';
import { verifyParsedFile } from '../src/core/anonymize/verify.ts';
import { parseDicom } from '../src/core/dicom/reader.ts';
import { bytesSource } from '../src/core/dicom/source.ts';
import { secondOpinionParsed, secondOpinionPath } from '../src/core/verify/index.ts';
import { generateDataset, LAYOUT } from '../src/node/example/generate.ts';
import { runNeedles } from '../src/node/run/file-steps.ts';
import { readRegistry } from '../src/node/state/patient-registry.ts';
import { runAnonymization } from '../src/node/run/run-anonymization.ts';
import { validateOptions } from '../src/core/options/schema.ts';

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const sizeMb = arg('size-mb', 150);
const rounds = arg('rounds', 15);
const root = resolve(import.meta.dirname, '.data', `verify-${sizeMb}mb`);
const input = join(root, LAYOUT.input);
const output = join(root, 'out');
const privateDir = `${output}-private`;

if (!existsSync(input)) {
  console.error(`Generating ≈${sizeMb} MB of synthetic DICOM in ${root} (once)…`);
  mkdirSync(root, { recursive: true });
  await generateDataset(root, { seed: 1, patients: 60, sizeMb, filesPerSession: 8, zippedFraction: 0 });
}
rmSync(output, { recursive: true, force: true });
rmSync(privateDir, { recursive: true, force: true });
const { options, errors } = validateOptions({ input, output, onResidue: 'quarantine', jobs: 1 }, { cpuCount: 1 });
if (!options) throw new Error(errors.map((e) => e.message).join('; '));
const summary = await runAnonymization(options);
console.error(`Anonymized: ${JSON.stringify(summary.files)}`);

const patients = readRegistry(privateDir);
const index = buildNameIndex(patients);
const needles = runNeedles(patients, researchProfile({ remove: [], privateTags: 'keep', version: 'bench' }));
const files: { rel: string; bytes: Uint8Array; own: string }[] = [];
for (const entry of readdirSync(output, { withFileTypes: true, recursive: true })) {
  if (!entry.isFile() || !/^subj_/.test(relative(output, entry.parentPath))) continue;
  const path = join(entry.parentPath, entry.name);
  const rel = relative(output, path);
  files.push({ rel, bytes: readFileSync(path), own: rel.split('/')[0]! });
}

const finder = () => {
  let found = 0;
  for (const f of files) found += verifyParsedFile(parseDicom(bytesSource(f.bytes)), index).length + scanPath(index, f.rel).length;
  return found;
};
const second = () => {
  let found = 0;
  for (const f of files) found += secondOpinionParsed(parseDicom(bytesSource(f.bytes)), needles, { ownId: f.own }).length + secondOpinionPath(needles, f.rel, f.own).length;
  return found;
};
const cpuMs = (run: () => number) => {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const times = { finder: [] as number[], second: [] as number[] };
for (let round = 0; round < rounds; round++) {
  times.finder.push(cpuMs(finder));
  times.second.push(cpuMs(second));
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const perFile = (ms: number) => `${((ms * 1000) / files.length).toFixed(0)} µs`;
console.log(`${files.length} written files, ${patients.length} patients; findings: finder ${finder()}, second opinion ${second()}`);
console.log(`per file (parse + check + path, CPU, median of ${rounds}): finder ${perFile(median(times.finder))}, second opinion ${perFile(median(times.second))}; ratio ${(median(times.second) / median(times.finder)).toFixed(3)}, median of per-round ratios ${median(times.second.map((t, i) => t / times.finder[i]!)).toFixed(3)}`);
