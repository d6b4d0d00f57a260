/**
 * Headless Chromium for the GUI's end-to-end tests: Debian's `/usr/bin/chromium` through
 * playwright-core (no browser download), a fresh profile, no network. Missing Chromium skips
 * outside CI and fails in CI, like the other checkers.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { stopAllGuis } from './gui-process.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = resolve(import.meta.dirname, '../../test-results/gui');

export function chromiumUnavailable(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  const message = `${CHROMIUM} is not installed (run scripts/setup.sh)`;
  if (process.env.CI) throw new Error(message);
  return message;
}

/** Every browser still open: a failed test must not leave one holding the test file open. */
const open = new Set<BrowserContext>();

/** Closes every browser a test launched and did not close (for `after` hooks). */
export async function closeAllBrowsers(): Promise<void> {
  await Promise.all([...open].map((context) => context.close().catch(() => undefined)));
  open.clear();
}

/** A browser context in a throwaway profile; close it to end the browser. */
export async function launchBrowser(viewport = { width: 1200, height: 900 }): Promise<BrowserContext> {
  const profile = await mkdtemp(join(tmpdir(), 'dicomveil-chromium-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const context = await launchContext(profile, viewport);
  open.add(context);
  context.once('close', () => open.delete(context));
  return context;
}

function launchContext(profile: string, viewport: { width: number; height: number }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** Fills the folders, previews and starts a run as a user of the page would; returns once the result shows. */
export async function previewAndStart(page: Page, folders: { input: string; output: string }): Promise<void> {
  await page.locator('#preview-button').waitFor();
  await page.fill('#opt-input', folders.input);
  await page.fill('#opt-output', folders.output);
  await page.click('#preview-button');
  await page.locator('#plan-table').waitFor({ timeout: 60_000 });
  await page.click('#start-button');
  await page.locator('#result').waitFor({ timeout: 120_000 });
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let axeSource: string | undefined;

/** axe-core's violations on the page as it stands, as "rule: first offending element" lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol: the page's own policy allows no injected script tag.
  axeSource ??= readFileSync(AXE, 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; help: string; nodes: { html: string }[] }[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return violations.map((v) => `${v.id} (${v.help}): ${v.nodes.map((n) => n.html.slice(0, 120)).join(' | ')}`);
}

/**
 * The temp folder of one GUI test file, handed to `use` once made, and the clean-up every such
 * file needs: the folder removed, every browser and GUI process its tests started ended, a failed
 * test's included (left running they keep the file, and the suite, from ending).
 */
export function guiTestFolder(prefix: string, use: (path: string) => void): void {
  let path = '';
  before(async () => {
    path = await mkdtemp(join(tmpdir(), prefix));
    use(path);
  });
  after(async () => {
    await closeAllBrowsers();
    stopAllGuis();
    if (path !== '') await rm(path, { recursive: true, force: true });
  });
}
