/**
 * Runs `dicomveil gui --no-open` as a user would and reads the URL it prints on stdout: the only
 * way into the GUI the end-to-end tests use.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../..');

/** Every GUI process still running: a failed test must not leave one holding the test file open. */
const running = new Set<ChildProcess>();

/** Kills every GUI process a test started and that is still running (for `after` hooks). */
export function stopAllGuis(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export interface GuiProcess {
  child: ChildProcess;
  url: string;
  stderr(): string;
  /** Sends SIGINT (Ctrl-C) and resolves with the exit code, or rejects after `ms`. */
  interrupt(ms?: number): Promise<number | null>;
}

/**
 * Spawns the CLI and resolves once the URL line is printed. `command` is how dicomveil is started
 * (the clone's bin by default; an installed package or the standalone executable).
 */
export function spawnGui(env: NodeJS.ProcessEnv = {}, command: readonly string[] = [process.execPath, resolve(repoRoot, 'bin/dicomveil.mjs')], cwd = repoRoot): Promise<GuiProcess> {
  const [file, ...args] = command;
  if (file === undefined) throw new Error('spawnGui needs a command');
  const child = spawn(file, [...args, 'gui', '--no-open'], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`gui printed no URL within 30 s; stderr: ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`gui exited (${code}) before printing a URL; stderr: ${stderr}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n')[0];
      if (!stdout.includes('\n') || line === undefined) return;
      clearTimeout(timer);
      resolveUrl({
        child,
        url: line.trim(),
        stderr: () => stderr,
        interrupt: (ms = 15_000) => {
          child.kill('SIGINT');
          return Promise.race([exited, new Promise<never>((_, fail) => setTimeout(() => fail(new Error(`gui did not stop within ${ms} ms after SIGINT`)), ms).unref())]);
        },
      });
    });
  });
}
