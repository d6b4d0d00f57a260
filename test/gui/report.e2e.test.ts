/**
 * report.html and report-private.html, as the command writes them: the shareable page holds no
 * name, spelling, PatientID or input path of the generated patients (searched with the independent
 * scan's patterns, not dicomveil's finder), and opened in Chromium it shows report.json's counts;
 * the private page names the patients and their sources. axe-core checks both pages.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { generateDataset, LAYOUT } from '../../src/node/example/index.ts';
import { personPatterns } from '../e2e/independent-scan.ts';
import { axeViolations, chromiumUnavailable, launchBrowser, SCREENSHOTS, guiTestFolder } from './browser.ts';

const skip = chromiumUnavailable();
const BIN = resolve(import.meta.dirname, '../../bin/dicomveil.mjs');

let root: string;
let browser: BrowserContext | undefined;
guiTestFolder('dicomveil-report-html-', (path) => {
  root = path;
});

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The text a person reads on the page, without markup. */
function pageText(html: string): string {
  return html.replace(/<[^>]*>/g, ' ').replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}

test('the command writes report.html (shareable, counts shown) and report-private.html (names and paths)', { skip, timeout: 180_000 }, async () => {
  const truth = await generateDataset(root, { seed: 5, patients: 8, filesPerSession: 3 });
  const input = join(root, LAYOUT.input);
  const output = join(root, 'out');
  const privateDir = `${output}-private`;
  const run = spawnSync(process.execPath, [BIN, 'anonymize', input, '--output', output, '--demographics', join(root, LAYOUT.demographics), '--jobs', '1'], { encoding: 'utf8' });
  assert.ok(run.status === 0 || run.status === 3, run.stderr);

  const report = JSON.parse(readFileSync(join(output, 'report.json'), 'utf8')) as { files: Record<string, number>; nameReplacements: Record<string, number>; status: string };
  const html = readFileSync(join(output, 'report.html'), 'utf8');
  const privateHtml = readFileSync(join(privateDir, 'report-private.html'), 'utf8');
  assert.ok(!existsSync(join(output, 'report-private.html')), 'the private report is in the output');

  // No name, spelling, PatientID, source folder or input path of any patient, in markup or text.
  const findings: string[] = [];
  for (const form of [html, pageText(html)]) {
    const folded = fold(form);
    for (const p of truth.patients) {
      for (const pattern of personPatterns({ family: p.family, given: [p.given], patientIds: [p.patientId] })) if (pattern.test(folded)) findings.push(`${pattern.source} (${p.key})`);
      for (const spelling of [...p.spellings, p.source]) if (spelling.length >= 4 && folded.includes(fold(spelling))) findings.push(`"${spelling}" (${p.key})`);
    }
    for (const path of [root, input, privateDir]) if (form.includes(path)) findings.push(path);
  }
  assert.deepEqual(findings, []);
  // Self-contained: nothing is fetched, nothing runs.
  assert.doesNotMatch(html, /<script|<link|src=|url\(|https?:/i);

  // The private page is the one that names them.
  const privateText = fold(pageText(privateHtml));
  assert.ok(truth.patients.every((p) => privateText.includes(fold(p.family))), 'report-private.html does not name every patient');
  assert.ok(pageText(privateHtml).includes(input), 'report-private.html does not give the input folder');

  browser = await launchBrowser();
  const page = await browser.newPage();
  await page.goto(pathToFileURL(join(output, 'report.html')).href);
  const filesTable = page.locator('table', { has: page.locator('caption', { hasText: /^Files$/ }) });
  const anonymized = await filesTable.locator('tr', { has: page.locator('th', { hasText: /^Anonymized$/ }) }).locator('td').textContent();
  assert.equal(Number(anonymized), report.files.anonymized);
  assert.ok((report.files.anonymized ?? 0) > 0);
  const attributes = page.locator('table', { has: page.locator('caption', { hasText: /name or patient id was replaced/ }) });
  assert.equal(await attributes.locator('tbody tr').count(), Object.keys(report.nameReplacements).length);
  for (const [keyword, count] of Object.entries(report.nameReplacements)) {
    assert.equal(await attributes.locator('tr', { has: page.locator(`th:text-is("${keyword}")`) }).locator('td').textContent(), String(count));
  }
  await page.screenshot({ path: join(SCREENSHOTS, '20-report-html.png'), fullPage: true });
  assert.deepEqual(await axeViolations(page), []);
  // Printable: the print layout keeps every section.
  await page.emulateMedia({ media: 'print' });
  assert.ok(await page.locator('h2', { hasText: 'Files not anonymized' }).isVisible());

  await page.goto(pathToFileURL(join(privateDir, 'report-private.html')).href);
  await page.screenshot({ path: join(SCREENSHOTS, '21-report-private-html.png'), fullPage: true });
  assert.deepEqual(await axeViolations(page), []);
});
