// Worker thread entry for pass 2. Plain JavaScript so it starts under bare Node: module loader
// hooks of the parent (tsx, however it was registered) do not reach worker threads on Node 20,
// so the worker registers the TypeScript loader for itself.
const { register } = await import('tsx/esm/api');
register();
await import('./file-worker-main.ts');
