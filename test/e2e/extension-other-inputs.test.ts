/**
 * An output extended from another input folder whose files sit at the same paths as the first's
 * (exports all named `S1/IM1.dcm`): the new files are new, never taken for the earlier ones. Each
 * earlier output stays, a new file at a taken path is suffixed, on one machine and through shards.
 */
import assert from 'node:assert/strict';
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { listFiles, readRunCsv, runCaptured as run, tempDir } from './support.ts';
import { type TinyFile, writeTiny } from './tiny-dataset.ts';

/** Pixel bytes all `mark`: which input an output came from, as pixels are copied verbatim. */
const pixels = (mark: number) => new Uint8Array(4096).fill(mark);

/** The mark of each output file (its last pixel byte), by path relative to the output. */
function marks(output: string): Map<string, number> {
  return new Map(listFiles(output).filter((path) => path.endsWith('.dcm')).map((path) => [path, readFileSync(join(output, path)).at(-1)!]));
}

const karl: Omit<TinyFile, 'path' | 'pixels'> = { name: 'ALPHONSE^KARL', patientId: 'AK0111', birthDate: '19500101' };
const olga: Omit<TinyFile, 'path' | 'pixels'> = { name: 'BRANDSTETTER^OLGA', patientId: 'BO0222', birthDate: '19600101' };
const daria: Omit<TinyFile, 'path' | 'pixels'> = { name: 'CORVINO^DARIA', patientId: 'CD0333', birthDate: '19700101' };

describe('an extension from another input folder with the same relative paths', () => {
  const dir = tempDir('extension-other-inputs');
  after(() => dir.remove());

  it('suffixes a new session of a known patient instead of writing over the earlier one', async () => {
    const root = join(dir.path, 'same-patient');
    const output = join(root, 'out');
    writeTiny(join(root, 'in1'), [{ ...olga, path: 'BRANDSTETTER_OLGA/S1/IM1.dcm', pixels: pixels(0x11) }]);
    writeTiny(join(root, 'in2'), [{ ...olga, path: 'OLGA_BRANDSTETTER_2024/S1/IM1.dcm', pixels: pixels(0x22) }]);
    const anonymize = (input: string) => run(['anonymize', join(root, input), '--output', output, '--json']);

    assert.equal((await anonymize('in1')).code, 0);
    const [first = ''] = [...marks(output).keys()];
    assert.match(first, /^subj_\w+\/S1\/IM1\.dcm$/);
    const id = first.split('/')[0]!;
    const second = await anonymize('in2');
    assert.equal(second.code, 0, second.stderr);
    // Sorted: the earlier session keeps its folder, the new one of the same patient is suffixed.
    assert.deepEqual([...marks(output)].sort(), [[`${id}/S1/IM1.dcm`, 0x11], [`${id}/S1_2/IM1.dcm`, 0x22]]);

    // Run 1's input again: its file is the earlier one, done and in place.
    const again = await anonymize('in1');
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual((JSON.parse(again.stdout) as { files: { unchanged: number; anonymized: number } }).files, { anonymized: 0, unchanged: 1, ignored: 0, skipped: 0, quarantined: 0 });
    assert.deepEqual([...marks(output)].sort(), [[`${id}/S1/IM1.dcm`, 0x11], [`${id}/S1_2/IM1.dcm`, 0x22]]);
  });

  /** Run 1 holds KARL and OLGA; run 2, at the same relative paths, DARIA (new) and OLGA again. */
  const twoInputs = (root: string) => {
    writeTiny(join(root, 'in1'), [
      { ...karl, path: 'p01/S1/IM1.dcm', pixels: pixels(0x11) },
      { ...olga, path: 'p02/S1/IM1.dcm', pixels: pixels(0x12) },
    ]);
    writeTiny(join(root, 'in2'), [
      { ...daria, path: 'p01/S1/IM1.dcm', pixels: pixels(0x21) },
      { ...olga, path: 'p02/S1/IM1.dcm', pixels: pixels(0x22) },
    ]);
  };

  /** Every input's file is in the output once, under its patient's id; verify finds it clean. */
  const assertAllKept = async (output: string) => {
    const ids = new Map(readRunCsv(`${output}-private/mapping.csv`).slice(1).map((row) => [row[1]!, row[0]!]));
    const [k, o, d] = [ids.get(karl.name), ids.get(olga.name), ids.get(daria.name)];
    assert.ok(k && o && d, [...ids.keys()].join(','));
    assert.deepEqual([...marks(output)].sort(), [[`${d}/S1/IM1.dcm`, 0x21], [`${k}/S1/IM1.dcm`, 0x11], [`${o}/S1/IM1.dcm`, 0x12], [`${o}/S1_2/IM1.dcm`, 0x22]].sort());
    // files.csv lists both runs' files, the same relative paths of two input folders included.
    const written = readRunCsv(`${output}-private/files.csv`).slice(1).filter((row) => row[1] === 'anonymized' || row[1] === 'unchanged');
    assert.deepEqual(written.map((row) => row[3]!.slice(output.length + 1)).sort(), [...marks(output).keys()].sort());
    const verify = await run(['verify', output]);
    assert.equal(verify.code, 0, verify.stderr);
  };

  it('keeps every earlier output when run on one machine', async () => {
    const root = join(dir.path, 'single');
    twoInputs(root);
    const output = join(root, 'out');
    for (const input of ['in1', 'in2']) {
      const done = await run(['anonymize', join(root, input), '--output', output, '--jobs', '1']);
      assert.equal(done.code, 0, done.stderr);
    }
    await assertAllKept(output);
  });

  it('keeps every earlier output when the extension runs as shards and a merge', async () => {
    const root = join(dir.path, 'shards');
    twoInputs(root);
    const output = join(root, 'out');
    const input = join(root, 'in2');
    assert.equal((await run(['anonymize', join(root, 'in1'), '--output', output, '--jobs', '1'])).code, 0);
    for (const k of [1, 2]) assert.equal((await run(['scan', input, '--output', output, '--shard', `${k}/2`])).code, 0);
    const plan = await run(['plan', input, '--output', output, '--jobs', '1']);
    assert.equal(plan.code, 0, plan.stderr);
    for (const k of [1, 2]) {
      const shard = await run(['anonymize', input, '--output', output, '--plan', join(`${output}-private`, 'plan.json'), '--shard', `${k}/2`, '--jobs', '1']);
      assert.equal(shard.code, 0, shard.stderr);
    }
    const merge = await run(['merge', '--output', output]);
    assert.equal(merge.code, 0, merge.stderr);
    await assertAllKept(output);
  });
});

