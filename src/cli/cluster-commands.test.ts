/** The shard commands' refusals: exit 2 and a message that says what to do, nothing written. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listFiles, tempDir } from '../../test/e2e/support.ts';
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

  it('refuses a plan from scans of an input that changed since (exit 2), and plans once it is scanned again', async () => {
    const root = join(dir.path, 'stale');
    const here = join(root, 'in');
    const out = join(root, 'out');
    writeTiny(here, [{ path: 'LINDQVIST_ALICE/s1/1.dcm', name: 'LINDQVIST^ALICE', patientId: 'LQA1001' }]);
    assert.equal((await run(['scan', here, '--output', out, '--shard', '1/1'])).code, 0);
    writeTiny(join(here, 'BUC_JEROME'), [{ path: 's1/1.dcm', name: 'BUC^JEROME', patientId: 'BJ2002' }]);
    const stale = await run(['plan', here, '--output', out]);
    assert.equal(stale.code, 2, stale.stderr);
    assert.match(stale.stderr, /the input changed since it was scanned \(1 file\(s\) added, 0 gone\); run the scan shards again/);
    assert.equal(existsSync(join(`${out}-private`, 'plan.json')), false);
    assert.equal((await run(['scan', here, '--output', out, '--shard', '1/1'])).code, 0);
    assert.equal((await run(['plan', here, '--output', out])).code, 0);
  });

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

  it('refuses on a shard the options its plan decides, naming them; the plan\'s own private dir is fine', async () => {
    const plan = join(`${output}-private`, 'plan.json');
    const shard = ['anonymize', input, '--output', output, '--plan', plan, '--shard', '1/1', '--jobs', '1'];
    const before = listFiles(output);
    for (const [extra, named] of [
      [['--remove', 'PatientSex'], /^dicomveil: --remove: a shard runs with the options of its plan/],
      [['--private-dir', join(dir.path, 'elsewhere'), '--private-tags', 'remove'], /^dicomveil: --private-dir, --private-tags: a shard runs/],
      [['--dry-run'], /^dicomveil: --dry-run: a shard runs/],
    ] as const) {
      const refused = await run([...shard, ...extra]);
      assert.equal(refused.code, 2, extra.join(' '));
      assert.match(refused.stderr, named);
      assert.deepEqual(listFiles(output), before);
    }
    const own = await run([...shard, '--private-dir', `${output}-private`]);
    assert.equal(own.code, 0, own.stderr);
    assert.ok(listFiles(output).some((path) => path.endsWith('.dcm')));
  });
});

describe('dicomveil plan run again with other options while its shards run', () => {
  const dir = tempDir('cluster-replan');
  after(() => dir.remove());
  const input = join(dir.path, 'in');
  let output = join(dir.path, 'out');
  const privateDir = () => `${output}-private`;
  const shard = (k: number) => run(['anonymize', input, '--output', output, '--plan', join(privateDir(), 'plan.json'), '--shard', `${k}/2`, '--jobs', '1']);
  const names = ['LINDQVIST^ALICE', 'OKAFOR^BENEDICT', 'TANAKA^YUKI', 'MORAES^LUIZA'];
  writeTiny(input, Array.from({ length: 16 }, (_, i) => ({ path: `P${i % 4}/s1/${i}.dcm`, name: names[i % 4]!, patientId: `PID${1000 + (i % 4)}` })));
  /** Output files dcmdump finds PatientSex in. */
  const holdingSex = () => listFiles(output).filter((path) => path.endsWith('.dcm') && execFileSync('dcmdump', ['+P', '0010,0040', join(output, path)], { encoding: 'utf8' }).trim() !== '');

  it('refuses the new plan (exit 2): the shards go on under the first, and the merge reports what they wrote', async () => {
    assert.equal((await run(['plan', input, '--output', output, '--jobs', '1'])).code, 0);
    assert.equal((await shard(1)).code, 0);
    const again = await run(['plan', input, '--output', output, '--jobs', '1', '--remove', 'PatientSex']);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /--remove \(was none\)/);
    assert.equal((await shard(2)).code, 0);
    const merge = await run(['merge', '--output', output]);
    assert.equal(merge.code, 0, merge.stderr);
    assert.deepEqual(JSON.parse(readFileSync(join(output, 'report.json'), 'utf8')).options.remove, []);
    assert.equal(holdingSex().length, 16);
  });

  it('in a private dir that predates recording --remove, refuses at merge the shard of the earlier plan, and redoes it when run again', async () => {
    output = join(dir.path, 'out-earlier');
    assert.equal((await run(['plan', input, '--output', output, '--jobs', '1'])).code, 0);
    // The state such a private dir holds: the profile, none of the options recorded since.
    const statePath = join(privateDir(), 'state.json');
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    state.policy = { profile: state.policy.profile, retain: state.policy.retain, clean: state.policy.clean };
    writeFileSync(statePath, JSON.stringify(state));
    assert.equal((await shard(1)).code, 0);
    const replan = await run(['plan', input, '--output', output, '--jobs', '1', '--remove', 'PatientSex']);
    assert.equal(replan.code, 0, replan.stderr);
    assert.equal((await shard(2)).code, 0);
    const merge = await run(['merge', '--output', output]);
    assert.equal(merge.code, 2);
    assert.match(merge.stderr, /shard\(s\) 1\/2 were run under another plan/);
    assert.equal((await shard(1)).code, 0);
    const merged = await run(['merge', '--output', output]);
    assert.equal(merged.code, 0, merged.stderr);
    assert.deepEqual(JSON.parse(readFileSync(join(output, 'report.json'), 'utf8')).options.remove, ['PatientSex']);
    assert.deepEqual(holdingSex(), []);
  });
});

