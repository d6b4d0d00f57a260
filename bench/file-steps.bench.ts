/**
 * `npm run bench:steps [-- --size-mb N --rounds N --profile research|basic]`: the CPU time of each
 * step a run spends on one file, in one thread, on files held in memory (no I/O, so a shared
 * machine's disk and page cache do not blur it): the header scan (pass 1), parsing the input,
 * planning its edits, writing the new bytes, parsing them again, the second opinion and the bulk
 * comparison. Rounds alternate over the same files; medians of CPU time per file. This is where a
 * change to the per-file code is measured; `npm run bench` measures the whole run against a copy.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { planFileEdits } from '../src/core/anonymize/plan.ts';
import type { DicomFile } from '../src/core/dicom/model.ts';
import { parseDicom } from '../src/core/dicom/reader.ts';
import { bytesSource } from '../src/core/dicom/source.ts';
import { rewriteDicom } from '../src/core/dicom/writer.ts';
import { validateOptions } from '../src/core/options/schema.ts';
import { readHeaderFacts } from '../src/core/plan/header-facts.ts';
import { generateDataset, LAYOUT } from '../src/node/example/generate.ts';
import { processorContext } from '../src/node/run/file-processor.ts';
import type { FileTask } from '../src/node/run/file-task.ts';
import { verifyTemp } from '../src/node/run/file-steps.ts';
import { runAnonymization } from '../src/node/run/run-anonymization.ts';
import { loadOrCreateKey } from '../src/node/state/key.ts';
import { readRegistry } from '../src/node/state/patient-registry.ts';
import type { FileSource } from '../src/node/io/file-source.ts';
import { tuneEngine } from '../src/node/engine-flags.ts';

// The engine as a run sets it up, so the steps are timed as a run executes them.
tuneEngine();

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const sizeMb = Number(arg('size-mb', '150'));
const rounds = Number(arg('rounds', '7'));
const profileName = arg('profile', 'research') === 'basic' ? 'basic' : 'research';
const root = resolve(import.meta.dirname, '.data', `steps-${sizeMb}mb`);
const input = join(root, LAYOUT.input);
const output = join(root, `out-${profileName}`);
const privateDir = `${output}-private`;

if (!existsSync(input)) {
  console.error(`Generating ≈${sizeMb} MB of synthetic DICOM in ${root} (once)…`);
  mkdirSync(root, { recursive: true });
  await generateDataset(root, { seed: 1, patients: 40, sizeMb, zippedFraction: 0 });
}
rmSync(output, { recursive: true, force: true });
rmSync(privateDir, { recursive: true, force: true });
const { options, errors } = validateOptions({ input, output, privateDir, onResidue: 'quarantine', jobs: 1, profile: profileName }, { cpuCount: 1 });
if (!options) throw new Error(errors.map((e) => e.message).join('; '));
await runAnonymization(options);

// Each input folder's patient id, from the private mapping (`id;…;input_folders;…`).
const mapping = readFileSync(join(privateDir, 'mapping.csv'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(Boolean);
const header = mapping[0]!.split(';');
const idAt = header.indexOf('id');
const foldersAt = header.indexOf('input_folders');
const idOfFolder = new Map<string, string>();
for (const line of mapping.slice(1)) {
  const cells = line.split(';');
  for (const folder of (cells[foldersAt] ?? '').split('|')) idOfFolder.set(folder, cells[idAt]!);
}

const registry = readRegistry(privateDir);
const context = processorContext(
  {
    inputRoot: input,
    output,
    tempDir: '',
    quarantineDir: '',
    spillDir: '',
    patients: registry.map((p) => ({ id: p.id, spellings: p.spellings, patientIds: p.patientIds })),
    key: await loadOrCreateKey(privateDir),
    profile: options.profile,
    retain: options.retain,
    clean: options.clean,
    remove: options.remove,
    privateTags: options.privateTags,
    version: 'bench',
  },
  () => '',
);

interface Item {
  bytes: Uint8Array;
  task: FileTask;
  file?: DicomFile;
  parts?: ReturnType<typeof rewriteDicom>;
  written?: Uint8Array;
}
const items: Item[] = [];
for (const entry of readdirSync(input, { withFileTypes: true, recursive: true })) {
  if (!entry.isFile()) continue;
  const rel = relative(input, join(entry.parentPath, entry.name));
  const patientId = idOfFolder.get(rel.split('/')[0]!);
  if (patientId === undefined) continue;
  const bytes = readFileSync(join(entry.parentPath, entry.name));
  if (readHeaderFacts(bytesSource(bytes)).kind !== 'dicom') continue;
  items.push({ bytes, task: { ref: rel, out: `${patientId}/${items.length}.dcm`, patientId, mode: 'write' } });
}

function assemble(parts: ReturnType<typeof rewriteDicom>, source: Uint8Array): Uint8Array {
  let size = 0;
  for (const part of parts) size += part instanceof Uint8Array ? part.length : part.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    const bytes = part instanceof Uint8Array ? part : source.subarray(part.offset, part.offset + part.length);
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

/** Each step over every file; what a step makes is kept for the next. */
const steps: Record<string, () => void> = {
  'header scan (pass 1)': () => {
    for (const item of items) readHeaderFacts(bytesSource(item.bytes));
  },
  'parse input': () => {
    for (const item of items) item.file = parseDicom(bytesSource(item.bytes));
  },
  'plan edits': () => {
    for (const item of items) {
      const plan = planFileEdits(item.file!, {
        index: context.index,
        patientId: item.task.patientId,
        profile: context.profile,
        hashAccession: context.hashAccession,
        ...(context.uid === undefined ? {} : { uid: context.uid }),
        ...(context.dateShiftDays === undefined ? {} : { dateShiftDays: context.dateShiftDays(item.task.patientId) }),
      });
      item.parts = rewriteDicom(item.file!, plan.edits);
    }
  },
  'lay out the new bytes (in memory here)': () => {
    for (const item of items) item.written = assemble(item.parts!, item.bytes);
  },
  'verify written (parse + second opinion + bulk)': () => {
    for (const item of items) {
      const verdict = verifyTemp(context, bytesSource(item.written!) as unknown as FileSource, item.file!, item.task);
      if (!verdict.clean) throw new Error(`${item.task.ref}: ${verdict.element}`);
    }
  },
};

const cpuMs = (run: () => void) => {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const times = new Map(Object.keys(steps).map((name) => [name, [] as number[]]));
for (let round = 0; round < rounds; round++) for (const [name, run] of Object.entries(steps)) times.get(name)!.push(cpuMs(run));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const perFile = (ms: number) => (ms * 1000) / items.length;
const megabytes = items.reduce((sum, item) => sum + item.bytes.length, 0) / 1e6;
console.error(`${items.length} files (${megabytes.toFixed(0)} MB), profile ${profileName}, CPU µs per file, median of ${rounds} rounds:`);
let total = 0;
const result: Record<string, number> = {};
for (const [name, values] of times) {
  const us = perFile(median(values));
  total += us;
  result[name] = Math.round(us);
  console.error(`  ${name.padEnd(48)} ${us.toFixed(0).padStart(6)}`);
}
console.error(`  ${'total'.padEnd(48)} ${total.toFixed(0).padStart(6)}`);
console.log(JSON.stringify({ files: items.length, profile: profileName, microsecondsPerFile: result, total: Math.round(total) }));
