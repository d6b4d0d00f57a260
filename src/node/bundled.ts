/**
 * What `npm run build` bakes into the bundle (scripts/build.ts defines these names): the version,
 * the page's script and stylesheet, and the pool worker's code. A bundle cannot read the sources
 * or package.json beside it (the standalone executable has no files at all), and needs neither
 * esbuild nor tsx at run time. Run from the sources, none is defined and each user falls back to
 * the sources.
 */
declare const DICOMVEIL_VERSION: string;
declare const DICOMVEIL_PAGE_SCRIPT: string;
declare const DICOMVEIL_PAGE_STYLE: string;
declare const DICOMVEIL_WORKER: string;

/** The package version, when this code is a bundle. */
export const bundledVersion: string | undefined = typeof DICOMVEIL_VERSION === 'string' ? DICOMVEIL_VERSION : undefined;

/** The GUI page's script and stylesheet, when this code is the command-line bundle. */
export const bundledPage: { script: string; style: string } | undefined =
  typeof DICOMVEIL_PAGE_SCRIPT === 'string' && typeof DICOMVEIL_PAGE_STYLE === 'string' ? { script: DICOMVEIL_PAGE_SCRIPT, style: DICOMVEIL_PAGE_STYLE } : undefined;

/** The pool worker as one CommonJS script, when this code is the command-line bundle. */
export const bundledWorkerCode: string | undefined = typeof DICOMVEIL_WORKER === 'string' ? DICOMVEIL_WORKER : undefined;