describe('dicomveil anonymize on one machine while a shard set of its private dir is under way', () => {
  const dir = tempDir('cluster-single');
  after(() => dir.remove());
  const input = join(dir.path, 'in');
  const other = join(dir.path, 'other');
  const output = join(dir.path, 'out');
  const planPath = join(`${output}-private`, 'plan.json');
  const shard = (k: number) => run(['anonymize', input, '--output', output, '--plan', planPath, '--shard', `${k}/2`, '--jobs', '1']);
  const names = ['LINDQVIST^ALICE', 'OKAFOR^BENEDICT', 'TANAKA^YUKI'];
  writeTiny(input, Array.from({ length: 9 }, (_, i) => ({ path: `P${i % 3}/s1/${i}.dcm`, name: names[i % 3]!, patientId: `PID${1000 + (i % 3)}` })));
  writeTiny(other, [{ path: 'MORAES_LUIZA/s1/1.dcm', name: 'MORAES^LUIZA', patientId: 'PID2000' }]);

  it('is refused (exit 2, nothing written) until the shards are merged, then extends the output', async () => {
    assert.equal((await run(['plan', input, '--output', output, '--jobs', '1'])).code, 0);
    assert.equal((await shard(1)).code, 0);
    const written = listFiles(output);
    for (const extra of [[], ['--dry-run']]) {
      const single = await run(['anonymize', other, '--output', output, '--jobs', '1', ...extra]);
      assert.equal(single.code, 2, extra.join());
      assert.match(single.stderr, /a shard set of this private dir is under way .*shards\); finish its shards and run dicomveil merge/);
      assert.deepEqual(listFiles(output), written);
    }
    assert.equal((await shard(2)).code, 0);
    const merge = await run(['merge', '--output', output]);
    assert.equal(merge.code, 0, merge.stderr);
    const single = await run(['anonymize', other, '--output', output, '--jobs', '1']);
    assert.equal(single.code, 0, single.stderr);
    assert.equal(listFiles(output).filter((path) => path.endsWith('.dcm')).length, 10);
  });
});
