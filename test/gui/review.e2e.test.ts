/**
 * What the page lets a person start, in a real headless Chromium: an input without DICOM is
 * refused on its field; a plan whose folders or options changed cannot be started until previewed
 * again; an ambiguous link must be chosen before Start; after Stop the status line, progress and
 * result say the same thing. axe-core checks every screen; screenshots go to test-results/gui/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { axeViolations, chromiumUnavailable, launchBrowser, SCREENSHOTS, guiTestFolder } from './browser.ts';
import { makeDataset } from './dataset.ts';
import { type GuiProcess, spawnGui, } from './gui-process.ts';

const skip = chromiumUnavailable();

let root: string;
let gui: GuiProcess | undefined;
let browser: BrowserContext | undefined;

guiTestFolder('dicomveil-gui-review-', (path) => {
  root = path;
});

/** A screenshot of the screen, and no axe-core violation on it. */
async function check(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  assert.deepEqual(await axeViolations(page), [], `axe-core on ${name}`);
}

test('no DICOM is refused on its field; a changed plan, an unchosen ambiguous link and Stop say what they are', { skip, timeout: 240_000 }, async () => {
  // Enough files that Stop lands in the middle of the write pass; one job, so the files are done
  // in the server's own thread and Stop must still be heard between them.
  const dataset = await makeDataset(join(root, 'study'), { patients: 24, filesPerSession: 8 });
  const empty = join(root, 'no-dicom-here');
  mkdirSync(empty);
  const output = join(root, 'out');

  gui = await spawnGui();
  browser = await launchBrowser();
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(gui.url);
  await page.locator('#preview-button').waitFor();
  await page.click('#step-options summary');
  await page.fill('#opt-jobs', '1');

  // An input with no DICOM file: said on the input field, in words, with the focus there.
  await page.fill('#opt-input', empty);
  await page.fill('#opt-output', output);
  await page.click('#preview-button');
  const inputError = page.locator('#opt-input-error');
  await inputError.waitFor({ state: 'visible', timeout: 60_000 });
  assert.match((await inputError.textContent()) ?? '', /no DICOM file found/);
  assert.doesNotMatch((await inputError.textContent()) ?? '', /<input>|--/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'opt-input');
  assert.equal(await page.getAttribute('#opt-input', 'aria-invalid'), 'true');
  assert.ok(await page.locator('#step-review').isHidden(), 'a refused preview left a plan on screen');
  await check(page, '10-no-dicom');
  // Plain words: no command-line flag or placeholder anywhere in the form, its hints or its errors.
  const formText = await page.locator('#options-form').evaluate((form) =>
    [form.textContent, ...Array.from(form.querySelectorAll('[placeholder], [aria-label]'), (e) => `${e.getAttribute('placeholder')} ${e.getAttribute('aria-label')}`)].join(' '));
  assert.doesNotMatch(formText, /--[a-z]|<input>|<output>|<private-dir>|private dir\b/i);

  // The input picker lists zips (a single zip is a valid input) and starts beside the path in its field.
  await page.fill('#opt-input', dataset.input);
  await page.click('#opt-input ~ button');
  const dialog = page.locator('dialog.browse[open]');
  await page.waitForFunction((path) => (document.getElementById('browse-path') as HTMLInputElement | null)?.value === path, dirname(dataset.input));
  await dialog.locator('#browse-path').fill(dataset.input);
  await dialog.locator('#browse-path').press('Enter');
  const zip = dialog.locator('button.entry.file', { hasText: /\.zip$/ }).first();
  await zip.waitFor();
  await check(page, '10b-picker-lists-zips');
  const zipName = ((await zip.textContent()) ?? '').trim();
  await zip.click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.inputValue('#opt-input'), join(dataset.input, zipName));
  // The output picker, its field empty, starts beside the path chosen last; it can name a new folder.
  await page.fill('#opt-output', '');
  await page.click('#opt-output ~ button');
  await page.waitForFunction((path) => (document.getElementById('browse-path') as HTMLInputElement | null)?.value === path, dataset.input);
  await dialog.getByRole('button', { name: 'Up one folder (..)' }).click();
  await page.waitForFunction((path) => (document.getElementById('browse-path') as HTMLInputElement | null)?.value === path, dirname(dataset.input));
  await dialog.locator('#browse-new-name').fill('fresh-out');
  await check(page, '10c-picker-new-folder');
  await dialog.getByRole('button', { name: 'Choose new folder' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.inputValue('#opt-output'), join(dirname(dataset.input), 'fresh-out'));
  assert.ok(!existsSync(join(dirname(dataset.input), 'fresh-out')), 'choosing a new folder created it');
  await page.fill('#opt-output', output);

  await page.fill('#opt-input', dataset.input);
  await page.fill('#opt-demographics', dataset.demographics);
  await page.click('#preview-button');
  await page.locator('#plan-table').waitFor({ timeout: 60_000 });
  assert.equal(await page.locator('#opt-input-error').isHidden(), true);
  assert.equal(await page.isEnabled('#start-button'), true);

  // Another output after the preview: the plan on screen is not what would run.
  await page.fill('#opt-output', join(root, 'another-out'));
  assert.equal(await page.isDisabled('#start-button'), true);
  assert.equal(await page.isDisabled('#save-links'), true);
  await page.locator('#stale-note').waitFor({ state: 'visible' });
  await check(page, '11-plan-out-of-date');
  // Back to the previewed folders: that plan is the one on screen again.
  await page.fill('#opt-output', output);
  assert.equal(await page.isEnabled('#start-button'), true);
  assert.ok(await page.locator('#stale-note').isHidden());

  // Start with an ambiguous link left open: nothing runs, the page asks for a choice on that row.
  const ambiguous = page.locator('#plan-table tbody tr', { hasText: 'Ambiguous' });
  const open = await ambiguous.count();
  assert.ok(open > 0, 'the generated dataset has no ambiguous link');
  await page.click('#start-button');
  await page.locator('#links-status', { hasText: 'Choose a link first' }).waitFor();
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-patient'));
  assert.equal(focused, ((await ambiguous.first().locator('th code').textContent()) ?? '').trim());
  assert.ok(await page.locator('#step-run').isHidden(), 'a run started with an unchosen link');
  assert.ok(!existsSync(join(output, 'report.json')));
  await check(page, '12-ambiguous-must-be-chosen');

  // "No demographics row" is an explicit choice too.
  for (let i = 0; i < open; i += 1) await ambiguous.nth(i).locator('select').selectOption('__none');

  // Stop is pressed from inside the page as the first written file is reported, so a fast
  // machine cannot finish the run before the press.
  const pressed = page.evaluate(() => new Promise<void>((resolve) => {
    const detail = document.getElementById('run-detail') as HTMLElement;
    new MutationObserver((_, observer) => {
      if (!detail.textContent?.startsWith('Writing and verifying')) return;
      observer.disconnect();
      (document.getElementById('stop-button') as HTMLButtonElement).click();
      resolve();
    }).observe(detail, { childList: true, characterData: true, subtree: true });
  }));
  await page.click('#start-button');
  await pressed;
  await page.locator('#result').waitFor({ timeout: 120_000 });
  const status = (await page.locator('#run-status').textContent()) ?? '';
  const headline = (await page.locator('#result .status').textContent()) ?? '';
  const detail = (await page.locator('#run-detail').textContent()) ?? '';
  assert.equal(status, 'Stopped.');
  assert.match(headline, /^Stopped/);
  assert.match(detail, /^Stopped: \d+ of \d+ files written and verified\.$/);
  assert.doesNotMatch(detail, /time left|files\/s/);
  await check(page, '13-stopped');

  // A fresh page shows the form with the stopped run's folders, and offers the result without showing it.
  await page.reload();
  await page.locator('#last-result').waitFor({ state: 'visible' });
  assert.ok(await page.locator('#step-result').isHidden(), 'a fresh page shows the last result, names and all');
  assert.equal(await page.inputValue('#opt-input'), dataset.input);
  assert.equal(await page.inputValue('#opt-output'), output);
  assert.equal(await page.inputValue('#opt-jobs'), '1');
  await check(page, '14-reload-after-stop');
  await page.click('#show-last-result');
  await page.locator('#result .status', { hasText: /^Stopped/ }).waitFor();
  assert.ok(await page.locator('#last-result').isHidden());
  assert.deepEqual(pageErrors, []);

  await browser.close();
  browser = undefined;
  assert.equal(await gui.interrupt(), 0, gui.stderr());
});
