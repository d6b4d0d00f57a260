import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateDataset, LAYOUT } from '../example/generate.ts';
import { optionsFor } from '../../../test/e2e/support.ts';
import { planAnonymization } from './index.ts';
import { FILES_PER_WORKER, RunPool } from '../pool/open-pool.ts';
import { scanInput } from './scan-input.ts';

describe('scanInput on a pool of threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scan-input-'));
  const spill = join(dir, 'spill');
  before(async () => {
    mkdirSync(spill);
    // Folders and zips, more files than one thread keeps to itself.
    await generateDataset(dir, { seed: 7, patients: 8, filesPerSession: 6, sessions: [2, 2], zippedFraction: 0.5 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the same files with the same facts, in the same order, as one thread does', async () => {
    const alone = await scanInput(join(dir, LAYOUT.input), spill);
    assert.ok(alone.files.length >= FILES_PER_WORKER, `${alone.files.length} files`);
    const pool = new RunPool(2);
    try {
      const shared = await scanInput(join(dir, LAYOUT.input), spill, {}, pool);
      assert.equal(pool.threadCount, 2, 'the worker thread took part');
      const files = [...alone.files];
      assert.deepEqual({ ...shared, files: [...shared.files] }, { ...alone, files });
      assert.deepEqual(
        files.map((file) => file.ref),
        files.map((file) => file.ref).sort(),
        'in ref order',
      );
      assert.ok(files.some((file) => file.ref.includes('.zip')), 'zip entries are among them');
      assert.ok(files.filter((file) => file.kind === 'dicom').every((file) => file.identity !== undefined));
    } finally {
      await pool.close();
    }
  });

  it('reports progress as headers are read, ending with every file', async () => {
    const seen: number[] = [];
    const pool = new RunPool(2);
    try {
      const scanned = await scanInput(join(dir, LAYOUT.input), spill, { onProgress: (p) => seen.push(p.done) }, pool);
      assert.ok(seen.length > 2);
      assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'never going back');
      assert.equal(seen.at(-1), scanned.files.length);
    } finally {
      await pool.close();
    }
  });

  it('gives the same dry-run plan on two threads as on one', async () => {
    const plans = [];
    for (const jobs of [1, 2]) {
      const output = join(dir, `plan-${jobs}`);
      // One private dir: the key, and so the ids, are the same for both.
      plans.push(await planAnonymization(optionsFor({ input: join(dir, LAYOUT.input), output, privateDir: join(dir, 'private'), jobs, dryRun: true })));
    }
    assert.ok(plans[0]!.patients.length >= 8);
    assert.deepEqual(plans[1], plans[0]);
  });
});
