// Worker thread entry for pass 2. Plain JavaScript so it starts under bare Node. A parent started
// with `--import tsx` passes that on to its workers; one that registered tsx through its API
// (bin/dicomveil.mjs) does not, so the worker registers it for itself.
if (!process.execArgv.some((arg) => arg.includes('tsx'))) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import('./file-worker-main.ts');
