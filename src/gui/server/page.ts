/**
 * The page: one HTML document, one script bundled from `src/gui/web` by esbuild in memory when the
 * server starts (no build step, no CDN), one stylesheet. Nothing is fetched from the network.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The three things a browser loads. */
export interface PageAssets {
  html: string;
  script: string;
  style: string;
}

const webDir = fileURLToPath(new URL('../web/', import.meta.url));

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
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [`${webDir}main.ts`],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
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
