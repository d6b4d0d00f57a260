/** Scan and done files are JSON lines: read back whole into the listing's order, a torn one never taken for whole. */
import assert from 'node:assert/strict';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { UsageError } from '../../core/errors.ts';
import type { ScannedFile } from '../../core/plan/scanned-file.ts';
import { tempDir } from '../../../test/e2e/support.ts';
import type { ScannedInput } from '../run/scan-input.ts';
import { clusterPaths } from './cluster-paths.ts';
import { readScanFiles, writeScanFile } from './scan-files.ts';
import { readDoneFile, writeDoneFile } from './shard-run.ts';
import { shardOf } from './shard.ts';

function file(i: number): ScannedFile {
  const name = i % 2 ? 'ZOË^MÜLLER' : 'O\'DAY^"JO"\nNEXT';
  return { kind: 'dicom', identity: { name, patientId: `P${i}`, birthDate: '19700101', sex: 'F', otherNames: [] }, ref: `P${i % 3}/s\t${i}.dcm`, source: `P${i % 3}`, sourceKind: 'folder', relativePath: `s\t${i}.dcm`, size: 100 + i, entryClass: 'candidate' };
}

describe('scan files', () => {
  const dir = tempDir('scan-files');
  after(() => dir.remove());
  const input = join(dir.path, 'in');
  const files = Array.from({ length: 40 }, (_, i) => file(i));
  const problems: ScannedInput['problems'] = [{ kind: 'problem', ref: 'bad.zip!x', code: 'encrypted', action: 'skipped', message: 'cannot be read' }];
  const whole: ScannedInput = { root: input, sources: [{ name: 'P0', kind: 'folder', ref: 'P0/' }] as ScannedInput['sources'], files, problems };

  it('join back into the single listing, whatever order the shards wrote them in', () => {
    const privateDir = join(dir.path, 'joined');
    for (const index of [3, 1, 2]) {
      const mine = files.map((f, i) => [f, i] as const).filter(([f]) => shardOf(f.ref, 3) === index);
      const ownProblems = problems.map((p, i) => [p, i] as const).filter(([p]) => shardOf(p.ref, 3) === index);
      writeScanFile(privateDir, { index, count: 3 }, input, { ...whole, files: mine.map(([f]) => f), problems: ownProblems.map(([p]) => p), positions: { files: mine.map(([, i]) => i), problems: ownProblems.map(([, i]) => i) } });
    }
    const joined = readScanFiles(privateDir, input)!;
    assert.deepEqual(joined.files, files);
    assert.deepEqual(joined.problems, problems);
    assert.deepEqual(joined.sources, whole.sources);
    // One line per file, problem, head and end: no line holds more than its own file.
    const lines = readFileSync(clusterPaths(privateDir).scan({ index: 1, count: 3 }), 'utf8').trimEnd().split('\n');
    assert.ok(lines.length >= 3);
  });

  it('refuses a torn scan, naming it, as it refuses a scan of another input', () => {
    const privateDir = join(dir.path, 'torn');
    writeScanFile(privateDir, { index: 1, count: 1 }, input, whole);
    const path = clusterPaths(privateDir).scan({ index: 1, count: 1 });
    const text = readFileSync(path, 'utf8');
    // Cut after a whole line: every line parses, the end line is missing.
    writeFileSync(path, text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1));
    assert.throws(() => readScanFiles(privateDir, input), (error: unknown) => error instanceof UsageError && error.code === 'E_SCANS_FOREIGN' && /is not a whole scan/.test(error.message));
    writeScanFile(privateDir, { index: 1, count: 1 }, input, whole);
    assert.throws(() => readScanFiles(privateDir, join(dir.path, 'other')), /is a scan of .* not of/);
  });
});

describe('done files', () => {
  const dir = tempDir('done-files');
  after(() => dir.remove());

  it('read back their results, and a torn one is no done file', () => {
    const path = join(dir.path, 'done-1-of-2.json');
    const results = Array.from({ length: 30 }, (_, i) => ({ ref: `P/${i}\n.dcm`, outcome: 'anonymized' as const, out: `subj_1/${i}.dcm`, size: i, flags: i % 4 ? [] : ['cine'], names: { StudyDescription: 1 } }));
    writeDoneFile(path, { shard: { index: 1, count: 2 }, digest: 'abc', results });
    assert.deepEqual(readDoneFile(path), { shard: { index: 1, count: 2 }, digest: 'abc', results });
    truncateSync(path, readFileSync(path).length - 3);
    assert.equal(readDoneFile(path), undefined);
    assert.equal(readDoneFile(join(dir.path, 'none.json')), undefined);
  });
});
