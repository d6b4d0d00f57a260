/**
 * What `plan` leaves for the shards: each shard reads only its own files of plan-files.jsonl, and
 * a shard refuses (exit 2) a plan that is not plan-run.json's, a torn one, or a private dir that
 * another run changed since; it removes an earlier report.json and report.html as it starts.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../cli/main.ts';
import { optionsFor, tempDir } from '../../../test/e2e/support.ts';
import { writeTiny } from '../../../test/e2e/tiny-dataset.ts';
import { readRegistry, writeRegistry } from '../state/patient-registry.ts';
import { readPrivateState } from '../state/private-dir.ts';
import { loadPlan, planRunPath } from './plan-step.ts';
import { shardOf } from './shard.ts';
import { planDigest, planFilesPath, readPlanFiles } from './shard-plan.ts';

async function run(args: string[]) {
  let stderr = '';
  const code = await runCli(args, { stdout: () => {}, stderr: (text) => (stderr += text), stderrIsTTY: false, cpuCount: 1 });
  return { code, stderr };
}

describe('plan-files.jsonl: a shard reads its slice of the plan', () => {
  const dir = tempDir('shard-plan');
  after(() => dir.remove());
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const privateDir = `${output}-private`;
  const planPath = join(privateDir, 'plan.json');
  const shard = (k: number, n: number) => run(['anonymize', input, '--output', output, '--plan', planPath, '--shard', `${k}/${n}`, '--jobs', '1']);

  before(async () => {
    const files = Array.from({ length: 12 }, (_, i) => ({ path: `${['LINDQVIST_ALICE', 'OKAFOR_BENEDICT', 'TANAKA_YUKI'][i % 3]}/s${i % 2}/${i}.dcm`, name: ['LINDQVIST^ALICE', 'OKAFOR^BENEDICT', 'TANAKA^YUKI'][i % 3]!, patientId: `PID${1000 + (i % 3)}` }));
    writeTiny(input, files);
    writeFileSync(join(input, 'notes.txt'), 'not DICOM');
    const plan = await run(['plan', input, '--output', output, '--jobs', '1']);
    assert.equal(plan.code, 0, plan.stderr);
  });

  it('gives each shard exactly the files of its hash, and every file to one shard, for any count', () => {
    const { digest } = loadPlan(planPath);
    const whole = readPlanFiles(privateDir, digest, { listed: true });
    assert.equal(whole.planned.length, 12);
    assert.equal(whole.listed.length, 1, 'the text file, listed for the merge');
    for (const count of [1, 2, 5]) {
      const seen: string[] = [];
      for (let index = 1; index <= count; index++) {
        const slice = readPlanFiles(privateDir, digest, { shard: { index, count } });
        assert.ok(slice.planned.every(({ task }) => shardOf(task.ref, count) === index));
        assert.ok(slice.planned.every(({ file }) => file.kind === 'dicom' && file.size > 0));
        assert.equal(slice.listed.length, 0, 'a shard does not read the files not written');
        assert.equal(slice.head.registry.length, 3, 'every shard knows every patient');
        seen.push(...slice.planned.map(({ task }) => task.ref));
      }
      assert.deepEqual(seen.sort(), whole.planned.map(({ task }) => task.ref).sort());
    }
  });

  it('refuses a plan-files.jsonl that is not plan-run.json\'s plan: exit 2, nothing written', async () => {
    const runPath = planRunPath(planPath);
    const saved = readFileSync(runPath, 'utf8');
    try {
      const other = { ...(JSON.parse(saved) as Record<string, unknown>), digest: '0'.repeat(64) };
      writeFileSync(runPath, JSON.stringify(other));
      const { code, stderr } = await shard(1, 2);
      assert.equal(code, 2);
      assert.match(stderr, /holds another plan than plan-run\.json beside it.*run dicomveil plan again/);
      assert.equal(existsSync(join(privateDir, 'shards')), false);
    } finally {
      writeFileSync(runPath, saved);
    }
  });

  it('refuses a torn plan-files.jsonl, and a private dir whose patients changed since the plan', async () => {
    const path = planFilesPath(privateDir);
    const saved = readFileSync(path);
    try {
      truncateSync(path, saved.length - 10);
      const torn = await shard(2, 2);
      assert.equal(torn.code, 2);
      assert.match(torn.stderr, /is not a whole plan of this version of dicomveil/);
    } finally {
      writeFileSync(path, saved);
    }
    const registry = readRegistry(privateDir);
    const { head } = readPlanFiles(privateDir, loadPlan(planPath).digest, { shard: { index: 1, count: 1 } });
    writeRegistry(privateDir, [...registry, { ...head.registry[0]!, id: 'subj_zzzzzzzz', spellings: ['NEWCOMB^ZED'] }]);
    try {
      const changed = await shard(1, 2);
      assert.equal(changed.code, 2);
      assert.match(changed.stderr, /the private dir's patients changed since .* run dicomveil plan again/);
    } finally {
      writeRegistry(privateDir, registry);
    }
  });

  it('refuses a plan-files.jsonl whose output paths were edited: exit 2, nothing written outside the output', async () => {
    const path = planFilesPath(privateDir);
    const saved = readFileSync(path, 'utf8');
    const lines = saved.split('\n');
    const at = lines.findIndex((line) => line.startsWith('T'));
    const escaped = join(dir.path, 'escaped');
    // The task's out led two folders up: out of the output, beside it.
    const edited = lines[at]!.replace(/"out":"/, `"out":"../${'escaped'}/`);
    assert.notEqual(edited, lines[at]);
    const ref = (JSON.parse(lines[at]!.slice(lines[at]!.indexOf('\t') + 1)) as { task: { ref: string } }).task.ref;
    try {
      writeFileSync(path, [...lines.slice(0, at), edited, ...lines.slice(at + 1)].join('\n'));
      for (const count of [1, 2]) {
        const own = shardOf(ref, count);
        for (const k of [own, (own % count) + 1]) {
          const { code, stderr } = await shard(k, count);
          assert.equal(code, 2, stderr);
          assert.match(stderr, k === own ? /leaves the output folder/ : /was changed since dicomveil plan wrote it/);
        }
      }
      assert.equal(existsSync(escaped), false);
      assert.equal(existsSync(join(privateDir, 'shards')), false, 'no shard started');
    } finally {
      writeFileSync(path, saved);
    }
  });

  it('removes an earlier report.json and report.html as a shard starts: none shows while shards write', async () => {
    const dataset = readPrivateState(privateDir)!.dataset;
    writeFileSync(join(output, 'report.json'), `${JSON.stringify({ tool: 'dicomveil', dataset, status: 'complete', fileOutcomes: [] }, null, 2)}\n`);
    writeFileSync(join(output, 'report.html'), '<!doctype html><p>an earlier run</p>');
    const { code, stderr } = await shard(1, 2);
    assert.equal(code, 0, stderr);
    assert.equal(existsSync(join(output, 'report.json')), false);
    assert.equal(existsSync(join(output, 'report.html')), false);
    assert.ok(existsSync(join(privateDir, 'shards', 'done-1-of-2.json')));
  });
});

describe('planDigest', () => {
  it('is the same for one --remove however its attributes are written, and another for other attributes', () => {
    const digest = (remove: string) => planDigest({ planned: [], registry: [] }, optionsFor({ input: 'in', output: 'out', remove }));
    const first = digest('0010,1000,InstitutionName');
    assert.equal(digest('InstitutionName,(0010,1000),OtherPatientIDs'), first);
    assert.equal(digest('00080080,0010,1000'), first);
    assert.notEqual(digest('OtherPatientIDs'), first);
  });
});
