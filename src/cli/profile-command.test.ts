/** `dicomveil profile`: the resolved table on stdout, as text or JSON; refusals exit 2. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from './main.ts';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stderrIsTTY: false,
    cpuCount: 1,
  });
  return { code, stdout, stderr };
}

describe('dicomveil profile', () => {
  it('prints the basic table with each option applied, and the same rows as JSON', async () => {
    const text = await run(['profile', '--profile', 'basic', '--retain', 'modified-dates', '--retain', 'device']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^StudyDate\s+\(0008,0020\)\s+shift\s+--retain modified-dates$/m);
    assert.match(text.stdout, /^DeviceSerialNumber\s+\(0018,1000\)\s+keep\s+--retain device$/m);
    const json = await run(['profile', '--profile', 'basic', '--clean', 'descriptors', '--json']);
    const table = JSON.parse(json.stdout) as { profile: string; clean: string[]; privateTags: string; rules: { keyword: string; action: string; origin: string }[] };
    assert.deepEqual([table.profile, table.clean, table.privateTags], ['basic', ['descriptors'], 'remove']);
    assert.equal(table.rules.find((rule) => rule.keyword === 'StudyDescription')?.action, 'clean');
    assert.ok(table.rules.length > 600);
  });

  it('refuses --retain without --profile basic, here and for anonymize (exit 2)', async () => {
    const profile = await run(['profile', '--retain', 'uids']);
    assert.equal(profile.code, 2);
    assert.match(profile.stderr, /--retain: only with --profile basic/);
    assert.equal(profile.stdout, '');
    const anonymize = await run(['anonymize', 'in', '--output', 'out', '--clean', 'descriptors']);
    assert.equal(anonymize.code, 2);
    assert.match(anonymize.stderr, /--clean: only with --profile basic/);
  });
});
