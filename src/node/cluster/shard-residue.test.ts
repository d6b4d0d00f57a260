/**
 * A shard that meets a file whose name cannot be removed says what a single run says (CONTRACT.md
 * exit code 1): the input path, the quarantine path and the element on stderr, never the name; with
 * `--on-residue stop` it does not promise that running it again gets further.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
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
});
