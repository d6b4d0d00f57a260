import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../core/errors.ts';
import { parseShard, shardOf } from './shard.ts';

describe('shards', () => {
  it('reads K/N, counted from 1', () => {
    assert.deepEqual(parseShard('2/8', {}), { index: 2, count: 8 });
    assert.deepEqual(parseShard(' 1/1 ', {}), { index: 1, count: 1 });
  });

  it('refuses a shard outside its set or a spec that is no K/N', () => {
    for (const bad of ['0/3', '4/3', '3', '1/0', 'a/b', '-1/3', '1/3/4', '']) {
      assert.throws(() => parseShard(bad, {}), (error: unknown) => error instanceof UsageError && error.code === 'E_SHARD', bad);
    }
  });

  it('auto: a Slurm array task, from its count or from its min and max', () => {
    assert.deepEqual(parseShard('auto', { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '1' }), { index: 3, count: 3 });
    assert.deepEqual(parseShard('auto', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '9' }), { index: 1, count: 10 });
    // A stepped array (--array=0-8:2) is no dense shard set.
    assert.throws(() => parseShard('auto', { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '5', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '8' }), UsageError);
  });

  it('auto: a Kubernetes Indexed Job, counted from 0, with --shards', () => {
    assert.deepEqual(parseShard('auto', { JOB_COMPLETION_INDEX: '0' }, '4'), { index: 1, count: 4 });
    assert.deepEqual(parseShard('auto', { JOB_COMPLETION_INDEX: '3' }, '4'), { index: 4, count: 4 });
    assert.throws(() => parseShard('auto', { JOB_COMPLETION_INDEX: '4' }, '4'), UsageError);
    assert.throws(() => parseShard('auto', { JOB_COMPLETION_INDEX: '0' }), /--shards N/);
    assert.throws(() => parseShard('auto', {}), /neither SLURM_ARRAY_TASK_ID/);
  });

  it('puts each ref in one shard, the same one every time, and spreads refs over all shards', () => {
    const refs = Array.from({ length: 3000 }, (_, i) => `PATIENT_${i % 37}/series ${i % 5}/IM${i}.dcm`);
    const counts = new Map<number, number>();
    for (const ref of refs) {
      const shard = shardOf(ref, 7);
      assert.equal(shardOf(ref, 7), shard);
      assert.ok(shard >= 1 && shard <= 7);
      counts.set(shard, (counts.get(shard) ?? 0) + 1);
    }
    assert.equal(counts.size, 7);
    // 3000 over 7: about 429 each; a hash that spread badly would leave one far off.
    for (const count of counts.values()) assert.ok(count > 330 && count < 530, String(count));
    assert.ok(refs.every((ref) => shardOf(ref, 1) === 1));
  });
});
