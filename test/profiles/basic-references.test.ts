/**
 * The basic profile end to end on a multi-study dataset whose files reference each other: every
 * reference resolves in the output, no original UID is left in any byte or path, dates keep their
 * intervals, dcmdump, pydicom and dciodvfy read every file, and a later run extends the output with
 * the same keyed UIDs and shifts. Changing the profile's options on that private dir is refused.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { keyedValues } from '../../src/core/ids/keyed-values.ts';
import { runAnonymization } from '../../src/node/run/index.ts';
import { listFiles, optionsFor, tempDir } from '../e2e/support.ts';
import { dcmdump, dcmdumpUnavailable, pydicomUnavailable, SYSTEM_PYTHON } from '../support/checkers.ts';

const dir = tempDir('basic-refs');
after(() => dir.remove());

function python(script: string, args: string[]): string {
  const result = spawnSync(SYSTEM_PYTHON, [join(import.meta.dirname, script), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

function checkOutput(input: string, output: string, privateDir: string): void {
  const lines = python('check-referenced-dataset.py', [input, output, privateDir]).trim().split('\n');
  const checked = Number(/^checked (\d+)$/.exec(lines.pop() ?? '')?.[1]);
  assert.deepEqual(lines, []);
  assert.ok(checked > 100, `${checked} checks`);
}

/** dciodvfy's errors, without values, so an input's and its output's compare. */
function iodErrors(path: string): Set<string> {
  const result = spawnSync('dciodvfy', [path], { encoding: 'latin1' });
  return new Set(`${result.stdout}${result.stderr}`.split('\n').filter((line) => line.startsWith('Error')).map((line) => line.replace(/<[^>]*\d{6,}[^>]*>/g, '<value>')));
}

describe('basic profile on a dataset with cross-file references', () => {
  it('keeps every reference whole, leaves no original UID, shifts dates per patient, and extends an output the same way', async (t) => {
    const skip = pydicomUnavailable() ?? dcmdumpUnavailable();
    if (skip) return t.skip(skip);
    const input = join(dir.path, 'input');
    const output = join(dir.path, 'output');
    const privateDir = `${output}-private`;
    python('make-referenced-dataset.py', [input]);
    const first = await runAnonymization(optionsFor({ input, output, profile: 'basic', retain: 'modified-dates', jobs: 1 }));
    assert.equal(first.exitCode, 0);
    assert.equal(first.files.anonymized, 14);
    checkOutput(input, output, privateDir);

    const written = listFiles(output).filter((path) => path.endsWith('.dcm'));
    for (const path of written) assert.ok(dcmdump(join(output, path)).ok, path);
    const report = JSON.parse(readFileSync(join(output, 'report.json'), 'utf8'));
    assert.equal(report.profile.id, 'basic');
    assert.deepEqual(report.profile.retain, ['modified-dates']);
    assert.equal(report.profile.actions.SOPInstanceUID.uid, 14);
    assert.equal(report.profile.actions.StudyDate.shift, 14);
    assert.ok(!JSON.stringify(report).includes('QUIMBY'), 'counts only, never a value');

    if (spawnSync('dciodvfy', [], { encoding: 'latin1' }).error === undefined) {
      // Input and output paired by file name: an input is named by its SOP instance UID, its output by the keyed one.
      const { uid } = keyedValues(new Uint8Array(Buffer.from(readFileSync(join(privateDir, 'key'), 'latin1').trim(), 'hex')));
      const outputs = new Map(written.map((path) => [basename(path), join(output, path)]));
      const inputs = listFiles(input).filter((path) => path.endsWith('.dcm'));
      assert.equal(inputs.length, written.length);
      for (const source of inputs) {
        const out = outputs.get(`${uid(basename(source, '.dcm'))}.dcm`);
        assert.ok(out, source);
        const before = iodErrors(join(input, source));
        for (const error of iodErrors(out)) assert.ok(before.has(error), `${source}: ${error}`);
      }
    } else if (process.env.CI) assert.fail('dciodvfy (dicom3tools) is not installed (run scripts/setup.sh)');

    // A later delivery adds an image referencing one already shared: the earlier files stay as they
    // were, and the new reference resolves to them (same keyed UIDs, same shift).
    python('add-referencing-file.py', [input]);
    const again = await runAnonymization(optionsFor({ input, output, profile: 'basic', retain: 'modified-dates', jobs: 1 }));
    assert.equal(again.exitCode, 0);
    assert.deepEqual([again.files.anonymized, again.files.unchanged], [1, 14]);
    const extended = listFiles(output).filter((path) => path.endsWith('.dcm'));
    assert.deepEqual(written.filter((path) => !extended.includes(path)), []);
    assert.equal(extended.length, 15);
    checkOutput(input, output, privateDir);

    for (const changed of [{ profile: 'research' }, { profile: 'basic', retain: 'full-dates' }, { profile: 'basic', retain: 'modified-dates', clean: 'descriptors' }]) {
      const refused = await runAnonymization(optionsFor({ input, output, jobs: 1, ...changed }));
      assert.equal(refused.status, 'refused', JSON.stringify(changed));
      assert.equal(refused.exitCode, 2);
      assert.match(refused.error ?? '', /profile options/);
    }
  });
});
