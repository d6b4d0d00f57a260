// Bundles src/core for the browser: fails if any module under src/core reaches a Node builtin.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/core/index.ts'],
  bundle: true,
  platform: 'browser',
  format: 'esm',
  write: false,
  logLevel: 'error',
});
console.error('src/core bundles for the browser with no Node builtin');
