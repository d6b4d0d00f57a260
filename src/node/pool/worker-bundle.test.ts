import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { bundledWorker } from './worker-bundle.ts';

describe('the bundled pass-2 worker', () => {
  it('is one self-contained script: no TypeScript module left to load', () => {
    const bundle = bundledWorker();
    assert.ok(bundle, 'esbuild is installed with tsx, so the bundle builds');
    assert.doesNotMatch(bundle.code, /require\(["'][^"']+\.ts["']\)|from ["'][^"']+\.ts["']/);
    assert.match(bundle.code, /serveProcessor/);
    assert.equal(bundledWorker(), bundle, 'built once per process');
  });

  it('starts as a worker and reports a setup it cannot use as an error, instead of hanging', async () => {
    const bundle = bundledWorker();
    assert.ok(bundle);
    // No workerData: the processor factory cannot build, and the worker must fail visibly.
    const worker = new Worker(bundle.code, { eval: true, workerData: undefined });
    const error = await new Promise<Error>((resolve, reject) => {
      worker.once('error', resolve);
      worker.once('exit', (code) => reject(new Error(`worker exited with ${code} and no error`)));
    });
    assert.ok(error instanceof Error);
    await worker.terminate();
  });
});
