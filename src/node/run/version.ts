/** The tool version (report.json, DeidentificationMethod, --version): baked into a bundle, else read once from package.json. */
import { readFileSync } from 'node:fs';
import { bundledVersion } from '../bundled.ts';

let cached: string | undefined = bundledVersion;

export function toolVersion(): string {
  if (cached === undefined) {
    const url = new URL('../../../package.json', import.meta.url);
    cached = String((JSON.parse(readFileSync(url, 'utf8')) as { version?: unknown }).version ?? '0.0.0');
  }
  return cached;
}
