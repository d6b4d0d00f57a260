/**
 * "What changed" for a file of the last run's output: files.csv (private dir) says which input it
 * was written from; both are parsed with the codec and compared. The page names the file by its
 * path relative to the output, and only a file files.csv lists as written there is ever opened:
 * never a path the request makes up.
 */
import { realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type AttributeChange, diffDicom } from '../../core/dicom/diff.ts';
import { parseDicom } from '../../core/dicom/index.ts';
import type { AnonymizeOptions } from '../../core/options/schema.ts';
import { openFileSource } from '../../node/io/file-source.ts';
import { EntryOpener } from '../../node/sources/index.ts';
import { type FileRow, readFilesCsv } from '../../node/state/files-csv.ts';
import { privatePaths } from '../../node/state/private-dir.ts';
import type { ChangedFilesAnswer, FileChangesAnswer } from '../api-types.ts';

/** Outcomes whose output file was written from an input (a quarantined copy is not in the output). */
const WRITTEN = new Set(['anonymized', 'unchanged']);

/** Most files listed to pick from; a larger output is still reachable by path. */
export const LISTED_FILES = 5000;

/** A request the server refuses, with the words the page shows. */
export class ChangesRefusal extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404,
  ) {
    super(message);
  }
}

/** The path of `row`'s output relative to `output`, or undefined when it was written elsewhere. */
function outputPath(output: string, row: FileRow): string | undefined {
  if (!WRITTEN.has(row.outcome) || row.output === '') return undefined;
  const rel = relative(output, row.output);
  return rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`) ? undefined : rel.split(sep).join('/');
}

function writtenRows(options: AnonymizeOptions): { path: string; row: FileRow }[] {
  return readFilesCsv(privatePaths(options.privateDir).files).flatMap((row) => {
    const path = outputPath(resolve(options.output), row);
    return path === undefined ? [] : [{ path, row }];
  });
}

/** The output files of the run, by path relative to the output, to pick one from. */
export function listChangedFiles(options: AnonymizeOptions): ChangedFilesAnswer {
  const paths = writtenRows(options).map((r) => r.path).sort();
  return { total: paths.length, files: paths.slice(0, LISTED_FILES) };
}

/** Refuses anything but a plain relative path inside the output. */
function checkRequested(path: string): void {
  const parts = path.split(/[\\/]/);
  if (path === '' || path.includes('\0') || isAbsolute(path) || /^[a-z]:/i.test(path) || parts.includes('..') || parts.includes('.')) {
    throw new ChangesRefusal(`Only a file inside the output folder can be shown, named by its path in that folder; "${path}" is not one.`, 400);
  }
}

/** The folder input refs are relative to: the input folder, or the folder holding a zip input. */
async function inputRoot(input: string): Promise<string> {
  const real = await realpath(input);
  return (await stat(real)).isDirectory() ? real : dirname(real);
}

/**
 * The files.csv row of the output file `path` (relative to the output) and where it is on disk:
 * the only way a request's path leads to a file.
 */
export function writtenOutput(options: AnonymizeOptions, path: string): { row: FileRow; file: string } {
  checkRequested(path);
  const found = writtenRows(options).find((r) => r.path === path);
  if (found === undefined) throw new ChangesRefusal(`The last run wrote no file "${path}" in the output folder.`, 404);
  return { row: found.row, file: join(resolve(options.output), ...path.split('/')) };
}

/** The attributes that differ between an output file of the last run and its input. */
export async function fileChanges(options: AnonymizeOptions, path: string): Promise<FileChangesAnswer> {
  const found = writtenOutput(options, path);
  const root = await inputRoot(options.input);
  if (!found.row.input.startsWith(root + sep)) throw new ChangesRefusal(`The input of "${path}" is not in the input folder of the last run.`, 404);
  const opener = new EntryOpener(root);
  const output = openFileSource(found.file);
  try {
    const handle = await opener.open(found.row.input.slice(root.length + 1), 'whole');
    try {
      const changes: AttributeChange[] = diffDicom(parseDicom(handle.source), parseDicom(output));
      return { path, input: found.row.input, changes };
    } finally {
      await handle.close();
    }
  } finally {
    output.close();
    await opener.close();
  }
}
