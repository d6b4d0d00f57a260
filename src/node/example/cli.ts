/**
 * `node --import tsx src/node/example/cli.ts <dir> [--seed N] [--patients N] [--size-mb N]
 * [--files-per-session N] [--zipped-fraction F] [--implicit-fraction F]`: writes a synthetic dataset into `<dir>` (`input/`,
 * `demographics.csv`, `truth.json`) for the README example and the benchmarks.
 * Prints the input folder on stdout and a summary on stderr.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDataset, type GenerateOptions, LAYOUT } from './generate.ts';

const USAGE = 'usage: cli.ts <dir> [--seed N] [--patients N] [--size-mb N] [--files-per-session N] [--zipped-fraction F] [--implicit-fraction F]';

function integer(name: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`--${name} must be a whole number between ${min} and ${max}, got "${text}"`);
  return value;
}

function fraction(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new RangeError(`--${name} must be between 0 and 1, got "${text}"`);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      seed: { type: 'string' }, patients: { type: 'string' }, 'size-mb': { type: 'string' }, 'files-per-session': { type: 'string' },
      'zipped-fraction': { type: 'string' }, 'implicit-fraction': { type: 'string' }, help: { type: 'boolean' },
    },
  });
  if (values.help || positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const options: GenerateOptions = {};
  const seed = integer('seed', values.seed, 0, 2 ** 32 - 1);
  const patients = integer('patients', values.patients, 1, 60);
  const sizeMb = integer('size-mb', values['size-mb'], 1, 1_000_000);
  const filesPerSession = integer('files-per-session', values['files-per-session'], 1, 100_000);
  if (seed !== undefined) options.seed = seed;
  if (patients !== undefined) options.patients = patients;
  if (sizeMb !== undefined) options.sizeMb = sizeMb;
  if (filesPerSession !== undefined) options.filesPerSession = filesPerSession;
  const zippedFraction = fraction('zipped-fraction', values['zipped-fraction']);
  const implicitFraction = fraction('implicit-fraction', values['implicit-fraction']);
  if (zippedFraction !== undefined) options.zippedFraction = zippedFraction;
  if (implicitFraction !== undefined) options.implicitFraction = implicitFraction;
  const dir = resolve(positionals[0]!);
  const started = performance.now();
  const truth = await generateDataset(dir, options);
  const zipped = truth.patients.filter((p) => p.container === 'zip').length;
  process.stderr.write(
    `${truth.patients.length} patients (${zipped} zipped), ${truth.totals.dicomFiles} DICOM + ${truth.totals.otherFiles} other files, ` +
      `${(truth.totals.bytes / 1024 / 1024).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s\n` +
      `demographics: ${resolve(dir, LAYOUT.demographics)}\ntruth: ${resolve(dir, LAYOUT.truth)}\n`,
  );
  process.stdout.write(`${resolve(dir, LAYOUT.input)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
  },
);
