/**
 * Damaged zips at random: whatever bytes a zip holds, listing ends with entries and problems
 * (never an exception, never a hang), and every listed entry either reads or fails with an
 * EntryError.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { EntryError } from './entry-error.ts';
import { listAll, tempDir, zipOf } from './testing/tree.ts';

test('random damage to a zip never escapes as an exception', async () => {
  const inner = await zipOf({ 'i.dcm': 'inner '.repeat(40) }, []);
  const zip = await zipOf({ 'a.dcm': 'alpha '.repeat(30), 's/b.dcm': 'bravo', 'inner.zip': inner, 'stored.zip': inner }, ['s/b.dcm', 'stored.zip']);
  const dir = tempDir();
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.nat({ max: zip.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
      fc.option(fc.nat({ max: zip.length }), { nil: undefined }),
      async (flips, cut) => {
        const damaged = new Uint8Array(zip.subarray(0, cut ?? zip.length));
        for (const [at, value] of flips) if (at < damaged.length) damaged[at] = value;
        const input = join(dir, 'input');
        rmSync(input, { recursive: true, force: true });
        mkdirSync(input);
        writeFileSync(join(input, 'Z.zip'), damaged);
        const listing = await listAll(input, { limits: { inflateInMemoryBytes: 1 << 20 } });
        for (const entry of listing.entries) {
          try {
            const handle = await entry.open();
            handle.source.read(0, handle.source.size);
            await handle.close();
          } catch (error) {
            assert.ok(error instanceof EntryError, `${entry.ref}: ${(error as Error).stack}`);
          }
        }
        await listing.close();
      },
    ),
    { numRuns: 300, seed: 20261125 },
  );
});
