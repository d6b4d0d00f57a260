import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { removeStaleTemps, writeFileAtomic } from './atomic-write.ts';
import { writeTextAtomic } from './text-files.ts';
import { optionsFor, tempDir } from '../../../test/e2e/support.ts';
import { writeTiny } from '../../../test/e2e/tiny-dataset.ts';
import { runAnonymization } from '../run/run-anonymization.ts';

describe('temp files of atomic writes', () => {
  it('removes those a killed process left, and no other file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atomic-'));
    try {
      for (const name of ['files.csv.tmp-999999-1', 'report.json.tmp-4242-17', 'notes.tmp', 'a.tmp-x-1', `mine.tmp-${process.pid}-3`]) writeFileSync(join(dir, name), '');
      writeFileAtomic(join(dir, 'state.json'), '{}');
      writeTextAtomic(join(dir, 'files.csv'), (emit) => emit('x'));
      removeStaleTemps(dir);
      assert.deepEqual(readdirSync(dir).sort(), ['a.tmp-x-1', 'files.csv', `mine.tmp-${process.pid}-3`, 'notes.tmp', 'state.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a run removes what a run killed while writing files.csv or a report left in the private dir and the output', async () => {
    const dir = tempDir('stale-temps');
    try {
      const output = join(dir.path, 'out');
      writeTiny(join(dir.path, 'in'), [{ path: 'DUPONT_JEAN/a.dcm', name: 'DUPONT^JEAN', patientId: 'DPJ1001' }]);
      const options = optionsFor({ input: join(dir.path, 'in'), output });
      assert.equal((await runAnonymization(options)).exitCode, 0);
      writeFileSync(join(`${output}-private`, 'files.csv.tmp-999999-1'), '');
      writeFileSync(join(output, 'report.html.tmp-999999-2'), '');
      assert.equal((await runAnonymization(options)).exitCode, 0);
      assert.deepEqual(readdirSync(`${output}-private`).filter((name) => name.includes('.tmp-')), []);
      assert.deepEqual(readdirSync(output).filter((name) => name.includes('.tmp-')), []);
    } finally {
      dir.remove();
    }
  });
});
