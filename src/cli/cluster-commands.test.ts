/** The shard commands' refusals: exit 2 and a message that says what to do, nothing written. */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { tempDir } from '../../test/e2e/support.ts';
import { writeTiny } from '../../test/e2e/tiny-dataset.ts';
import { runCli } from './main.ts';

async function run(args: string[]) {
  let stderr = '';
  const code = await runCli(args, { stdout: () => {}, stderr: (text) => (stderr += text), stderrIsTTY: false, cpuCount: 1 });
  return { code, stderr };
}

describe('dicomveil scan, plan, anonymize --shard, merge: refusals', () => {
  const dir = tempDir('cluster-cli');
  after(() => dir.remove());
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  writeTiny(input, [{ path: 'LINDQVIST_ALICE/s1/1.dcm', name: 'LINDQVIST^ALICE', patientId: 'LQA1001' }]);

  it('refuses a shard spec that is no K/N', async () => {
    const { code, stderr } = await run(['scan', input, '--output', output, '--shard', '4/3']);
    assert.equal(code, 2);
    assert.match(stderr, /--shard: shard 4 is not one of 1…3/);
  });

  it('refuses a shard run without its plan, naming the file', async () => {
    const plan = join(dir.path, 'nowhere-private', 'plan.json');
    const { code, stderr } = await run(['anonymize', input, '--output', output, '--plan', plan, '--shard', '1/2']);
    assert.equal(code, 2);
    assert.match(stderr, /plan\.json is not found; run dicomveil plan first/);
    assert.equal(existsSync(output), false);
  });

  it('refuses --shard without --plan, and merge before any shard', async () => {
    const noPlan = await run(['anonymize', input, '--output', output, '--shard', '1/2']);
    assert.equal(noPlan.code, 2);
    assert.match(noPlan.stderr, /--shard needs --plan/);
    const scan = await run(['scan', input, '--output', output, '--shard', '1/1']);
    assert.equal(scan.code, 0, scan.stderr);
    const plan = await run(['plan', input, '--output', output]);
    assert.equal(plan.code, 0, plan.stderr);
    const merge = await run(['merge', '--output', output]);
    assert.equal(merge.code, 2);
    assert.match(merge.stderr, /no anonymize shard of this plan has finished/);
  });
});
