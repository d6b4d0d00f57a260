/**
 * Independent checkers the tests compare our output against: dcmtk's `dcmdump` and pydicom on
 * `/usr/bin/python3` (Debian's python3-pydicom; the first `python3` on PATH may lack it).
 * Missing tools skip outside CI and fail in CI, like the corpus.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SYSTEM_PYTHON = '/usr/bin/python3';

function unavailable(what: string, ok: boolean): string | undefined {
  if (ok) return undefined;
  const message = `${what} is not installed (run scripts/setup.sh)`;
  if (process.env.CI) throw new Error(message);
  return message;
}

export function dcmdumpUnavailable(): string | undefined {
  return unavailable('dcmtk (dcmdump)', spawnSync('dcmdump', ['--version']).status === 0);
}

export function pydicomUnavailable(): string | undefined {
  return unavailable('pydicom on /usr/bin/python3', existsSync(SYSTEM_PYTHON) && spawnSync(SYSTEM_PYTHON, ['-c', 'import pydicom']).status === 0);
}

/** dcmdump's text of a file; `ok` is false when dcmdump reports an error. */
export function dcmdump(path: string, extraArgs: string[] = []): { ok: boolean; stdout: string; stderr: string } {
  const result = spawnSync('dcmdump', ['+U8', '-q', ...extraArgs, path], { encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 });
  return { ok: result.status === 0 && !/^E: /m.test(result.stderr), stdout: result.stdout, stderr: result.stderr };
}

/** Runs a Python snippet under pydicom; argv[1..] are `args`; returns stdout, throws on failure. */
export function pydicom(script: string, args: string[] = []): string {
  const result = spawnSync(SYSTEM_PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`pydicom failed: ${result.stderr}`);
  return result.stdout;
}
