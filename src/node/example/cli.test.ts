import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const cli = join(import.meta.dirname, 'cli.ts');
const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8' });

test('the CLI writes the dataset, prints the input folder on stdout and a summary on stderr', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'dicomveil-example-cli-')), 'ds');
  const result = run([dir, '--seed', '9', '--patients', '3', '--files-per-session', '2']);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, `${join(dir, 'input')}\n`);
  assert.match(result.stderr, /^3 patients \(1 zipped\), \d+ DICOM \+ \d+ other files/);
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8'));
  assert.equal(truth.seed, 9);
  assert.ok(truth.patients.every((p: { sessions: { files: number }[] }) => p.sessions.every((s) => s.files === 2)));
  assert.ok(existsSync(join(dir, 'demographics.csv')));
  // Never over an existing dataset.
  assert.equal(run([dir]).status, 2);
});

test('bad arguments exit 2 with the usage', () => {
  for (const args of [[], ['a', 'b'], ['x', '--patients', '61'], ['x', '--zipped-fraction', '2'], ['x', '--seed', 'abc']]) {
    const result = run(args);
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /usage: cli\.ts <dir>/);
  }
});
