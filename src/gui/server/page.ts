/**
 * The page: one HTML document, one script bundled from `src/gui/web`, one stylesheet. Nothing is
 * fetched from the network. A built dicomveil carries the script and stylesheet (scripts/build.ts);
 * run from the sources, esbuild bundles the script in memory when the server starts.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { bundledPage } from '../../node/bundled.ts';

/** The three things a browser loads. */
export interface PageAssets {
  html: string;
  script: string;
  style: string;
}

/** Where the page's sources are, and how its script is bundled, here and in scripts/build.ts. */
export function pageBundleOptions(): { webDir: string; options: Record<string, unknown> } {
  const webDir = fileURLToPath(new URL('../web/', import.meta.url));
  return {
    webDir,
    options: {
      entryPoints: [`${webDir}main.ts`],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
    },
  };
}

const HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dicomveil</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/style.css">
<script type="module" src="/assets/main.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><h1>dicomveil</h1><p>Share DICOM images for research without sharing who the patients are.</p></header>
<main id="main" tabindex="-1"><p id="loading">Loading…</p></main>
</body>
</html>
`;

let cached: Promise<PageAssets> | undefined;

async function bundle(): Promise<PageAssets> {
  if (bundledPage) return { html: HTML, ...bundledPage };
  const { webDir, options } = pageBundleOptions();
  const { build } = await import('esbuild');
  const result = await build({ ...options, write: false });
  const script = result.outputFiles[0]?.text;
  if (script === undefined) throw new Error('esbuild produced no page script');
  const style = await readFile(`${webDir}style.css`, 'utf8');
  return { html: HTML, script, style };
}

/** The page's assets, built once per process. */
export function pageAssets(): Promise<PageAssets> {
  cached ??= bundle();
  return cached;
}
