/**
 * `links.csv`, the link choices made in the review (CONTRACT.md "Output layout"): columns
 * `dicom_name`, `demographics_name`, an empty demographics name meaning "no demographics row".
 * Every later run reads it from the private dir, the CLI's included, so choices are merged into
 * the file rather than replacing earlier ones.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Papa from 'papaparse';

/** One choice: this DICOM name goes with that demographics name, or with none (`''`). */
export interface LinkChoice {
  dicomName: string;
  demographicsName: string;
}

export const LINKS_FILE = 'links.csv';

/** Excel runs a cell starting with = + - @ as a formula; a leading `'` keeps it text. */
function cell(text: string): string {
  const safe = /^[=+\-@]/.test(text) && !/^[+-]?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function uncell(text: string): string {
  return /^'[=+\-@]/.test(text) ? text.slice(1) : text;
}

/** Reads a links file; a missing file is no choices. Unknown columns are ignored. */
export async function readLinks(path: string): Promise<LinkChoice[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
  return parsed.data
    .filter((row) => typeof row.dicom_name === 'string' && row.dicom_name.trim() !== '')
    .map((row) => ({ dicomName: uncell(row.dicom_name ?? ''), demographicsName: uncell(row.demographics_name ?? '') }));
}

/** The CSV text: UTF-8 BOM (Excel), `;` delimiter, CRLF lines. */
export function formatLinks(choices: readonly LinkChoice[]): string {
  const lines = ['dicom_name;demographics_name', ...choices.map((c) => `${cell(c.dicomName)};${cell(c.demographicsName)}`)];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * Merges `choices` into `<privateDir>/links.csv` (a new choice for a DICOM name replaces the old
 * one), written atomically. Returns the file's path.
 */
export async function saveLinks(privateDir: string, choices: readonly LinkChoice[]): Promise<string> {
  const path = join(privateDir, LINKS_FILE);
  const merged = new Map<string, LinkChoice>();
  for (const choice of [...(await readLinks(path)), ...choices]) merged.set(choice.dicomName, choice);
  await mkdir(privateDir, { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, formatLinks([...merged.values()]), 'utf8');
  await rename(temp, path);
  return path;
}
