/**
 * The pool's worker as one bundled script, built once per process with esbuild (which tsx brings).
 * Module loader hooks do not reach worker threads on Node 20, so a worker started from the
 * TypeScript sources registers tsx again and resolves and loads every module through it: about a
 * second of one core, worth hundreds of files. A bundle evaluated in the worker starts in tens of
 * milliseconds and needs no file on disk. Without esbuild the caller keeps the tsx entry.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/** Bundled worker code, for `new Worker(code, { eval: true })`. */
export interface WorkerCode {
  readonly code: string;
}

type BuildSync = (options: Record<string, unknown>) => { outputFiles?: { text: string }[]; warnings: unknown[] };

// The bundle's entry: the same two calls as file-worker-main.ts, without its top-level await
// (a CommonJS bundle cannot hold one; a rejection still ends the worker with its error).
const ENTRY = "import { createPassProcessor } from './pass-processor.ts';\nimport { serveProcessor } from './serve-processor.ts';\nserveProcessor(createPassProcessor);\n";

let cached: WorkerCode | null | undefined;

/** The worker bundle, or `undefined` when esbuild cannot be loaded or fails (then use the tsx entry). */
export function bundledWorker(): WorkerCode | undefined {
  if (cached !== undefined) return cached ?? undefined;
  cached = null;
  try {
    const require = createRequire(import.meta.url);
    const { buildSync } = require('esbuild') as { buildSync: BuildSync };
    const result = buildSync({
      stdin: { contents: ENTRY, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts', sourcefile: 'file-worker-bundle.ts' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      write: false,
      logLevel: 'silent',
    });
    const text = result.outputFiles?.[0]?.text;
    // A warning means code the bundle cannot carry as written (`import.meta` in CommonJS, say):
    // the tsx entry runs the sources as they are.
    if (text && result.warnings.length === 0) cached = { code: text };
  } catch {
    // No esbuild here, or the build failed: the tsx entry still works, only slower to start.
  }
  return cached ?? undefined;
}
