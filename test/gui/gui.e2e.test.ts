/**
 * The GUI end to end, as a person uses it: start `dicomveil gui --no-open`, open only the URL it
 * prints in a real headless Chromium, choose the folders on a generated dataset (browser dialog
 * and typed path), preview, change an ambiguous link, start, watch progress reach 100%, read the
 * result, and check the files written in the output and private folders. A screenshot of each
 * step goes to test-results/gui/.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Papa from 'papaparse';
import type { BrowserContext, Page } from 'playwright-core';
import { parseDicom } from '../../src/core/dicom/reader.ts';
import { bytesSource } from '../../src/core/dicom/source.ts';
import { joinParts, rewriteDicom } from '../../src/core/dicom/writer.ts';
import { axeViolations, chromiumUnavailable, guiTestFolder, launchBrowser, previewAndStart, SCREENSHOTS } from './browser.ts';
import { makeDataset } from './dataset.ts';
import { writeTiny } from '../e2e/tiny-dataset.ts';
import { type GuiProcess, spawnGui, } from './gui-process.ts';

const skip = chromiumUnavailable();

let root: string;
let gui: GuiProcess | undefined;
let browser: BrowserContext | undefined;

guiTestFolder('dicomveil-gui-e2e-', (path) => {
  root = path;
});

function csvRows(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Picks a folder (or a file in it) through the page's own browse dialog, typing its path. */
async function browseTo(page: Page, field: string, folder: string, file?: string): Promise<void> {
  await page.click(`#opt-${field} ~ button`);
  const dialog = page.locator('dialog.browse[open]');
  await dialog.locator('#browse-path').fill(folder);
  await dialog.locator('#browse-path').press('Enter');
  await page.waitForFunction((path) => (document.getElementById('browse-path') as HTMLInputElement | null)?.value === path, folder);
  await dialog.locator('.browse-status', { hasText: /\d+ (folders|entries)/ }).waitFor();
  assert.equal(await dialog.locator('#browse-path').inputValue(), folder);
  if (file === undefined) await dialog.getByRole('button', { name: 'Choose this folder' }).click();
  else await dialog.getByRole('button', { name: file, exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
}

test('choose, preview, change an ambiguous link, run to 100%, read the result', { skip, timeout: 180_000 }, async () => {
  const dataset = await makeDataset(join(root, 'study'));
  const output = join(root, 'shared-output');
  const privateDir = `${output}-private`;

  gui = await spawnGui();
  assert.match(gui.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  browser = await launchBrowser();
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto(gui.url);
  // The token is traded for the cookie and dropped from the address bar.
  assert.doesNotMatch(page.url(), /token=/);
  await page.locator('#preview-button').waitFor();
  await shot(page, '01-start');

  // Keyboard only: Tab to "Browse…", Enter opens the dialog, Escape closes it and gives focus back,
  // with a visible focus ring.
  await page.focus('#opt-input');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Browse…');
  await page.keyboard.press('Enter');
  await page.locator('dialog.browse[open]').waitFor();
  await page.keyboard.press('Escape');
  await page.locator('dialog.browse').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'opt-input');
  assert.equal(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle), 'solid');

  await browseTo(page, 'input', dataset.input);
  assert.equal(await page.inputValue('#opt-input'), dataset.input);
  await browseTo(page, 'demographics', join(dataset.demographics, '..'), dataset.demographics.split('/').pop());
  assert.equal(await page.inputValue('#opt-demographics'), dataset.demographics);
  await page.fill('#opt-output', output);
  await shot(page, '02-folders-chosen');

  await page.click('#preview-button');
  await page.locator('#plan-table').waitFor({ timeout: 60_000 });
  await shot(page, '03-preview');
  const rows = page.locator('#plan-table tbody tr');
  const patientCount = await rows.count();
  assert.ok(patientCount >= 2, `expected several patients, got ${patientCount}`);
  assert.ok(!existsSync(join(output, 'report.json')), 'the preview wrote into the output');

  // Every control has a label a screen reader can read.
  const unlabelled = await page.evaluate(() =>
    Array.from(document.querySelectorAll('input, select, button'))
      .filter((el) => ((el as HTMLInputElement).labels?.length ?? 0) === 0 && !el.getAttribute('aria-label') && !(el.tagName === 'BUTTON' && el.textContent?.trim()))
      .map((el) => el.outerHTML.slice(0, 100)),
  );
  assert.deepEqual(unlabelled, []);
  // At 200% zoom (half the CSS width) the page reflows: nothing wider than the window.
  await page.setViewportSize({ width: 600, height: 900 });
  await shot(page, '03b-preview-at-200-percent');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the page scrolls sideways at 200%');
  await page.setViewportSize({ width: 1200, height: 900 });

  // The ambiguous patient: pick its second candidate row.
  const ambiguous = rows.filter({ hasText: 'Ambiguous' }).first();
  assert.ok((await ambiguous.count()) > 0, 'the generated dataset has no ambiguous link');
  const patientId = ((await ambiguous.locator('th code').textContent()) ?? '').trim();
  const select = ambiguous.locator('select');
  const candidates = select.locator('optgroup[label="Closest rows"] option');
  assert.ok((await candidates.count()) >= 2, 'an ambiguous link offers at least two rows');
  const chosenRow = await candidates.nth(1).getAttribute('value');
  const chosenLabel = (await candidates.nth(1).textContent()) ?? '';
  // Each candidate row says what it holds of the person, beside what the images say.
  for (const label of await candidates.allTextContents()) assert.match(label, / \(row \d+, distance [\d.]+; (born \d{4}-\d{2}-\d{2}|birth date not given)/);
  assert.match((await ambiguous.locator('.facts').textContent()) ?? '', /born \d{4}-\d{2}-\d{2}|birth date not given/);
  const chosenName = chosenLabel.replace(/ \(row \d+, distance [^)]*\)$/, '');
  const dicomName = (await ambiguous.locator('td').first().evaluate((td) => td.firstChild?.textContent ?? '')).trim();
  await select.selectOption(chosenRow ?? '');
  assert.equal(await ambiguous.locator('input[type=checkbox]').isChecked(), true);
  // The row's status follows the choice at once.
  assert.match((await ambiguous.locator('td[data-label="Demographics link"]').textContent()) ?? '', /^Your choice: .*not saved yet/);
  await shot(page, '04-link-changed');

  await page.click('#save-links');
  await page.locator('#links-status', { hasText: 'saved to' }).waitFor();
  await page.locator('#plan-table').waitFor();
  const changedRow = page.locator('#plan-table tbody tr', { has: page.locator(`th code:text-is("${patientId}")`) });
  await changedRow.locator('td', { hasText: '(your choice)' }).waitFor();
  const links = csvRows(join(privateDir, 'links.csv'));
  assert.deepEqual(links.map((l) => [l.dicom_name, l.demographics_name]), [[dicomName, chosenName]]);

  await page.click('#start-button');
  await page.locator('#step-run').waitFor();
  // Either phase: "60 files found so far" while reading headers, "79 files/s" while writing.
  await page.locator('#run-detail', { hasText: /files( found so far|\/s)/ }).waitFor();
  await shot(page, '05-progress');
  // 100% of the write pass: every file written and verified.
  await page.locator('#run-detail', { hasText: /Writing and verifying: (\d+) of \1 files/ }).waitFor({ timeout: 120_000 });
  assert.equal(await page.locator('#run-percent').textContent(), '100%');
  await page.locator('#result').waitFor({ timeout: 60_000 });
  await shot(page, '06-result');

  const status = (await page.locator('#result .status').textContent()) ?? '';
  assert.match(status, /Finished/);
  const resultIds = await page.locator('#result-patients tbody tr th code').allInnerTexts();
  assert.ok(resultIds.includes(patientId));

  // The output holds one folder per patient id, report.json, nothing named after a patient.
  const outputEntries = readdirSync(output);
  assert.ok(outputEntries.includes('report.json'));
  for (const id of resultIds) assert.ok(outputEntries.includes(id), `${id} has no folder in the output`);
  assert.ok(!existsSync(join(output, '.dicomveil-tmp')), 'temp files left behind');

  // The private dir holds the key and the mapping; the mapping honours the changed link.
  for (const name of ['key', 'mapping.csv', 'links.csv', 'README.txt']) assert.ok(existsSync(join(privateDir, name)), `${name} missing`);
  const mapping = csvRows(join(privateDir, 'mapping.csv'));
  assert.equal(mapping.find((row) => row.id === patientId)?.demographics_name, chosenName);

  // The result links to both report pages, written by the run beside report.json and in the private folder.
  assert.ok(existsSync(join(output, 'report.html')) && existsSync(join(privateDir, 'report-private.html')));
  const reportPage = await browser.newPage();
  await reportPage.goto(new URL((await page.locator('#report-link').getAttribute('href')) ?? '', page.url()).href);
  await reportPage.locator('.status', { hasText: /^Complete/ }).waitFor();
  const reportText = (await reportPage.locator('main').textContent()) ?? '';
  assert.ok(!reportText.includes(chosenName) && !reportText.includes(dataset.input), 'report.html names a patient or the input');
  await reportPage.screenshot({ path: join(SCREENSHOTS, '06b-report-html.png'), fullPage: true });
  assert.deepEqual(await axeViolations(reportPage), []);
  await reportPage.goto(new URL((await page.locator('#private-report-link').getAttribute('href')) ?? '', page.url()).href);
  assert.ok(((await reportPage.locator('main').textContent()) ?? '').includes(chosenName), 'report-private.html does not name the chosen link');
  await reportPage.close();
  assert.deepEqual(await axeViolations(page), []);

  // The key never reaches the page.
  const key = readFileSync(join(privateDir, 'key'));
  const html = await page.content();
  for (const form of [key.toString('hex'), key.toString('base64'), key.toString('utf8').trim()]) assert.ok(form.length < 8 || !html.includes(form));
  assert.deepEqual(pageErrors, []);

  await browser.close();
  browser = undefined;
  assert.equal(await gui.interrupt(), 0, gui.stderr());
});

test('a name that cannot be removed stops the run, and the page says which file, which element, what to do', { skip, timeout: 180_000 }, async () => {
  const dataset = await makeDataset(join(root, 'residue-study'));
  // A family name inside a standard binary element (an ICC profile): it cannot be replaced in
  // place, so the file is a residue. (A family name alone is searched from 4 letters on.)
  const ascii = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '');
  const ownerOf = (key: string | null) => dataset.truth.patients.find((p) => p.key === key);
  const victim = dataset.truth.files.find((f) => f.kind === 'dicom' && !f.ref.includes('!') && /^[A-Za-z]{4,}$/.test(ascii(ownerOf(f.patient)?.family ?? '')));
  assert.ok(victim !== undefined);
  const owner = ownerOf(victim.patient)!;
  const victimPath = join(dataset.input, victim.ref);
  const original = parseDicom(bytesSource(new Uint8Array(readFileSync(victimPath))));
  const icc = new TextEncoder().encode(`desc ${ascii(owner.family)} `);
  writeFileSync(victimPath, joinParts(rewriteDicom(original, [{ op: 'insert', tag: 0x00282000, vr: 'OB', value: icc }]), original.source));
  const output = join(root, 'residue-output');

  gui = await spawnGui();
  browser = await launchBrowser();
  const page = await browser.newPage();
  await page.goto(gui.url);
  await previewAndStart(page, { input: dataset.input, output });
  const residue = page.locator('#result .residue');
  await residue.waitFor();
  await shot(page, '07-residue');
  const text = (await residue.textContent()) ?? '';
  assert.match(text, /Input file/);
  assert.ok(text.includes(victim.ref.split('/').pop()!), `the residue message does not name ${victim.ref}: ${text}`);
  assert.match(text, /\(0028,2000\)/);
  assert.match(text, /What to do/);
  // The file went to the private quarantine, and no output file holds the planted name.
  const quarantine = ((await residue.locator('dd code').nth(2).textContent()) ?? '').trim();
  assert.ok(quarantine.startsWith(join(`${output}-private`, 'quarantine')), quarantine);
  assert.ok(existsSync(quarantine));
  const planted = Buffer.from(ascii(owner.family), 'latin1');
  for (const name of readdirSync(output, { recursive: true, encoding: 'utf8' })) {
    const path = join(output, name);
    if (statSync(path).isFile()) assert.ok(!readFileSync(path).includes(planted), `${name} holds the planted name`);
  }

  await browser.close();
  browser = undefined;
  assert.equal(await gui.interrupt(), 0, gui.stderr());
});

