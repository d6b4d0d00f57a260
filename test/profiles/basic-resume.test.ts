/**
 * A basic-profile run killed part way, run again, ends with the same files as an uninterrupted
 * run with the same key: keyed UIDs, renamed paths and shifted dates do not depend on where a run
 * stopped.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { outputBytes, tempDir } from '../e2e/support.ts';
import { pydicomUnavailable, SYSTEM_PYTHON } from '../support/checkers.ts';

const BIN = resolve(import.meta.dirname, '../../bin/dicomveil.mjs');
const BASIC = ['--profile', 'basic', '--retain', 'modified-dates', '--jobs', '1'];

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}


describe('resuming a basic-profile run', () => {
  const dir = tempDir('basic-resume');
  after(() => dir.remove());

  it('killed after some files were placed, then run again, ends with the uninterrupted run\'s files', (t) => {
    const skip = pydicomUnavailable();
    if (skip) return t.skip(skip);
    const input = join(dir.path, 'in');
    const made = spawnSync(SYSTEM_PYTHON, [join(import.meta.dirname, 'make-referenced-dataset.py'), input], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const reference = join(dir.path, 'reference');
    const referencePrivate = join(dir.path, 'reference-private');
    const first = cli(['anonymize', input, '--output', reference, '--private-dir', referencePrivate, ...BASIC]);
    assert.equal(first.status, 0, first.stderr);

    const output = join(dir.path, 'out');
    const priv = `${output}-private`;
    spawnSync('cp', ['-r', referencePrivate, priv]);
    rmSync(join(priv, 'journal'), { force: true });
    rmSync(join(priv, 'state.json'), { force: true });
    const killed = cli(['anonymize', input, '--output', output, '--private-dir', priv, ...BASIC], { DICOMVEIL_TEST_KILL_AT: 'after-rename:5' });
    assert.equal(killed.signal, 'SIGKILL', `${killed.status} ${killed.stderr}`);
    const again = cli(['anonymize', input, '--output', output, '--private-dir', priv, ...BASIC, '--json']);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).status, 'complete');
    const expected = outputBytes(reference);
    assert.ok([...expected.keys()].filter((path) => path.endsWith('.dcm')).length === 14);
    assert.deepEqual(outputBytes(output), expected);
  });
});
