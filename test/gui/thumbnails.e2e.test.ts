/**
 * Thumbnails of flagged images, in a real headless Chromium after a run on real files of the
 * corpus: a 16-bit MONOCHROME2 MR drawn from its raw samples has pydicom's size and pydicom's
 * pixels windowed to min/max; a JPEG baseline secondary capture is decoded by the browser at
 * pydicom's size; an RLE image says there is no preview. axe-core checks the screen.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { BrowserContext } from 'playwright-core';
import { pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { corpusDir, corpusUnavailable } from '../support/corpus.ts';
import { axeViolations, chromiumUnavailable, guiTestFolder, launchBrowser, previewAndStart, SCREENSHOTS } from './browser.ts';
import { type GuiProcess, spawnGui, } from './gui-process.ts';

const skip = chromiumUnavailable() ?? corpusUnavailable() ?? pydicomUnavailable();
const FILES = {
  Anna: 'pydicom/src/pydicom/data/test_files/MR_small_implicit.dcm',
  Bert: 'pydicom/src/pydicom/data/test_files/SC_rgb_jpeg_dcmtk.dcm',
  Carl: 'pydicom/src/pydicom/data/test_files/SC_rgb_rle_2frame.dcm',
};

let root: string;
let gui: GuiProcess | undefined;
let browser: BrowserContext | undefined;

guiTestFolder('dicomveil-gui-thumbs-', (path) => {
  root = path;
});

/** pydicom's size and transfer syntax of a file, and for raw grey pixels the 8-bit levels windowed to min/max at `points`. */
const PYDICOM_FRAME = `
import json, sys, numpy, pydicom
d = pydicom.dcmread(sys.argv[1])
points = json.loads(sys.argv[2])
out = {'rows': int(d.Rows), 'columns': int(d.Columns), 'syntax': str(d.file_meta.TransferSyntaxUID), 'levels': None}
if not d.file_meta.TransferSyntaxUID.is_compressed and d.PhotometricInterpretation.startswith('MONOCHROME'):
    a = d.pixel_array.astype(numpy.float64)
    if a.ndim == 3: a = a[0]
    lo, hi = a.min(), a.max()
    out['levels'] = [int(numpy.floor((a[y, x] - lo) * 255 / (hi - lo) + 0.5)) for x, y in points]
print(json.dumps(out))
`;

test('flagged images are drawn from their first frame as pydicom reads it; other encodings say no preview', { skip, timeout: 180_000 }, async () => {
  const input = join(root, 'input');
  for (const [patient, file] of Object.entries(FILES)) {
    mkdirSync(join(input, patient), { recursive: true });
    copyFileSync(join(corpusDir, file), join(input, patient, 'image.dcm'));
  }
  const output = join(root, 'out');

  gui = await spawnGui();
  browser = await launchBrowser();
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(gui.url);
  await previewAndStart(page, { input, output });

  const figures = page.locator('#thumbnails figure');
  assert.equal(await figures.count(), 3, 'every flagged image has a thumbnail');
  await page.waitForFunction(() => Array.from(document.querySelectorAll('#thumbnails figure')).every((f) => f.querySelector('canvas[data-drawn]') || f.querySelector('p')?.textContent));
  await page.screenshot({ path: join(SCREENSHOTS, '31-thumbnails.png'), fullPage: true });
  const syntaxes: string[] = [];
  for (let i = 0; i < 3; i += 1) {
    const figure = figures.nth(i);
    const path = ((await figure.locator('figcaption code').textContent()) ?? '').trim();
    const points = [[0, 0], [10, 20], [32, 32], [63, 40]];
    const truth = JSON.parse(pydicom(PYDICOM_FRAME, [join(output, path), JSON.stringify(points)])) as { rows: number; columns: number; syntax: string; levels: number[] | null };
    syntaxes.push(truth.syntax);
    if (truth.syntax === '1.2.840.10008.1.2.5') {
      assert.match((await figure.locator('p').textContent()) ?? '', /^No preview/);
      assert.ok(await figure.locator('canvas').isHidden());
      continue;
    }
    const drawn = await figure.locator('canvas').evaluate((canvas: HTMLCanvasElement, at: number[][]) => {
      const context = canvas.getContext('2d')!;
      const all = context.getImageData(0, 0, canvas.width, canvas.height).data;
      return {
        width: canvas.width,
        height: canvas.height,
        levels: at.map(([x, y]) => context.getImageData(x ?? 0, y ?? 0, 1, 1).data[0] ?? -1),
        distinct: new Set(Array.from({ length: all.length / 4 }, (_, k) => `${all[k * 4]},${all[k * 4 + 1]},${all[k * 4 + 2]}`)).size,
      };
    }, points);
    assert.deepEqual([drawn.width, drawn.height], [truth.columns, truth.rows], path);
    assert.ok(drawn.distinct > 4, `${path} is drawn as a flat image`);
    if (truth.levels !== null) assert.deepEqual(drawn.levels, truth.levels, path);
  }
  assert.deepEqual(syntaxes.sort(), ['1.2.840.10008.1.2', '1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.5']);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(pageErrors, []);
});
