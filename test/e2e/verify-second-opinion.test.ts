/**
 * `dicomveil verify` is a second opinion: names planted back into a copy of a clean output (a
 * text value, a private binary element in UTF-16, a file name) are each reported on stdout with
 * the file and the element, saying which patient's name it is but never the name, and the
 * command exits 1.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runAnonymization } from '../../src/node/run/index.ts';
import { listFiles, optionsFor, tempDir } from './support.ts';
import { writeTiny } from './tiny-dataset.ts';

const BIN = resolve(import.meta.dirname, '../../bin/dicomveil.mjs');
const FILLER = 'x'.repeat(30);
const NOISE = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + ((i * 37) % 0x40));

function verify(output: string, privateDir: string) {
  return spawnSync(process.execPath, [BIN, 'verify', output, '--private-dir', privateDir], { encoding: 'utf8' });
}

function utf16le(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'utf16le'));
}

/** Overwrites the first occurrence of `find` in a file with `replace` (same length: the file stays whole). */
function overwrite(path: string, find: Uint8Array, replace: Uint8Array): void {
  const bytes = readFileSync(path);
  const at = bytes.indexOf(find);
  assert.ok(at >= 0, `${path} holds the bytes to overwrite`);
  assert.equal(replace.length, find.length);
  bytes.set(replace, at);
  writeFileSync(path, bytes);
}

describe('dicomveil verify on an output with names planted back', () => {
  const dir = tempDir('verify-planted');
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const privateDir = `${output}-private`;
  const copy = join(dir.path, 'copy');
  after(() => dir.remove());

  before(async () => {
    const extra = [
      { tag: 0x00090010, vr: 'LO' as const, value: 'ACME 1.0' },
      { tag: 0x00091001, vr: 'OB' as const, value: NOISE },
    ];
    writeTiny(input, [
      { path: 'WHITFIELD_ROSALIND/s1/1.dcm', name: 'WHITFIELD^ROSALIND', patientId: 'WRO2002', comments: FILLER, extra },
      { path: 'WHITFIELD_ROSALIND/s1/2.dcm', name: 'WHITFIELD^ROSALIND', patientId: 'WRO2002', comments: FILLER, extra },
      { path: 'DUPONT_JEAN/s1/1.dcm', name: 'DUPONT^JEAN', patientId: 'DPJ1001', comments: FILLER, extra },
    ]);
    const summary = await runAnonymization(optionsFor({ input, output }));
    assert.equal(summary.exitCode, 0, JSON.stringify(summary));
    spawnSync('cp', ['-r', output, copy]);
  });

  it('finds nothing in the clean output and exits 0', () => {
    const result = verify(output, privateDir);
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, '');
  });

  it('reports each planted name with its file and element, exits 1, and never prints the name', () => {
    const files = listFiles(copy).filter((f) => f.endsWith('.dcm'));
    const [first, second, third] = files as [string, string, string];
    // A text value, in place of the filler comment.
    overwrite(join(copy, first), new TextEncoder().encode(FILLER), new TextEncoder().encode('seen with Rosalind WHITFIELD..'));
    // A private binary element, the name in UTF-16LE amid its bytes.
    overwrite(join(copy, second), NOISE.subarray(4, 16), utf16le('DUPONT'));
    // A path.
    const renamed = third.replace(/[^/]+\.dcm$/, 'Dupont_Jean_1.dcm');
    renameSync(join(copy, third), join(copy, renamed));

    const result = verify(copy, privateDir);
    assert.equal(result.status, 1, result.stdout + result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.ok(lines.some((line) => line.startsWith(`${first}: (0010,4000)`)), result.stdout);
    assert.ok(lines.some((line) => line.startsWith(`${second}: (0009,1001)`) && line.includes('utf-16le')), result.stdout);
    assert.ok(lines.some((line) => line.startsWith(`${renamed}: the path`)), result.stdout);
    // Each line names the file by its path (which, renamed, holds the name: the user must find it); what it says never does.
    for (const line of lines) assert.doesNotMatch(line.slice(line.indexOf(': ')), /whitfield|rosalind|dupont|jean/i);
  });
});
