/**
 * A shard that meets a file whose name cannot be removed says what a single run says (CONTRACT.md
 * exit code 1): the input path, the quarantine path and the element on stderr, never the name; with
 * `--on-residue stop` it does not promise that running it again gets further.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCaptured, tempDir } from '../../../test/e2e/support.ts';
import { tinyDicom, writeTiny } from '../../../test/e2e/tiny-dataset.ts';

describe('a shard meeting a residue', () => {
  const dir = tempDir('shard-residue');
  after(() => dir.remove());
  const input = join(dir.path, 'in');
  const residue = join(input, 'LINDQVIST_ALICE', 'icc.dcm');

  before(() => {
    writeTiny(input, [
      { path: 'LINDQVIST_ALICE/a.dcm', name: 'LINDQVIST^ALICE', patientId: 'LQA1001' },
      { path: 'LINDQVIST_ALICE/b.dcm', name: 'LINDQVIST^ALICE', patientId: 'LQA1001' },
    ]);
    // The name inside a standard binary element (an ICC profile): it cannot be replaced in place.
    const icc = new TextEncoder().encode('desc LINDQVIST ALICE ');
    writeFileSync(residue, tinyDicom({ path: '', name: 'LINDQVIST^ALICE', patientId: 'LQA1001', extra: [{ tag: 0x00282000, vr: 'OB', value: icc }] }));
  });

  for (const policy of ['quarantine', 'stop'] as const) {
    it(`names input, quarantine and element on stderr (--on-residue ${policy}), exit 1, run again too`, async () => {
      const output = join(dir.path, `out-${policy}`);
      const plan = await runCaptured(['plan', input, '--output', output, '--on-residue', policy, '--jobs', '1']);
      assert.equal(plan.code, 0, plan.stderr);
      for (const attempt of [1, 2]) {
        const { code, stderr } = await runCaptured(['anonymize', input, '--output', output, '--plan', join(`${output}-private`, 'plan.json'), '--shard', '1/1', '--jobs', '1']);
        assert.equal(code, 1, stderr);
        const line = stderr.split('\n').find((l) => l.startsWith('error: residue:'));
        assert.ok(line, `attempt ${attempt}: ${stderr}`);
        assert.ok(line.includes(`${residue} was quarantined to ${join(`${output}-private`, 'quarantine')}`), line);
        assert.match(line, /a name is still in \(0028,2000\)$/);
        assert.doesNotMatch(line.replace(residue, ''), /lindqvist|alice/i);
        if (policy === 'stop') {
          assert.match(stderr, /stopped at a file whose name could not be removed .*running this shard again stops there too/);
          assert.doesNotMatch(stderr, /to resume/);
        }
      }
    });
  }

  it('a shard or merge run again after the merge (a retried job) answers as the first time: exit 1 again, nothing redone', async () => {
    const output = join(dir.path, 'out-retried');
    const planPath = join(`${output}-private`, 'plan.json');
    const shard = () => runCaptured(['anonymize', input, '--output', output, '--plan', planPath, '--shard', '1/1', '--jobs', '1']);
    const merge = () => runCaptured(['merge', '--output', output, '--json']);
    assert.equal((await runCaptured(['plan', input, '--output', output, '--on-residue', 'quarantine', '--jobs', '1'])).code, 0);
    assert.equal((await shard()).code, 1);
    const first = await merge();
    assert.equal(first.code, 1, first.stderr);
    const report = readFileSync(join(output, 'report.json'), 'utf8');

    const again = await shard();
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stderr, /shard 1-of-1: 3 file\(s\), 0 written now \(its plan's shards were merged already\)/);
    const mergedAgain = await merge();
    assert.equal(mergedAgain.code, 1, mergedAgain.stderr);
    assert.match(mergedAgain.stderr, /merged already/);
    assert.deepEqual(JSON.parse(mergedAgain.stdout), JSON.parse(first.stdout));
    assert.equal(readFileSync(join(output, 'report.json'), 'utf8'), report, 'report.json is not written again');

    // A new plan is a new shard set: its shards run, and its merge merges.
    assert.equal((await runCaptured(['plan', input, '--output', output, '--on-residue', 'quarantine', '--jobs', '1'])).code, 0);
    const next = await shard();
    assert.equal(next.code, 1, next.stderr);
    assert.doesNotMatch(next.stderr, /merged already/);
    const nextMerge = await merge();
    assert.equal(nextMerge.code, 1, nextMerge.stderr);
    assert.doesNotMatch(nextMerge.stderr, /merged already/);
  });
});
