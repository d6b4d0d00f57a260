/**
 * Headless Chromium for the GUI's end-to-end tests: Debian's `/usr/bin/chromium` through
 * playwright-core (no browser download), a fresh profile, no network. Missing Chromium skips
 * outside CI and fails in CI, like the other checkers.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/gui');

export function chromiumUnavailable(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const message = `${CHROMIUM} is not installed (run scripts/setup.sh)`;
  if (process.env.CI) throw new Error(message);
  return message;
}

/** A browser context in a throwaway profile; close it to end the browser. */
export async function launchBrowser(viewport = { width: 1200, height: 900 }): Promise<BrowserContext> {
  const profile = await mkdtemp(join(tmpdir(), 'dicomveil-chromium-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}
