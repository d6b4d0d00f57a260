/**
 * The refusals that come before anything is written (CONTRACT.md exit code 2): a missing input,
 * an output inside the input (or the reverse), a private dir, demographics sheet or links file
 * inside the output, a links file inside the input, an output that holds something other than an
 * earlier output of the same private dir.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { UsageError } from '../../core/errors.ts';
import type { AnonymizeOptions } from '../../core/options/schema.ts';
import { readReportHead } from './report.ts';

export interface RunPaths {
  input: string;
  inputIsZip: boolean;
  output: string;
  privateDir: string;
}

/** Name of the temp folder under the output; gone when a run completes. */
export const TEMP_DIR_NAME = '.dicomveil-tmp';
/** Inside the temp folder: which private dir owns this output while no report.json says so. */
export const DATASET_MARKER = 'dataset';

/** True when `child` is `parent` or lies under it. */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The dataset id an output carries (report.json, or the marker of a run not finished). */
export function outputDatasetId(output: string): string | undefined {
  for (const read of [
    // report.json's head only: its file list may run to millions of lines.
    () => readReportHead(output).dataset,
    () => readFileSync(resolve(output, TEMP_DIR_NAME, DATASET_MARKER), 'utf8').trim(),
  ]) {
    try {
      const id = read();
      if (typeof id === 'string' && id.length > 0) return id;
    } catch {
      // Absent or unreadable: this place says nothing about ownership.
    }
  }
  return undefined;
}

/**
 * Resolves and checks the run's paths. `ownDatasetId` is the id the private dir gave its output,
 * if it has one; an output carrying another id (or none, with files in it) is foreign.
 */
export function checkRunPaths(options: AnonymizeOptions, ownDatasetId: string | undefined): RunPaths {
  const input = resolve(options.input);
  const output = resolve(options.output);
  const privateDir = resolve(options.privateDir);
  let inputStat: ReturnType<typeof statSync>;
  try {
    inputStat = statSync(input);
  } catch {
    throw new UsageError('E_INPUT_MISSING', `input not found: ${options.input}`, { file: options.input });
  }
  const inputIsZip = inputStat.isFile() && /\.zip$/i.test(input);
  if (!inputStat.isDirectory() && !inputIsZip) {
    throw new UsageError('E_INPUT_KIND', `input must be a folder or a .zip file: ${options.input}`, { file: options.input });
  }
  if (isInside(output, input) || isInside(input, output)) {
    throw new UsageError('E_OUTPUT_IN_INPUT', 'the output and the input must not contain one another', { file: options.output });
  }
  if (isInside(privateDir, output) || isInside(output, privateDir)) {
    throw new UsageError('E_PRIVATE_IN_OUTPUT', 'the private dir must not be inside the output (it holds the names), nor the output inside it', { file: options.privateDir });
  }
  // The sheet and the links file hold the names too: the output is what gets sent.
  for (const [flag, file] of [['--demographics', options.demographics], ['--links', options.links]] as const) {
    if (file !== undefined && isInside(resolve(file), output)) {
      throw new UsageError('E_NAMES_IN_OUTPUT', `${flag} must not be inside the output (it holds the names): ${file}`, { file });
    }
  }
  // The GUI writes the link choices into the links file, and the input is never modified.
  if (options.links !== undefined && isInside(resolve(options.links), input)) {
    throw new UsageError('E_LINKS_IN_INPUT', `--links must not be inside the input (link choices are written there): ${options.links}`, { file: options.links });
  }
  if (isInside(privateDir, input)) {
    throw new UsageError('E_PRIVATE_IN_INPUT', 'the private dir must not be inside the input', { file: options.privateDir });
  }
  if (existsSync(output)) {
    if (!statSync(output).isDirectory()) throw new UsageError('E_OUTPUT_NOT_DIR', `the output exists and is not a folder: ${options.output}`, { file: options.output });
    const entries = readdirSync(output);
    if (entries.length > 0) {
      const carried = outputDatasetId(output);
      if (carried === undefined || carried !== ownDatasetId) {
        throw new UsageError(
          'E_FOREIGN_OUTPUT',
          `the output folder is not empty and is not an earlier output of this private dir: ${options.output} (choose an empty folder, or the --private-dir used to write it)`,
          { file: options.output },
        );
      }
    }
  }
  return { input, inputIsZip, output, privateDir };
}
