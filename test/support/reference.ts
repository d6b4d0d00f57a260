/**
 * The shared reference tables (`../shared/reference`, beside the corpus): PS3.15 Table E.1-1 as
 * JSON. Missing outside CI skips the tests that need it; in CI it is a failure.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { corpusDir } from './corpus.ts';

export const confidentialityTablePath = join(resolve(corpusDir, '../reference'), 'ps3.15-e1-1-confidentiality-profile.json');

export function referenceUnavailable(): string | undefined {
  if (existsSync(confidentialityTablePath)) return undefined;
  const message = `PS3.15 reference table not found at ${confidentialityTablePath}`;
  if (process.env.CI) throw new Error(message);
  return message;
}
