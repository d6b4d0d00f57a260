/**
 * plan-run.json is what every shard and the merge run with, from whatever working directory a
 * cluster job starts in: the paths typed relative to the plan's are kept absolute.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCaptured, tempDir } from '../../../test/e2e/support.ts';
import { writeTiny } from '../../../test/e2e/tiny-dataset.ts';

const BIN = resolve(import.meta.dirname, '../../../bin/dicomveil.mjs');

function cli(args: string[], cwd: string) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd });
}

describe('plan-run.json', () => {
  const dir = tempDir('plan-run');
  after(() => dir.remove());

  it('keeps --demographics absolute: shards and merge run from another working directory', () => {
    writeTiny(join(dir.path, 'in'), [
      { path: 'LINDQVIST_ALICE/1.dcm', name: 'LINDQVIST^ALICE', patientId: 'PID1', birthDate: '19610203' },
      { path: 'OKAFOR_BENEDICT/1.dcm', name: 'OKAFOR^BENEDICT', patientId: 'PID2' },
    ]);
    writeFileSync(join(dir.path, 'people.csv'), 'name;birth_date\nLINDQVIST ALICE;1961-02-03\n');
    const plan = cli(['plan', 'in', '--output', 'out', '--demographics', 'people.csv', '--jobs', '1'], dir.path);
    assert.equal(plan.status, 0, plan.stderr);
    const privateDir = join(dir.path, 'out-private');
    const run = JSON.parse(readFileSync(join(privateDir, 'plan-run.json'), 'utf8')) as { options: { demographics: string } };
    assert.equal(run.options.demographics, join(dir.path, 'people.csv'));

    const elsewhere = '/';
    const shard = cli(['anonymize', join(dir.path, 'in'), '--output', join(dir.path, 'out'), '--plan', join(privateDir, 'plan.json'), '--shard', '1/1', '--jobs', '1'], elsewhere);
    assert.equal(shard.status, 0, shard.stderr);
    const merge = cli(['merge', '--output', join(dir.path, 'out'), '--private-dir', privateDir], elsewhere);
    assert.equal(merge.status, 0, merge.stderr);
    assert.match(readFileSync(join(privateDir, 'demographics_matched.csv'), 'utf8'), /LINDQVIST ALICE/);
  });

  it('refuses a merge whose demographics file changed since the plan (exit 2), and merges once it is back', async () => {
    const sheet = join(dir.path, 'people.csv');
    const output = join(dir.path, 'out-sheet');
    const privateDir = `${output}-private`;
    const plan = await runCaptured(['plan', join(dir.path, 'in'), '--output', output, '--demographics', sheet, '--jobs', '1']);
    assert.equal(plan.code, 0, plan.stderr);
    const shard = await runCaptured(['anonymize', join(dir.path, 'in'), '--output', output, '--plan', join(privateDir, 'plan.json'), '--shard', '1/1', '--jobs', '1']);
    assert.equal(shard.code, 0, shard.stderr);
    const planned = readFileSync(sheet, 'utf8');
    writeFileSync(sheet, `${planned}OKAFOR BENEDICT;1970-01-01\n`);
    const edited = await runCaptured(['merge', '--output', output]);
    assert.equal(edited.code, 2, edited.stderr);
    assert.match(edited.stderr, /people\.csv changed since dicomveil plan read it/);
    assert.equal(existsSync(join(output, 'report.json')), false);
    writeFileSync(sheet, planned);
    const merged = await runCaptured(['merge', '--output', output]);
    assert.equal(merged.code, 0, merged.stderr);
  });
});
