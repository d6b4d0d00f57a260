/**
 * "Rewrite PatientName to a new file" against `fs.copyFileSync`, in the same run, alternating:
 * a generated 300-file CT series (512×512×16-bit) and a 1 GB multiframe file, both kept under
 * `bench/.data/` (gitignored) between runs. The rewrite runs in a child process so its peak RSS
 * is its own. `npm run bench:codec [-- --rounds N --big-mb N]`.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseDicom, rewriteDicom } from '../src/core/dicom/index.ts';
import { openFileSource } from '../src/node/io/file-source.ts';
import { writePartsToFile, writePartsToFileAsync } from '../src/node/io/write-parts.ts';
import { type BuildElement, encodeDataset, encodeElement, part10, u16 } from '../test/codec/dataset-builder.ts';

const DATA = resolve(import.meta.dirname, '.data');
const LE = { explicitVr: true, littleEndian: true };
const text = (value: string) => new TextEncoder().encode(value.length % 2 ? `${value} ` : value);
const uid = (value: string) => new TextEncoder().encode(value.length % 2 ? `${value}\0` : value);

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** The header of a typical CT image: identifiers, a sequence, a private block, then pixel data follows. */
function ctHeader(index: number, frames: number): Uint8Array {
  const elements: BuildElement[] = [
    { tag: 0x00080005, vr: 'CS', value: text('ISO_IR 100') },
    { tag: 0x00080008, vr: 'CS', value: text('ORIGINAL\\PRIMARY\\AXIAL') },
    { tag: 0x00080016, vr: 'UI', value: text('1.2.840.10008.5.1.4.1.1.2\0') },
    { tag: 0x00080018, vr: 'UI', value: uid(`1.2.826.0.1.3680043.8.498.${index + 1}`) },
    { tag: 0x00080020, vr: 'DA', value: text('20240131') },
    { tag: 0x00080060, vr: 'CS', value: text('CT') },
    { tag: 0x00080080, vr: 'LO', value: text('General Hospital') },
    { tag: 0x00081030, vr: 'LO', value: text('CT THORAX DUPONT JEAN') },
    { tag: 0x00081140, vr: 'SQ', undefinedLength: true, items: [[{ tag: 0x00081150, vr: 'UI', value: text('1.2.840.10008.5.1.4.1.1.2\0') }]] },
    { tag: 0x00100010, vr: 'PN', value: text('DUPONT^JEAN') },
    { tag: 0x00100020, vr: 'LO', value: text('PID123456') },
    { tag: 0x00100030, vr: 'DA', value: text('19600101') },
    { tag: 0x00180050, vr: 'DS', value: text('1.25') },
    { tag: 0x0020000d, vr: 'UI', value: uid('1.2.826.0.1.3680043.8.498.1') },
    { tag: 0x00200013, vr: 'IS', value: text(String(index + 1)) },
    { tag: 0x00280002, vr: 'US', value: u16(1, true) },
    { tag: 0x00280004, vr: 'CS', value: text('MONOCHROME2') },
    { tag: 0x00280008, vr: 'IS', value: text(String(frames)) },
    { tag: 0x00280010, vr: 'US', value: u16(512, true) },
    { tag: 0x00280011, vr: 'US', value: u16(512, true) },
    { tag: 0x00280100, vr: 'US', value: u16(16, true) },
    { tag: 0x00280101, vr: 'US', value: u16(12, true) },
    { tag: 0x00291010, vr: 'OB', value: new Uint8Array(2048) },
    { tag: 0x00290010, vr: 'LO', value: text('ACME CT 1.0') },
  ].sort((a, b) => a.tag - b.tag);
  return part10('1.2.840.10008.1.2.1', encodeDataset(elements, LE));
}

let pattern: Uint8Array | undefined;

/** 8 MB of varied pixel bytes, made once. */
function pixelPattern(): Uint8Array {
  pattern ??= Uint8Array.from({ length: 8 * 1024 * 1024 }, (_, i) => (i * 31) & 0xff);
  return pattern;
}

/** Writes a CT file with `frames` frames of 512×512×16 bits, pixel data streamed in 8 MB chunks. */
function writeCt(path: string, index: number, frames: number): void {
  const pixelBytes = frames * 512 * 512 * 2;
  const pixelHeader = encodeElement({ tag: 0x7fe00010, vr: 'OW', value: new Uint8Array(0) }, LE);
  new DataView(pixelHeader.buffer).setUint32(8, pixelBytes, true);
  const chunk = pixelPattern();
  chunk[0] = index & 0xff;
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, ctHeader(index, frames));
    writeSync(fd, pixelHeader);
    for (let done = 0; done < pixelBytes; done += chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, pixelBytes - done));
  } finally {
    closeSync(fd);
  }
}

