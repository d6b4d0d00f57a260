/**
 * The pool's worker as one bundled script. A built dicomveil carries it (scripts/build.ts bakes it
 * into the command-line bundle, so the standalone executable needs no file on disk). Run from the
 * sources, it is built once per process with esbuild (which tsx brings): module loader hooks do not
 * reach worker threads on Node 20, so a worker started from the TypeScript sources registers tsx
 * again and resolves and loads every module through it, about a second of one core, worth hundreds
 * of files. A bundle evaluated in the worker starts in tens of milliseconds. Without esbuild the
 * caller keeps the tsx entry.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bundledWorkerCode } from '../bundled.ts';

/** Bundled worker code, for `new Worker(code, { eval: true })`. */
export interface WorkerCode {
  readonly code: string;
}

type BuildSync = (options: Record<string, unknown>) => { outputFiles?: { text: string }[]; warnings: unknown[] };

/**
 * How the worker bundle is made, here and in scripts/build.ts: CommonJS, because code given to
 * `new Worker(code, { eval: true })` runs as a script.
 */
export function workerBundleOptions(): Record<string, unknown> {
  return {
    entryPoints: [fileURLToPath(new URL('./file-worker-main.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  };
}

let cached: WorkerCode | null | undefined = bundledWorkerCode === undefined ? undefined : { code: bundledWorkerCode };

/** The worker bundle, or `undefined` when esbuild cannot be loaded or fails (then use the tsx entry). */
export function bundledWorker(): WorkerCode | undefined {
  if (cached !== undefined) return cached ?? undefined;
  cached = null;
  try {
    const require = createRequire(import.meta.url);
    const { buildSync } = require('esbuild') as { buildSync: BuildSync };
    const result = buildSync({ ...workerBundleOptions(), write: false });
    const text = result.outputFiles?.[0]?.text;
    // A warning means code the bundle cannot carry as written (`import.meta` in CommonJS, say):
    // the tsx entry runs the sources as they are.
    if (text && result.warnings.length === 0) cached = { code: text };
  } catch {
    // No esbuild here, or the build failed: the tsx entry still works, only slower to start.
  }
  return cached ?? undefined;
}