test('a suggested link comes pre-selected; one tick confirms it, links.csv gets it, the run applies it', { skip, timeout: 180_000 }, async () => {
  const input = join(root, 'suggest-input');
  writeTiny(input, [
    { path: 'p1/1.dcm', name: 'DUPONT^JEAN', patientId: 'DPJ001', birthDate: '19700312' },
    { path: 'p2/1.dcm', name: 'MILLAR^TALIA', patientId: 'MTA002', birthDate: '19830601' },
  ]);
  const demographics = join(root, 'suggest-demographics.csv');
  // Talia's birth date differs by one digit: her row is only suggested.
  writeFileSync(demographics, 'name;birth_date;arm\nJean Dupont;1970-03-12;A\nTalia Millar;1983-06-07;B\n');
  const output = join(root, 'suggest-output');
  const privateDir = `${output}-private`;

  gui = await spawnGui();
  browser = await launchBrowser();
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(gui.url);
  await page.fill('#opt-input', input);
  await page.fill('#opt-demographics', demographics);
  await page.fill('#opt-output', output);
  await page.click('#preview-button');
  await page.locator('#plan-table').waitFor({ timeout: 60_000 });
  assert.match((await page.locator('#step-review .lead').textContent()) ?? '', /1 linked, 1 suggested/);

  const suggested = page.locator('#plan-table tbody tr', { hasText: 'Suggested: Talia Millar' });
  await suggested.waitFor();
  // The evidence is shown: names agree fully, the birth date is near.
  assert.match((await suggested.textContent()) ?? '', /name full \(distance 0\.00\), birth date near/);
  assert.match((await page.locator('#plan-table tbody tr', { hasText: 'DUPONT^JEAN' }).textContent()) ?? '', /birth date same/);
  const patientId = ((await suggested.locator('th code').textContent()) ?? '').trim();
  assert.equal(await suggested.locator('select').inputValue(), '3');
  const confirm = suggested.locator('input[type=checkbox]');
  assert.equal(await confirm.isChecked(), false);
  await shot(page, '08-suggested');
  await confirm.check();

  await page.click('#save-links');
  await page.locator('#links-status', { hasText: 'saved to' }).waitFor();
  assert.deepEqual(csvRows(join(privateDir, 'links.csv')).map((l) => [l.dicom_name, l.demographics_name]), [['MILLAR^TALIA', 'Talia Millar']]);
  // The preview is drawn again from links.csv: the choice is applied.
  const applied = page.locator('#plan-table tbody tr', { has: page.locator(`th code:text-is("${patientId}")`) });
  await applied.locator('td', { hasText: 'Talia Millar (your choice)' }).waitFor();

  await page.click('#start-button');
  await page.locator('#result').waitFor({ timeout: 120_000 });
  const mapping = csvRows(join(privateDir, 'mapping.csv'));
  const talia = mapping.find((row) => row.id === patientId);
  assert.deepEqual([talia?.demographics_name, talia?.link, talia?.evidence_birth_date], ['Talia Millar', 'manual', 'near']);
  const shared = csvRows(join(output, 'demographics_anonymized.csv'));
  assert.deepEqual(shared.map((row) => row.id).sort(), mapping.map((row) => row.id).sort());
  assert.equal(readFileSync(join(output, 'missing_demographics.csv'), 'utf8').replace(/^\uFEFF/, '').trim(), 'id');
  assert.deepEqual(pageErrors, []);

  await browser.close();
  browser = undefined;
  assert.equal(await gui.interrupt(), 0, gui.stderr());
});
