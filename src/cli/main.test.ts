/**
 * The command line as users and scripts see it: exit codes in the contract's precedence, stdout
 * holding only the `--json` summary or verify's findings, messages that never print a name.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { OPTION_SPECS } from '../core/options/schema.ts';
import { tempDir } from '../../test/e2e/support.ts';
import { tinyDicom, writeTiny } from '../../test/e2e/tiny-dataset.ts';
import { runCli } from './main.ts';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: (text: string) => {
      stdout += text;
    },
    stderr: (text: string) => {
      stderr += text;
    },
  };
  const code = await runCli(args, { ...io, stderrIsTTY: false, cpuCount: 1 });
  return { code, stdout, stderr };
}

describe('dicomveil CLI', () => {
  const dir = tempDir('cli');
  after(() => dir.remove());
  const input = join(dir.path, 'in');
  writeTiny(input, [
    { path: 'LINDQVIST_ALICE/s1/1.dcm', name: 'LINDQVIST^ALICE', patientId: 'LQA1001' },
    { path: 'LINDQVIST_ALICE/s1/2.dcm', name: 'LINDQVIST^ALICE', patientId: 'LQA1001' },
  ]);

  it('lists every option of the schema in anonymize --help', async () => {
    const { code, stdout } = await run(['anonymize', '--help']);
    assert.equal(code, 0);
    for (const spec of OPTION_SPECS) if (spec.key !== 'input') assert.ok(stdout.includes(`--${spec.flag}`), spec.flag);
  });

  it('exits 2 on usage errors with the schema message on stderr and nothing on stdout', async () => {
    const bad = await run(['anonymize', input, '--output', join(dir.path, 'x'), '--distance', '2']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--distance: must be between 0 and 1/);
    assert.equal(bad.stdout, '');
    assert.equal((await run(['anonymize', input, '--no-such-flag'])).code, 2);
    const remove = await run(['anonymize', input, '--output', join(dir.path, 'x'), '--remove', 'NoSuchKeyword']);
    assert.equal(remove.code, 2);
    assert.match(remove.stderr, /NoSuchKeyword/);
    assert.equal(existsSync(join(dir.path, 'x')), false);
    assert.equal((await run(['frobnicate'])).code, 2);
  });

  it('prints the refused summary with --json when the options themselves are refused, as for any other refusal', async () => {
    const output = join(dir.path, 'refused');
    const bad = await run(['anonymize', input, '--output', output, '--retain', 'uids', '--json']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--retain: only with --profile basic/);
    const lines = bad.stdout.trim().split('\n');
    assert.equal(lines.length, 1, bad.stdout);
    const summary = JSON.parse(lines[0]!) as { status: string; output: string; privateDir: string; error: string; files: Record<string, number> };
    assert.equal(summary.status, 'refused');
    assert.equal(summary.output, output);
    assert.equal(summary.privateDir, `${output}-private`);
    assert.match(summary.error, /--retain: only with --profile basic/);
    assert.deepEqual(summary.files, { anonymized: 0, unchanged: 0, ignored: 0, skipped: 0, quarantined: 0 });
    assert.equal(existsSync(output), false);
  });

  it('prints exactly one JSON summary on stdout with --json, and exits 0', async () => {
    const output = join(dir.path, 'out');
    const { code, stdout, stderr } = await run(['anonymize', input, '--output', output, '--json']);
    assert.equal(code, 0, stderr);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    const summary = JSON.parse(lines[0]!);
    assert.deepEqual(Object.keys(summary).sort(), ['ambiguous', 'files', 'output', 'patients', 'privateDir', 'status', 'suggested']);
    assert.deepEqual(summary.files, { anonymized: 2, unchanged: 0, ignored: 0, skipped: 0, quarantined: 0 });
    assert.match(stderr, /Anonymizing: 2\/2 files/);
  });

  it('refuses a rerun whose --remove, --private-tags or --documents differ from the first run: exit 2, the output as it was', async () => {
    const output = join(dir.path, 'policy');
    const first = await run(['anonymize', input, '--output', output, '--jobs', '1']);
    assert.equal(first.code, 0, first.stderr);
    const before = readdirSync(output, { recursive: true, encoding: 'utf8' }).sort();
    const report = readFileSync(join(output, 'report.json'), 'utf8');
    for (const [flags, said] of [
      [['--remove', 'PatientSex'], /--remove \(was none\)/],
      [['--private-tags', 'remove'], /--private-tags \(was keep\)/],
      [['--documents', 'include'], /--documents \(was exclude\)/],
    ] as const) {
      const again = await run(['anonymize', input, '--output', output, '--jobs', '1', ...flags]);
      assert.equal(again.code, 2, flags.join(' '));
      assert.match(again.stderr, said);
      assert.equal(readFileSync(join(output, 'report.json'), 'utf8'), report);
    }
    // The same options as the first run still extend it.
    assert.equal((await run(['anonymize', input, '--output', output, '--jobs', '1'])).code, 0);
    assert.deepEqual(readdirSync(output, { recursive: true, encoding: 'utf8' }).sort(), before);
  });

  it('takes --remove by tag or keyword, in any spelling, order or repetition, as the same option; another attribute is still refused', async () => {
    const output = join(dir.path, 'remove-spellings');
    const first = await run(['anonymize', input, '--output', output, '--jobs', '1', '--remove', '0010,1000,InstitutionName']);
    assert.equal(first.code, 0, first.stderr);
    for (const same of ['OtherPatientIDs,InstitutionName', '(0010,1000),(0008,0080)', '0008,0080,0010,1000', '00080080,(0010,1000),OtherPatientIDs', '( 0010 , 1000 ),0x00080080']) {
      const again = await run(['anonymize', input, '--output', output, '--jobs', '1', '--remove', same]);
      assert.equal(again.code, 0, `--remove ${same}: ${again.stderr}`);
    }
    const changed = await run(['anonymize', input, '--output', output, '--jobs', '1', '--remove', 'OtherPatientIDs']);
    assert.equal(changed.code, 2);
    assert.match(changed.stderr, /--remove \(was InstitutionName,OtherPatientIDs\)/);
  });

  it('refuses a missing input with exit 2, status refused and the reason', async () => {
    const { code, stdout } = await run(['anonymize', join(dir.path, 'nope'), '--output', join(dir.path, 'o2'), '--json']);
    assert.equal(code, 2);
    const summary = JSON.parse(stdout);
    assert.equal(summary.status, 'refused');
    assert.match(summary.error, /not found|cannot be read/);
    assert.equal(existsSync(join(dir.path, 'o2')), false);
  });

  it('refuses a private dir that cannot be made (a link to nowhere) with exit 2 and the reason, writing nothing', async () => {
    const privateDir = join(dir.path, 'dangling-private');
    symlinkSync(join(dir.path, 'nowhere', 'inner'), privateDir);
    const { code, stdout, stderr } = await run(['anonymize', input, '--output', join(dir.path, 'o3'), '--private-dir', privateDir, '--json']);
    assert.equal(code, 2, stderr);
    const summary = JSON.parse(stdout);
    assert.equal(summary.status, 'refused');
    assert.match(summary.error, /private dir .*cannot be made/);
    assert.equal(existsSync(join(dir.path, 'o3')), false);
    assert.equal(existsSync(join(dir.path, 'nowhere')), false);
  });

  it('verify prints findings on stdout, one per line without the name, and exits 1', async () => {
    const output = join(dir.path, 'out');
    assert.equal((await run(['verify', output])).code, 0);
    const folder = readFileSync(join(output, 'report.json'), 'utf8').match(/"output": "([^/]+)\//)![1]!;
    writeFileSync(join(output, folder, 'note.dcm'), tinyDicom({ path: '', name: 'x', patientId: 'y', comments: 'Alice Lindqvist called' }));
    const { code, stdout } = await run(['verify', output]);
    assert.equal(code, 1);
    const lines = stdout.trim().split('\n');
    assert.ok(lines.length >= 1 && lines.every((line) => line.startsWith(`${folder}/note.dcm: `)), stdout);
    assert.doesNotMatch(stdout, /lindqvist|alice/i);
  });

  it('clears a preamble that holds a name: the file is anonymized, its preamble all zeros', async () => {
    const preambleInput = join(dir.path, 'in-preamble');
    const bytes = tinyDicom({ path: '', name: 'LINDQVIST^ALICE', patientId: 'LQA1001' });
    bytes.set(new TextEncoder().encode('LINDQVIST ALICE'), 10);
    writeTiny(preambleInput, [{ path: 'LINDQVIST_ALICE/a.dcm', name: 'LINDQVIST^ALICE', patientId: 'LQA1001' }]);
    writeFileSync(join(preambleInput, 'LINDQVIST_ALICE', 'preamble.dcm'), bytes);
    const output = join(dir.path, 'out-preamble');
    const { code, stdout } = await run(['anonymize', preambleInput, '--output', output, '--json']);
    assert.equal(code, 0, stdout);
    assert.equal(JSON.parse(stdout).files.anonymized, 2);
    const written = readdirSync(output, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('preamble.dcm'));
    assert.equal(written.length, 1);
    const out = readFileSync(join(output, written[0]!));
    assert.deepEqual(new Uint8Array(out.subarray(0, 128)), new Uint8Array(128));
    assert.equal(out.subarray(128, 132).toString('latin1'), 'DICM');
    assert.equal((await run(['verify', output])).code, 0);
  });

  it('quarantines a file whose name cannot be removed: exit 1, input, quarantine and element on stderr, never the name', async () => {
    const residueInput = join(dir.path, 'in-residue');
    writeTiny(residueInput, [{ path: 'LINDQVIST_ALICE/a.dcm', name: 'LINDQVIST^ALICE', patientId: 'LQA1001' }]);
    // The name inside a standard binary element (an ICC profile): it cannot be replaced in place.
    const icc = new TextEncoder().encode('desc LINDQVIST ALICE ');
    const bytes = tinyDicom({ path: '', name: 'LINDQVIST^ALICE', patientId: 'LQA1001', extra: [{ tag: 0x00282000, vr: 'OB', value: icc }] });
    writeFileSync(join(residueInput, 'LINDQVIST_ALICE', 'icc.dcm'), bytes);
    const output = join(dir.path, 'out-residue');
    const { code, stdout, stderr } = await run(['anonymize', residueInput, '--output', output, '--on-residue', 'quarantine', '--json']);
    assert.equal(code, 1);
    assert.equal(JSON.parse(stdout).files.quarantined, 1);
    const line = stderr.split('\n').find((l) => l.includes('quarantined'))!;
    assert.ok(line.includes(join(residueInput, 'LINDQVIST_ALICE', 'icc.dcm')), line);
    assert.ok(line.includes(join(`${output}-private`, 'quarantine')), line);
    assert.match(line, /\(0028,2000\)/);
    // The input path is the user's own and may hold the name; nothing else in the line does.
    assert.doesNotMatch(line.replace(join(residueInput, 'LINDQVIST_ALICE', 'icc.dcm'), ''), /lindqvist|alice/i);
  });
});
