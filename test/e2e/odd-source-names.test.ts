/**
 * Sources whose names sort oddly or hold the characters refs escape (`A`, `A b`, `A!x`, `A%`,
 * `A%25`, `A#1`, `a`, NFC and NFD), loose files between them, a zip beside a folder of the same
 * stem, and names that become one once the patient's name is replaced (a file `Smith` beside a
 * folder `SMITH/`, a long file name the id makes too long): every input file is written once, to
 * a path of its own, and files.csv names each by the path it has on disk. Folders whose names are
 * different bytes that read alike (`Müller` in UTF-8, Windows-1252 and CP437) are sources of their
 * own.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { tempDir } from './support.ts';
import { tinyDicom, writeTiny } from './tiny-dataset.ts';

const skip = pydicomUnavailable();
const BIN = resolve(import.meta.dirname, '../../bin/dicomveil.mjs');
const patient = { name: 'SMITH^John', patientId: 'SJ123456' };
const SOURCES = ['A', 'A b', 'A!x', 'a', 'A%', 'A%25', 'A#1', 'Müller', 'Mu\u0308ller'];

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

/** files.csv as Python's csv module reads it: an independent reader. */
function readFilesCsv(path: string): Record<string, string>[] {
  const script = `
import csv, json, sys
with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    print(json.dumps(list(csv.DictReader(f, delimiter=';'))))`;
  return JSON.parse(pydicom(script, [path])) as Record<string, string>[];
}

describe('sources with odd names, and names that clash once replaced', { skip }, () => {
  const dir = tempDir('odd-sources');
  after(() => dir.remove());
  const input = join(dir.path, 'in');
  const inputs: string[] = [];

  before(() => {
    const files = [
      ...SOURCES.flatMap((source) => [`${source}/S1/1.dcm`, `${source}/S1/SMITH.dcm`]),
      // Once SMITH is the id, the file and the folder beside it have one name.
      'P/S1/SMITH/1.dcm',
      'P/S1/Smith',
      'Q/S1/SMITH',
      'Q/S1/Smith/1.dcm',
      'Q/S1/Smith/2.dcm',
      // A long name the id makes longer than file systems take.
      `P/S2/${'x'.repeat(240)}_SMITH.dcm`,
      // Loose files between the folders, one differing from another by case only.
      'A.dcm',
      'a.dcm',
      'A!.dcm',
      'B.dcm',
    ];
    writeTiny(input, files.map((path) => ({ path, ...patient, comments: 'seen by Dr Who for Smith' })));
    inputs.push(...files.map((path) => join(input, path)));
    mkdirSync(join(dir.path, 'unused'));
  });

  for (const [label, env] of [
    ['held in memory', {}],
    ['kept on disk', { DICOMVEIL_TEST_HELD_LINES: '2' }],
  ] as const) {
    it(`writes every file once, to its own path, and names each by its input path (${label})`, () => {
      const output = join(dir.path, `out-${label.replace(/ /g, '-')}`);
      const run = cli(['anonymize', input, '--output', output, '--jobs', '1', '--json'], env);
      assert.equal(run.status, 0, run.stderr);
      const written = filesUnder(output).filter((path) => path.endsWith('.dcm') || !path.includes('.'));
      const outputs = written.filter((path) => path !== 'report.json' && path !== 'report.html');
      assert.equal(outputs.length, inputs.length, `one output per input: ${outputs.join(', ')}`);
      const rows = readFilesCsv(join(`${output}-private`, 'files.csv'));
      assert.deepEqual(rows.map((row) => row.input_path).sort(), [...inputs].sort());
      for (const row of rows) {
        assert.equal(row.outcome, 'anonymized', `${row.input_path}: ${row.reason}`);
        assert.ok(existsSync(row.input_path!) && statSync(row.input_path!).isFile(), `${row.input_path} is an input file`);
      }
      assert.equal(new Set(rows.map((row) => row.output_path)).size, rows.length, 'no output path twice');
      const report = JSON.parse(readFileSync(join(output, 'report.json'), 'utf8')) as { fileOutcomes: { output?: string }[] };
      assert.equal(report.fileOutcomes.length, inputs.length);
    });
  }
});

describe('folders whose names are different bytes that read alike', { skip }, () => {
  const dir = tempDir('alike-sources');
  after(() => dir.remove());
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');

  before(() => {
    // Müller in UTF-8 (ü is U+00FC), in CP437 (0x81: Windows-1252 has no character there, so it
    // reads as CP437) and in Windows-1252 (0xFC); Māx (U+0101) sorts between the first two by ref.
    const folders: [Buffer, string, string][] = [
      [Buffer.from('Müller'), 'MÜLLER^Hans', 'MH123456'],
      [Buffer.from('Māx'), 'OTHER^Max', 'OM999999'],
      [Buffer.from('M\x81ller', 'latin1'), 'MÜLLER^Hans', 'MH123456'],
      [Buffer.from('M\xfcller', 'latin1'), 'MÜLLER^Hans', 'MH123456'],
    ];
    for (const [folder, name, patientId] of folders) {
      const session = Buffer.concat([Buffer.from(`${input}/`), folder, Buffer.from('/s1')]);
      mkdirSync(session, { recursive: true });
      writeFileSync(Buffer.concat([session, Buffer.from('/1.dcm')]), tinyDicom({ path: '', name, patientId }));
    }
  });

  for (const [label, env] of [
    ['held in memory', {}],
    ['kept on disk', { DICOMVEIL_TEST_HELD_LINES: '2' }],
  ] as const) {
    it(`are sources of their own: each session a folder of its own (${label})`, () => {
      const out = `${output}-${label.replace(/ /g, '-')}`;
      const run = cli(['anonymize', input, '--output', out, '--jobs', '1', '--json'], env);
      assert.equal(run.status, 0, run.stderr);
      const sessions = filesUnder(out).filter((path) => path.endsWith('.dcm')).map((path) => path.split('/').slice(0, 2).join('/'));
      assert.equal(sessions.length, 4);
      assert.equal(new Set(sessions).size, 4, sessions.join(', '));
    });
  }
});
