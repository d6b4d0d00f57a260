/**
 * "What changed in a file", in a real headless Chromium after a run: for a picked output file the
 * table lists exactly the top-level attributes pydicom finds different between the input and the
 * output, PatientName's before and after as pydicom reads them; a path outside the output and a
 * request without the session cookie are refused. axe-core checks the screen.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { generateDataset, LAYOUT } from '../../src/node/example/index.ts';
import { pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { axeViolations, chromiumUnavailable, guiTestFolder, launchBrowser, previewAndStart, SCREENSHOTS } from './browser.ts';
import { type GuiProcess, spawnGui, } from './gui-process.ts';

const skip = chromiumUnavailable() ?? pydicomUnavailable();

let root: string;
let gui: GuiProcess | undefined;
let browser: BrowserContext | undefined;

guiTestFolder('dicomveil-gui-changes-', (path) => {
  root = path;
});

/**
 * pydicom's reading of an input (`a.zip!entry`, nested at any depth) and an output: the top-level
 * data set tags whose values differ or that one side lacks, and both PatientNames.
 */
const PYDICOM_DIFF = `
import io, json, sys, zipfile, pydicom
def load(path):
    parts = path.split('!')
    if len(parts) == 1:
        return pydicom.dcmread(path, force=True)
    data = open(parts[0], 'rb').read()
    for name in parts[1:]:
        data = zipfile.ZipFile(io.BytesIO(data)).read(name)
    return pydicom.dcmread(io.BytesIO(data), force=True)
a, b = load(sys.argv[1]), load(sys.argv[2])
def fmt(tag):
    return '(%04X,%04X)' % (tag.group, tag.element)
differ = []
for tag in sorted(set(a.keys()) | set(b.keys())):
    x, y = a.get(tag), b.get(tag)
    if x is None or y is None:
        differ.append(fmt(tag))
    elif x.VR != 'SQ' and x.value != y.value:
        differ.append(fmt(tag))
print(json.dumps({'differ': differ, 'before': str(a.get('PatientName', '')), 'after': str(b.get('PatientName', ''))}))
`;

test('the changes of a written file are those pydicom sees; paths outside the output are refused', { skip, timeout: 180_000 }, async () => {
  await generateDataset(join(root, 'study'), { seed: 3, patients: 3, filesPerSession: 2 });
  const input = join(root, 'study', LAYOUT.input);
  const output = join(root, 'out');

  gui = await spawnGui();
  browser = await launchBrowser();
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(gui.url);
  await previewAndStart(page, { input, output });

  const select = page.locator('#changes-file');
  await page.locator('#changes-file:enabled').waitFor();
  const files = await select.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  assert.ok(files.length >= 6, `expected every written file listed, got ${files.length}`);
  await select.selectOption(files[1] ?? '');
  await page.click('#changes-show');
  await page.locator('#changes-table').waitFor();
  const status = (await page.locator('#changes-status').textContent()) ?? '';
  const source = /against the input (.+)\.$/.exec(status)?.[1];
  assert.ok(source !== undefined, status);

  const rows = await page.locator('#changes-table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (cell) => cell.textContent ?? '')));
  const truth = JSON.parse(pydicom(PYDICOM_DIFF, [source, join(output, files[1] ?? '')])) as { differ: string[]; before: string; after: string };
  const topLevel = rows.map((cells) => cells[1] ?? '').filter((path) => !path.includes('[') && !path.startsWith('(0002,') && !path.includes('.'));
  assert.deepEqual([...new Set(topLevel)].sort(), truth.differ);
  const name = rows.find((cells) => cells[0] === 'PatientName');
  assert.deepEqual(name?.slice(2), ['Changed', truth.before, truth.after]);
  assert.notEqual(truth.before, truth.after);
  await page.screenshot({ path: join(SCREENSHOTS, '30-what-changed.png'), fullPage: true });
  assert.deepEqual(await axeViolations(page), []);

  // Outside the output, or not written by the run: refused, said plainly; never opened.
  for (const path of ['../out-private/key', '/etc/passwd', `${files[0]}/../../x`, 'no-such-file.dcm']) {
    const answer = await page.evaluate(async (p) => {
      const response = await fetch(`/api/changes?path=${encodeURIComponent(p)}`);
      return { status: response.status, body: (await response.json()) as { error?: string; changes?: unknown } };
    }, path);
    assert.ok(answer.status === 400 || answer.status === 404, `${path}: ${answer.status}`);
    assert.match(answer.body.error ?? '', /output folder/);
    assert.equal(answer.body.changes, undefined);
  }
  // Without the session cookie the route answers nothing.
  const stranger = await fetch(new URL(`/api/changes?path=${encodeURIComponent(files[1] ?? '')}`, gui.url));
  assert.ok(stranger.status === 401 || stranger.status === 403, String(stranger.status));
  assert.deepEqual(pageErrors, []);
});
