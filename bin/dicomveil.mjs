#!/usr/bin/env node
// A clone runs its TypeScript sources through tsx, so it works after `npm ci` with no build step and
// never runs a stale build; an installed package has no sources and runs the bundle (npm run build).
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/entry.ts', import.meta.url);
const bundle = new URL('../dist/dicomveil.mjs', import.meta.url);
if (existsSync(sources) && (await loadTsx())) await import(sources.href);
else if (existsSync(bundle)) await import(bundle.href);
else {
  process.stderr.write('dicomveil: neither the development tools (npm ci) nor a build (npm run build) are here\n');
  process.exitCode = 70;
}

async function loadTsx() {
  try {
    const { register } = await import('tsx/esm/api');
    register();
    return true;
  } catch {
    // A clone installed without its development tools (npm ci --omit=dev) runs its build.
    return false;
  }
}
