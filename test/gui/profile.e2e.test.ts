/**
 * The profile choice in the form, in a real headless Chromium, before any folder is chosen: the
 * Retain and Clean options are checkboxes, each explained in a sentence; one click shows the
 * resolved action table, row for row what `dicomveil profile --json` prints for the same options,
 * with a line that says what is kept; an option the research profile does not have is refused on
 * its field. axe-core checks the screen.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { plainWords } from '../../src/gui/web/plain-words.ts';
import { axeViolations, chromiumUnavailable, closeAllBrowsers, launchBrowser, SCREENSHOTS } from './browser.ts';
import { type GuiProcess, spawnGui, stopAllGuis } from './gui-process.ts';

const skip = chromiumUnavailable();
const BIN = resolve(import.meta.dirname, '../../bin/dicomveil.mjs');

let gui: GuiProcess | undefined;
let browser: BrowserContext | undefined;

after(async () => {
  await closeAllBrowsers();
  stopAllGuis();
});

interface Row {
  keyword: string;
  tag: string;
  action: string;
  origin: string;
}

/** The rows the command prints for these flags. */
function commandRows(args: string[]): Row[] {
  const run = spawnSync(process.execPath, [BIN, 'profile', ...args, '--json'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return (JSON.parse(run.stdout) as { rules: Row[] }).rules.map(({ keyword, tag, action, origin }) => ({ keyword, tag, action, origin: plainWords(origin) }));
}

async function shownRows(page: Page): Promise<Row[]> {
  // The page words each origin without flags; compare with the command's rows in the same words.
  return page.locator('#profile-table-now tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const [keyword, tag, action, origin] = Array.from(tr.children, (cell) => cell.textContent ?? '');
      return { keyword: keyword ?? '', tag: tag ?? '', action: action ?? '', origin: origin ?? '' };
    }));
}

test('profile, Retain and Clean in the form; the action table one click away, as the command prints it', { skip, timeout: 120_000 }, async () => {
  gui = await spawnGui();
  browser = await launchBrowser();
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(gui.url);
  await page.locator('#preview-button').waitFor();

  // Each checkbox carries one sentence that says what it does, and no command-line flag.
  const boxes = page.locator('#opt-retain input[type=checkbox], #opt-clean input[type=checkbox]');
  assert.equal(await boxes.count(), 8);
  const sentences = await boxes.evaluateAll((inputs) => inputs.map((input) => document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent ?? ''));
  for (const sentence of sentences) assert.match(sentence, /^[A-Z][^.]*[^-]\.$|^[A-Z].*\.$/);
  assert.doesNotMatch(sentences.join(' '), /--[a-z]/);

  // The default profile, before any folder is chosen.
  await page.click('#show-profile');
  await page.locator('#profile-table-now tbody tr').first().waitFor();
  assert.deepEqual(await shownRows(page), commandRows([]));

  // The standard's profile with two of its options, chosen by checkbox.
  await page.selectOption('#opt-profile', 'basic');
  await page.check('#opt-retain-modified-dates');
  await page.check('#opt-clean-descriptors');
  await page.click('#show-profile');
  await page.locator('#profile-table-now summary', { hasText: 'basic profile' }).waitFor();
  const rows = commandRows(['--profile', 'basic', '--retain', 'modified-dates', '--clean', 'descriptors']);
  assert.deepEqual(await shownRows(page), rows);
  // What is kept, said plainly: every rule whose action is keep, by name.
  const kept = (await page.locator('#profile-table-now > p').textContent()) ?? '';
  const keptRows = rows.filter((row) => row.action === 'keep' && row.tag !== '*');
  assert.ok(keptRows.length > 0);
  for (const row of keptRows) assert.ok(kept.includes(row.keyword), `${row.keyword} is kept but not said`);
  assert.doesNotMatch((await page.locator('#profile-table-now').textContent()) ?? '', /--[a-z]/);
  await page.screenshot({ path: join(SCREENSHOTS, '32-profile-choice.png'), fullPage: true });
  assert.deepEqual(await axeViolations(page), []);

  // The research profile has no Retain options: refused on that field, focus on its first box.
  await page.selectOption('#opt-profile', 'research');
  await page.click('#show-profile');
  const error = page.locator('#opt-retain-error');
  await error.waitFor({ state: 'visible' });
  assert.match((await error.textContent()) ?? '', /only with/);
  assert.doesNotMatch((await error.textContent()) ?? '', /--/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'opt-retain-full-dates');
  assert.equal(await page.locator('#profile-table-now').count(), 0);
  assert.deepEqual(pageErrors, []);
});
