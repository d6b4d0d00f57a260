/**
 * dicomveil as users get it, run from an empty folder with a PATH that holds no development tool:
 * the packed tarball installed globally into a temporary prefix, the same files with the
 * production dependencies alone (`npm ci --omit=dev`: none), and the standalone executable (built here,
 * into a temporary folder) with no `node` on the PATH at all. Each makes the example and verifies
 * it. npm and postject missing skip outside CI and fail in CI, like the corpus.
 */
import assert from 'node:assert/strict';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FILES_PER_WORKER } from '../../src/node/pool/open-pool.ts';
import { spawnGui } from '../gui/gui-process.ts';

const repoRoot = resolve(import.meta.dirname, '../..');
const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };

function unavailable(what: string, ok: boolean): string | undefined {
  if (ok) return undefined;
  const message = `${what} is not available here`;
  if (process.env.CI) throw new Error(message);
  return message;
}

function canResolve(name: string): boolean {
  try {
    createRequire(join(repoRoot, 'package.json')).resolve(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * The environment of a user's shell: npm's own variables (set when the suite runs under `npm test`,
 * with the clone's node_modules/.bin first on PATH) would leak the outer run into these installs.
 */
function userEnv(path: string, home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key) && key !== 'NODE_OPTIONS') env[key] = value;
  return { ...env, PATH: path, HOME: home };
}

type Run = SpawnSyncReturns<string>;

function run(command: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Run {
  const [file, ...args] = command;
  return spawnSync(file!, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function succeeds(result: Run, what: string): string {
  assert.equal(result.status, 0, `${what} exited ${result.status ?? result.signal}: ${result.error?.message ?? ''}\n${result.stderr}`);
  return result.stdout;
}

function npm(args: string[], cwd: string, home: string): string {
  return succeeds(run(['npm', ...args], cwd, userEnv(process.env.PATH ?? '', home)), `npm ${args.join(' ')}`);
}

/** Every command `dicomveil --help` lists, so a command added later is checked with no change here. */
function listedCommands(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1] ?? '';
  return [...section.matchAll(/^ {2}([a-z][\w-]*)/gm)].map((match) => match[1]!).filter((name) => name !== 'help');
}

/** `--version`, `--help` of every command, a refusal, the example and `verify` on it. */
function exercise(dicomveil: readonly string[], env: NodeJS.ProcessEnv, work: string): void {
  const folder = mkdtempSync(join(work, 'run-'));
  assert.equal(succeeds(run([...dicomveil, '--version'], folder, env), '--version').trim(), packageJson.version);
  const commands = listedCommands(succeeds(run([...dicomveil, '--help'], folder, env), '--help'));
  for (const name of ['anonymize', 'verify', 'gui', 'example']) assert.ok(commands.includes(name), `--help lists ${name}: ${commands.join(', ')}`);
  for (const name of commands) assert.match(succeeds(run([...dicomveil, name, '--help'], folder, env), `${name} --help`), new RegExp(`^Usage: dicomveil ${name}\\b`));
  const refused = run([...dicomveil, 'anonymize', join(folder, 'no-such-input'), '--output', join(folder, 'out')], folder, env);
  assert.equal(refused.status, 2, `a missing input is refused with exit 2: ${refused.stderr}`);

  const example = JSON.parse(succeeds(run([...dicomveil, 'example', '--json'], folder, env), 'example')) as Summary;
  assert.equal(example.status, 'complete');
  succeeds(run([...dicomveil, 'verify', 'example/output'], folder, env), 'verify example/output');
  // Two jobs and enough files (FILES_PER_WORKER) that the run starts a worker thread, whose code the build carries.
  const args = ['anonymize', 'example/input', '--output', 'again', '--demographics', 'example/demographics.csv', '--jobs', '2', '--json'];
  const again = JSON.parse(succeeds(run([...dicomveil, ...args], folder, env), 'anonymize --jobs 2')) as Summary;
  assert.equal(again.status, 'complete');
  assert.ok(again.files.anonymized >= FILES_PER_WORKER, `anonymized ${again.files.anonymized} files`);
  succeeds(run([...dicomveil, 'verify', 'again'], folder, env), 'verify again');
}

interface Summary {
  status: string;
  files: { anonymized: number };
}

/** The GUI serves its page and script: both are baked into a build. */
async function servesPage(dicomveil: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<void> {
  const gui = await spawnGui(env, dicomveil, cwd);
  try {
    const login = await fetch(gui.url, { redirect: 'manual' });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    assert.ok(cookie.length > 0, `the URL buys a cookie (HTTP ${login.status})`);
    const origin = new URL(gui.url).origin;
    const page = await fetch(`${origin}/`, { headers: { cookie } });
    assert.match(await page.text(), /<script type="module" src="\/assets\/main\.js">/);
    const script = await fetch(`${origin}/assets/main.js`, { headers: { cookie } });
    assert.equal(script.status, 200);
    assert.ok((await script.text()).length > 1000, 'the page script is served');
  } finally {
    assert.equal(await gui.interrupt(), 0, gui.stderr());
  }
}

function assertNoDevTools(nodeModules: string): void {
  for (const tool of Object.keys(packageJson.devDependencies)) assert.ok(!existsSync(join(nodeModules, tool)), `${tool} is not installed in ${nodeModules}`);
}

describe('the npm package', { skip: unavailable('npm', spawnSync('npm', ['--version']).status === 0) }, () => {
  const work = mkdtempSync(join(tmpdir(), 'dicomveil-package-'));
  let tarball = '';
  after(() => rmSync(work, { recursive: true, force: true }));

  before(() => {
    // prepack builds dist/ first, so the tarball never carries a stale or missing build.
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], repoRoot, work)) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]!.files.map((file) => file.path);
    for (const needed of ['bin/dicomveil.mjs', 'dist/dicomveil.mjs', 'dist/THIRD-PARTY-NOTICES.txt']) assert.ok(files.includes(needed), `${needed} in ${files.join(', ')}`);
    for (const file of files) assert.doesNotMatch(file, /^(src|test|bench|scripts)\/|\.ts$/, 'only what runs is packed');
    tarball = join(work, packed[0]!.filename);
  });

  it('installs globally from its tarball with no registry and runs from any folder, with only the prefix and node on the PATH', async () => {
    const prefix = join(work, 'prefix');
    // --offline: the build carries its libraries, so a computer with no registry access installs it.
    npm(['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], work, work);
    assert.ok(!existsSync(join(prefix, 'lib/node_modules/dicomveil/node_modules')), 'no package is installed with it');
    const env = userEnv([join(prefix, 'bin'), dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter), work);
    exercise(['dicomveil'], env, work);
    await servesPage(['dicomveil'], env, work);
  });

  it('runs its build with the production dependencies alone (npm ci --omit=dev)', () => {
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    succeeds(run(['tar', '-xzf', tarball, '-C', unpacked], work, process.env), 'tar');
    const root = join(unpacked, 'package');
    copyFileSync(join(repoRoot, 'package-lock.json'), join(root, 'package-lock.json'));
    npm(['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], root, work);
    assertNoDevTools(join(root, 'node_modules'));
    const env = userEnv([dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter), work);
    const folder = mkdtempSync(join(work, 'omit-dev-'));
    succeeds(run([process.execPath, join(root, 'dist/dicomveil.mjs'), 'example'], folder, env), 'node dist/dicomveil.mjs example');
    succeeds(run([process.execPath, join(root, 'bin/dicomveil.mjs'), 'verify', 'example/output'], folder, env), 'bin verify');
  });
});

describe('the standalone executable', { skip: unavailable('postject (npm ci installs it)', canResolve('postject')) }, () => {
  const work = mkdtempSync(join(tmpdir(), 'dicomveil-exe-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  it('is one file that needs no node on the PATH, workers and GUI included', async () => {
    const out = join(work, 'dist');
    const build = run([process.execPath, '--import', 'tsx', join(repoRoot, 'scripts/build.ts'), '--exe', '--out-dir', out], repoRoot, process.env);
    succeeds(build, 'npm run build:exe');
    const executable = join(out, `dicomveil-${process.platform}-${process.arch}${process.platform === 'win32' ? '.exe' : ''}`);
    const emptyBin = join(work, 'bin');
    mkdirSync(emptyBin);
    const env = userEnv(emptyBin, work);
    // Moved away from the bundle it was made from: nothing beside it is read.
    const alone = join(work, 'alone', 'dicomveil');
    mkdirSync(dirname(alone));
    copyFileSync(executable, alone);
    rmSync(out, { recursive: true });
    chmodSync(alone, 0o755);
    exercise([alone], env, work);
    await servesPage([alone], env, work);
  });
});
