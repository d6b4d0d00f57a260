/**
 * `npm run build`: dist/dicomveil.mjs, the command line as one ES module with its source map, its
 * dependencies, the GUI page and the pool worker baked in, so the installed package needs no other
 * package at all (an offline `npm install -g` of the tarball works) and starts in half the time
 * that loading its dependencies from node_modules takes.
 * `npm run build:exe` also makes dist/dicomveil-<platform>-<arch>[.exe], a standalone executable
 * (Node's single executable applications): the same bundle as one CommonJS script (all a SEA can
 * run; its `require` loads only built-ins), injected into a copy of the Node binary running this
 * script. On Windows or macOS the same command makes that system's executable from its Node.
 * `--out-dir <dir>` writes elsewhere than dist/ (the tests build into a temporary folder).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type BuildOptions, build } from 'esbuild';
import { pageBundleOptions } from '../src/gui/server/page.ts';
import { workerBundleOptions } from '../src/node/pool/worker-bundle.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values: flags } = parseArgs({ options: { exe: { type: 'boolean' }, 'out-dir': { type: 'string' } } });
const dist = resolve(flags['out-dir'] ?? join(root, 'dist'));
const version = String((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown }).version);
/** Node's marker in its binary that postject flips to say a blob is injected. */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

// The sources read `import.meta.url` only when they run unbundled (to find package.json, the
// page's sources, the tsx worker entry), but esbuild warns about it in CommonJS, and a warning
// fails this build: give CommonJS bundles a real value instead.
const COMMONJS_IMPORT_META: BuildOptions = {
  define: { 'import.meta.url': '__dicomveilModuleUrl' },
  banner: { js: 'var __dicomveilModuleUrl = require("node:url").pathToFileURL(typeof __filename === "string" ? __filename : process.execPath).href;' },
};

async function bundleText(options: BuildOptions): Promise<string> {
  const result = await build({ ...options, write: false, logLevel: 'warning' });
  if (result.warnings.length > 0) throw new Error(`esbuild warned while bundling ${String(options.entryPoints)}`);
  const text = result.outputFiles?.[0]?.text;
  if (text === undefined) throw new Error(`esbuild produced nothing for ${String(options.entryPoints)}`);
  return text;
}

async function bakedConstants(): Promise<Record<string, string>> {
  const page = pageBundleOptions();
  const pageScript = await bundleText(page.options);
  const worker = await bundleText({
    ...workerBundleOptions(),
    ...COMMONJS_IMPORT_META,
    define: { ...COMMONJS_IMPORT_META.define, DICOMVEIL_VERSION: JSON.stringify(version) },
  });
  return {
    DICOMVEIL_VERSION: JSON.stringify(version),
    DICOMVEIL_PAGE_SCRIPT: JSON.stringify(pageScript),
    DICOMVEIL_PAGE_STYLE: JSON.stringify(readFileSync(join(page.webDir, 'style.css'), 'utf8')),
    DICOMVEIL_WORKER: JSON.stringify(worker),
  };
}

/** Bundles the command line; returns the files it holds. */
async function bundleCli(baked: Record<string, string>, format: 'esm' | 'cjs', outfile: string): Promise<string[]> {
  const common: BuildOptions = {
    entryPoints: [join(root, 'src/cli/entry.ts')],
    // The metafile's input paths are relative to it, whatever folder the build is started from.
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile,
    // Reached only when running from the sources, to bundle the page and the worker there.
    external: ['esbuild'],
    logLevel: 'warning',
  };
  const options: BuildOptions =
    format === 'esm'
      ? {
          ...common,
          format,
          // Positions only: a stack trace maps to src/ lines, without a second copy of the code.
          sourcemap: true,
          sourcesContent: false,
          // CommonJS dependencies bundled into an ES module still call require() for built-ins.
          banner: { js: 'import { createRequire as __dicomveilCreateRequire } from "node:module";\nconst require = __dicomveilCreateRequire(import.meta.url);' },
          define: baked,
        }
      : { ...common, format, ...COMMONJS_IMPORT_META, define: { ...COMMONJS_IMPORT_META.define, ...baked } };
  const result = await build({ ...options, metafile: true });
  if (result.warnings.length > 0) throw new Error(`esbuild warned while bundling ${outfile}`);
  return Object.keys(result.metafile.inputs);
}

/**
 * The licence of every package whose code the bundle carries: their licences ask that the notice
 * travel with copies of the code, and the bundle (and the executable) is such a copy.
 */
function writeNotices(inputs: readonly string[], file: string): void {
  const packages = new Set<string>();
  for (const input of inputs) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(input.slice(0, match.index + match[0].length));
  }
  const sections = [...packages].sort().map((dir) => {
    const meta = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
    const licenceFile = readdirSync(join(root, dir)).find((name) => /^(licen[cs]e|copying)/i.test(name));
    const text = licenceFile ? readFileSync(join(root, dir, licenceFile), 'utf8').trim() : `(no licence file; package.json says ${meta.license ?? 'nothing'})`;
    return `${meta.name} ${meta.version} (${meta.license ?? 'unknown'})\n\n${text}\n`;
  });
  writeFileSync(file, `dicomveil ${version} carries code from these packages.\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`);
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
}

async function buildExecutable(baked: Record<string, string>): Promise<string> {
  const script = join(dist, 'dicomveil.cjs');
  const blob = join(dist, 'dicomveil.blob');
  const config = join(dist, 'sea-config.json');
  await bundleCli(baked, 'cjs', script);
  // The code cache is V8's compiled script, kept in the blob: the executable starts without parsing 2 MB.
  writeFileSync(config, `${JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true }, null, 2)}\n`);
  run(process.execPath, ['--experimental-sea-config', config]);
  const executable = join(dist, `dicomveil-${process.platform}-${process.arch}${process.platform === 'win32' ? '.exe' : ''}`);
  rmSync(executable, { force: true });
  copyFileSync(process.execPath, executable);
  chmodSync(executable, 0o755);
  // Node's symbols and debug information serve only a debugger on Node's own C++: 12 MB less to hand out.
  if (process.platform === 'linux') {
    if (spawnSync('strip', ['--version']).status === 0) run('strip', [executable]);
    else process.stderr.write('strip (binutils) is not installed: the executable keeps Node\'s debug information\n');
  }
  const macOS = process.platform === 'darwin';
  if (macOS) run('codesign', ['--remove-signature', executable]);
  const { inject } = createRequire(import.meta.url)('postject') as {
    inject(file: string, name: string, data: Buffer, options: { sentinelFuse: string; machoSegmentName?: string }): Promise<void>;
  };
  await inject(executable, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE, ...(macOS ? { machoSegmentName: 'NODE_SEA' } : {}) });
  // An unsigned binary does not start on Apple silicon; an ad-hoc signature is enough on this Mac.
  if (macOS) run('codesign', ['--sign', '-', executable]);
  rmSync(blob);
  return executable;
}

const started = performance.now();
mkdirSync(dist, { recursive: true });
const baked = await bakedConstants();
writeNotices(await bundleCli(baked, 'esm', join(dist, 'dicomveil.mjs')), join(dist, 'THIRD-PARTY-NOTICES.txt'));
const made = [join(dist, 'dicomveil.mjs')];
if (flags.exe) made.push(await buildExecutable(baked));
for (const file of made) process.stderr.write(`${file}: ${(statSync(file).size / 1e6).toFixed(1)} MB\n`);
process.stderr.write(`built dicomveil ${version} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
