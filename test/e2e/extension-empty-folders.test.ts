/**
 * An extension that quarantines an earlier output (a new patient's name is in its folder name)
 * takes the folders it leaves empty with it: an empty folder is a path too, and holds the name.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCaptured as run, tempDir } from './support.ts';
import { writeTiny } from './tiny-dataset.ts';

/** Every path under `dir` whose name says KOWALSKI, as find(1) lists it. */
function kowalskiPaths(dir: string): string[] {
  const found = spawnSync('find', [dir, '-iname', '*kowalski*'], { encoding: 'utf8' });
  assert.equal(found.status, 0, found.stderr);
  return found.stdout.split('\n').filter((line) => line !== '');
}

describe('an extension quarantining an earlier output for a name in its folder', () => {
  const dir = tempDir('extension-empty-folders');
  after(() => dir.remove());

  it('removes the folder the output leaves empty, and a later run finds the output clean', async () => {
    const output = join(dir.path, 'out');
    const privateDir = join(dir.path, 'out-private');
    writeTiny(join(dir.path, 'in1'), [{ path: 'p1/Consult KOWALSKI/a.dcm', name: 'DUPONT^Jean', patientId: 'FR11111111' }]);
    writeTiny(join(dir.path, 'in2'), [{ path: 'p3/s/c.dcm', name: 'KOWALSKI^Jan', patientId: 'PL33333333' }]);
    const anonymize = (input: string) => run(['anonymize', join(dir.path, input), '--output', output, '--private-dir', privateDir, '--jobs', '1', '--json']);

    assert.equal((await anonymize('in1')).code, 0);
    const [earlier = ''] = kowalskiPaths(output);
    assert.match(earlier, /\/subj_\w+\/Consult KOWALSKI$/);

    const second = await anonymize('in2');
    assert.equal(second.code, 1, second.stderr);
    assert.equal((JSON.parse(second.stdout) as { files: { quarantined: number } }).files.quarantined, 1);
    assert.deepEqual(kowalskiPaths(output), []);
    const verify = await run(['verify', output, '--private-dir', privateDir]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);

    // An empty folder such as earlier versions left behind is removed by the next run too.
    mkdirSync(earlier, { recursive: true });
    const third = await anonymize('in2');
    assert.equal(third.code, 0, third.stderr);
    assert.equal((JSON.parse(third.stdout) as { status: string }).status, 'complete');
    assert.deepEqual(kowalskiPaths(output), []);
    assert.equal((await run(['verify', output, '--private-dir', privateDir])).code, 0);
  });
});