function generate(bigMb: number): { series: string[]; big: string } {
  const seriesDir = join(DATA, 'ct-series');
  const series = Array.from({ length: 300 }, (_, i) => join(seriesDir, `CT${String(i + 1).padStart(4, '0')}.dcm`));
  if (!series.every((path) => existsSync(path))) {
    mkdirSync(seriesDir, { recursive: true });
    for (const [index, path] of series.entries()) writeCt(path, index, 1);
  }
  const frames = Math.round((bigMb * 1024 * 1024) / (512 * 512 * 2));
  const big = join(DATA, `multiframe-${frames}.dcm`);
  if (!existsSync(big)) writeCt(big, 0, frames);
  return { series, big };
}

type Label = 'copy' | 'rewrite' | 'rewriteAsync';

/** Child: copies and rewrites each input, alternating per file and per round; prints timings and maxRSS. */
async function child(kind: 'series' | 'big', inputs: string[], rounds: number): Promise<void> {
  const out = join(DATA, `out-${kind}`);
  const name = new TextEncoder().encode('subj_8f3a2c1d');
  const rewrite = async (input: string, output: string, overlapped: boolean) => {
    const source = openFileSource(input);
    try {
      const file = parseDicom(source);
      const parts = rewriteDicom(file, [{ op: 'set', element: file.get(0x00100010)!, value: name }]);
      if (overlapped) await writePartsToFileAsync(parts, source, output);
      else writePartsToFile(parts, source, output);
    } finally {
      source.close();
    }
  };
  const labels: Label[] = kind === 'big' ? ['copy', 'rewrite', 'rewriteAsync'] : ['copy', 'rewrite'];
  const times: Record<Label, number[]> = { copy: [], rewrite: [], rewriteAsync: [] };
  for (let round = 0; round <= rounds; round++) {
    rmSync(out, { recursive: true, force: true });
    for (const label of labels) mkdirSync(join(out, label), { recursive: true });
    const spent: Record<Label, number> = { copy: 0, rewrite: 0, rewriteAsync: 0 };
    for (const [index, input] of inputs.entries()) {
      // Rotating which goes first spreads the machine's noise evenly over all of them.
      const shift = (index + round) % labels.length;
      for (const label of [...labels.slice(shift), ...labels.slice(0, shift)]) {
        const output = join(out, label, `${index}.dcm`);
        const start = performance.now();
        if (label === 'copy') copyFileSync(input, output);
        else await rewrite(input, output, label === 'rewriteAsync');
        spent[label] += performance.now() - start;
      }
    }
    // Round 0 warms the page cache and the JIT; it is not counted.
    if (round > 0) for (const label of labels) times[label].push(spent[label]);
  }
  rmSync(out, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ ...times, maxRssKb: process.resourceUsage().maxRSS }));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const rounds = option('rounds', 5);
  const bigMb = option('big-mb', 1024);
  if (process.argv[2] === '--child') {
    const kind = process.argv[3] as 'series' | 'big';
    const { series, big } = generate(bigMb);
    await child(kind, kind === 'series' ? series : [big], rounds);
    return;
  }
  const { series, big } = generate(bigMb);
  const rows: string[] = [];
  for (const kind of ['series', 'big'] as const) {
    const inputs = kind === 'series' ? series : [big];
    const bytes = inputs.reduce((sum, path) => sum + statSync(path).size, 0);
    const run = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', kind, '--rounds', String(rounds), '--big-mb', String(bigMb)], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(run.stderr);
    const result = JSON.parse(run.stdout) as { copy: number[]; rewrite: number[]; rewriteAsync: number[]; maxRssKb: number };
    const copy = median(result.copy);
    const rewrite = median(result.rewrite);
    const overlapped = result.rewriteAsync.length > 0 ? median(result.rewriteAsync) : undefined;
    const mbps = (ms: number) => (bytes / 1024 / 1024 / (ms / 1000)).toFixed(0);
    const target = kind === 'big' ? 1.3 : 1.5;
    rows.push(
      `${kind === 'series' ? `CT series, ${inputs.length} files` : 'multiframe, 1 file'} (${(bytes / 1024 / 1024).toFixed(0)} MB): ` +
        `copy ${copy.toFixed(0)} ms (${mbps(copy)} MB/s), rewrite ${rewrite.toFixed(0)} ms (${mbps(rewrite)} MB/s), ` +
        `ratio ${(rewrite / copy).toFixed(2)}× (target ≤ ${target}×), peak RSS ${(result.maxRssKb / 1024).toFixed(0)} MB (target < 300 MB)` +
        (kind === 'series' ? `, ${(rewrite / inputs.length).toFixed(2)} ms/file vs ${(copy / inputs.length).toFixed(2)}` : '') +
        (overlapped === undefined ? '' : `; overlapped writer ${overlapped.toFixed(0)} ms (${mbps(overlapped)} MB/s), ratio ${(overlapped / copy).toFixed(2)}×`),
    );
  }
  writeFileSync(join(DATA, 'last-run.txt'), `${rows.join('\n')}\n`);
  console.log(rows.join('\n'));
}

await main();
