/**
 * The review at scale, in a real headless Chromium: 300 sources of 60 patients (each patient's
 * folder or zip copied four times) are reviewed a page at a time, one row per patient with its
 * sources folded, narrowed to the patients without a matching row and sorted by file count. axe-core checks the
 * screen; screenshots go to test-results/gui/.
 */
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { generateDataset, LAYOUT } from '../../src/node/example/index.ts';
import { axeViolations, chromiumUnavailable, launchBrowser, SCREENSHOTS, guiTestFolder } from './browser.ts';
import { type GuiProcess, spawnGui, } from './gui-process.ts';

const skip = chromiumUnavailable();
const COPIES = 4;

let root: string;
let gui: GuiProcess | undefined;
let browser: BrowserContext | undefined;
guiTestFolder('dicomveil-gui-scale-', (path) => {
  root = path;
});

test('300 sources: one row per patient, sources folded, pages of 50, a filter and a sort', { skip, timeout: 240_000 }, async () => {
  const truth = await generateDataset(root, { seed: 7, patients: 60, filesPerSession: 1, sessions: [1, 1] });
  const input = join(root, LAYOUT.input);
  for (const patient of truth.patients) {
    const source = join(input, patient.source);
    for (let copy = 1; copy <= COPIES; copy += 1) {
      const name = patient.container === 'zip' ? patient.source.replace(/\.zip$/i, `-copy${copy}.zip`) : `${patient.source}-copy${copy}`;
      cpSync(source, join(input, name), { recursive: true });
    }
  }
  const patients = truth.patients.length;
  assert.equal(patients * (COPIES + 1), 300);

  gui = await spawnGui();
  browser = await launchBrowser();
  const page = await browser.newPage();
  await page.goto(gui.url);
  await page.fill('#opt-input', input);
  await page.fill('#opt-demographics', join(root, LAYOUT.demographics));
  await page.fill('#opt-output', join(root, 'out'));
  await page.click('#preview-button');
  await page.locator('#plan-table').waitFor({ timeout: 120_000 });

  const rows = page.locator('#plan-table tbody tr');
  const visible = page.locator('#plan-table tbody tr:not([hidden])');
  assert.equal(await rows.count(), patients, 'one row per patient, whatever its number of sources');
  assert.equal(await visible.count(), 50);
  assert.equal(await page.locator('#review-page').textContent(), `Patients 1–50 of ${patients}, page 1 of 2.`);
  // Each patient's five sources are folded under one line.
  const folded = visible.first().locator('td[data-label="Sources"] details');
  assert.equal(await folded.locator('summary').textContent(), `${COPIES + 1} sources`);
  assert.equal(await folded.evaluate((d) => (d as HTMLDetailsElement).open), false);
  await page.screenshot({ path: join(SCREENSHOTS, '30-review-300-sources.png'), fullPage: true });
  assert.deepEqual(await axeViolations(page), []);

  await page.click('#review-next');
  assert.equal(await visible.count(), patients - 50);
  assert.equal(await page.isDisabled('#review-next'), true);

  // Narrowed to the patients with no matching row: exactly the rows, on any page, that say so.
  const linkTexts = await rows.locator('td[data-label="Demographics link"]').allTextContents();
  const missing = linkTexts.filter((text) => text === 'No matching row').length;
  assert.ok(missing > 0 && missing < patients, `expected some patients without a matching row, got ${missing}`);
  await page.selectOption('#review-filter', 'link-missing');
  assert.equal(await visible.count(), missing);
  for (const text of await visible.locator('td[data-label="Demographics link"]').allTextContents()) assert.equal(text, 'No matching row');
  await page.screenshot({ path: join(SCREENSHOTS, '31-review-filtered.png'), fullPage: true });

  // Sorted by files, most first, over every patient.
  await page.selectOption('#review-filter', '');
  await page.selectOption('#review-sort', 'files');
  const counts = (await visible.locator('td[data-label="Files"]').allTextContents()).map(Number);
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
  assert.deepEqual(await axeViolations(page), []);

  await browser.close();
  browser = undefined;
  assert.equal(await gui.interrupt(), 0, gui.stderr());
});
