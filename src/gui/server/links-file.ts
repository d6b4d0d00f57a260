/**
 * The review's link choices go to `<private-dir>/links.csv` (CONTRACT.md "Output layout"), read
 * and written by the spreadsheet layer so the GUI and the CLI agree on its format. Every later run
 * reads it, so a new choice is merged in: it replaces the earlier choice for the same DICOM name
 * and keeps the others.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readLinksFile, writeLinksFile } from '../../node/spreadsheet/links-file.ts';

/** One choice: this DICOM name goes with that demographics name, or with none (`''`). */
export interface LinkChoice {
  dicomName: string;
  demographicsName: string;
}

/** The file name every run looks for in the private dir. */
export const LINKS_FILE = 'links.csv';

/** Reads a links file as the review shows it; a missing file is no choices. */
export async function readLinks(path: string): Promise<LinkChoice[]> {
  if (!existsSync(path)) return [];
  return (await readLinksFile(path)).map((c) => ({ dicomName: c.dicomName, demographicsName: c.demographicsName ?? '' }));
}

/**
 * Merges `choices` into the links file the next run reads: `linksFile` when the user named one
 * (`--links`), else `<privateDir>/links.csv`. Written atomically; returns the file's path.
 */
export async function saveLinks(privateDir: string, choices: readonly LinkChoice[], linksFile?: string): Promise<string> {
  const path = linksFile ?? join(privateDir, LINKS_FILE);
  const merged = new Map<string, LinkChoice>();
  for (const choice of [...(await readLinks(path)), ...choices]) merged.set(choice.dicomName, choice);
  await mkdir(dirname(path), { recursive: true });
  await writeLinksFile(path, [...merged.values()].map((c) => ({ dicomName: c.dicomName, demographicsName: c.demographicsName === '' ? undefined : c.demographicsName })));
  return path;
}