describe('an earlier output of another input folder checked again and quarantined', () => {
  const dir = tempDir('extension-other-orphan');
  after(() => dir.remove());

  it('is named by its own input path, and the new file at the same relative path by its own', async () => {
    const output = join(dir.path, 'out');
    writeTiny(join(dir.path, 'in1'), [{ ...karl, path: 'p01/S1/IM1.dcm', comments: 'friend of Corvino Daria' }]);
    writeTiny(join(dir.path, 'in2'), [{ ...daria, path: 'p01/S1/IM1.dcm' }]);
    assert.equal((await run(['anonymize', join(dir.path, 'in1'), '--output', output])).code, 0);
    const second = await run(['anonymize', join(dir.path, 'in2'), '--output', output, '--on-residue', 'quarantine']);
    assert.equal(second.code, 1, second.stderr);
    const rows = readRunCsv(`${output}-private/files.csv`).slice(1);
    assert.deepEqual(rows.map((row) => [row[0], row[1]]).sort(), [
      [join(dir.path, 'in1/p01/S1/IM1.dcm'), 'quarantined'],
      [join(dir.path, 'in2/p01/S1/IM1.dcm'), 'anonymized'],
    ]);
    assert.match(second.stderr, new RegExp(`residue: ${join(dir.path, 'in1/p01/S1/IM1.dcm')} `));
  });
});

describe('the same input folder moved elsewhere and run again', () => {
  const dir = tempDir('moved-input');
  after(() => dir.remove());

  it('is the same input: every file unchanged, none written again beside itself, files.csv one row a file', async () => {
    const output = join(dir.path, 'out');
    writeTiny(join(dir.path, 'in'), [
      { ...olga, path: 'BRANDSTETTER_OLGA/S1/IM1.dcm', pixels: pixels(0x11) },
      { ...karl, path: 'ALPHONSE_KARL/S1/IM1.dcm', pixels: pixels(0x22) },
    ]);
    assert.equal((await run(['anonymize', join(dir.path, 'in'), '--output', output])).code, 0);
    const before = marks(output);
    renameSync(join(dir.path, 'in'), join(dir.path, 'moved'));
    const again = await run(['anonymize', join(dir.path, 'moved'), '--output', output, '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual((JSON.parse(again.stdout) as { files: Record<string, number> }).files, { anonymized: 0, unchanged: 2, ignored: 0, skipped: 0, quarantined: 0 });
    assert.deepEqual(marks(output), before);
    const rows = readRunCsv(`${output}-private/files.csv`).slice(1);
    assert.deepEqual(rows.map((row) => [row[0], row[1]]).sort(), [
      [join(dir.path, 'moved/ALPHONSE_KARL/S1/IM1.dcm'), 'unchanged'],
      [join(dir.path, 'moved/BRANDSTETTER_OLGA/S1/IM1.dcm'), 'unchanged'],
    ]);
  });
});
