/** The tool version, read once from package.json (report.json, DeidentificationMethod, --version). */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

export function toolVersion(): string {
  if (cached === undefined) {
    const url = new URL('../../../package.json', import.meta.url);
    cached = String((JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown }).version ?? '0.0.0');
  }
  return cached;
}
