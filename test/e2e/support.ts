/**
 * Helpers the end-to-end suites share: temp folders, complete options, a whole-tree snapshot (bytes
 * and mtimes) to prove the input untouched, the command line run in-process with its output
 * captured, the CSVs it writes read back, and pydicom reading inputs through nested zips.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main.ts';
import { dcmdump } from '../support/checkers.ts';
import { type AnonymizeOptions, validateOptions } from '../../src/core/options/schema.ts';

/** The command line in this process, one core, stdout and stderr captured. */
export async function runCaptured(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text: string) => {
      stdout += text;
    },
    stderr: (text: string) => {
      stderr += text;
    },
    stderrIsTTY: false,
    cpuCount: 1,
  });
  return { code, stdout, stderr };
}

/** The pseudonym id a run gave the patient of input source `source` (its folder or zip name), from patients.json. */
export function idOfSource(privateDir: string, source: string): string {
  const registry = JSON.parse(readFileSync(join(privateDir, 'patients.json'), 'utf8')) as { patients: { id: string; sources: string[] }[] };
  const found = registry.patients.find((p) => p.sources.includes(source));
  assert.ok(found, `a patient for ${source}`);
  return found.id;
}

/** A CSV the run wrote: UTF-8 with BOM, `;`-separated, no quoting needed for these cells. */
export function readRunCsv(path: string): string[][] {
  const text = readFileSync(path, 'utf8');
  assert.ok(text.startsWith('\uFEFF'), `${path} starts with a BOM`);
  return text.slice(1).split(/\r?\n/).filter((line) => line !== '').map((line) => line.split(';'));
}

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `dicomveil-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function optionsFor(written: Parameters<typeof validateOptions>[0]): AnonymizeOptions {
  const { options, errors } = validateOptions(written, { cpuCount: 2 });
  if (!options) throw new Error(errors.map((e) => e.message).join('; '));
  return options;
}

/** Every file under `dir` with its size, mtime and digest; folders, links and FIFOs too (never followed or opened). */
export function snapshotTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const stat = lstatSync(path);
      const rel = relative(dir, path);
      if (stat.isSymbolicLink()) out.set(rel, `link:${readlinkSync(path)}`);
      else if (stat.isDirectory()) {
        out.set(`${rel}/`, String(stat.mtimeMs));
        walk(path);
      } else if (!stat.isFile()) out.set(rel, `special:${stat.mode}:${stat.mtimeMs}`);
      else out.set(rel, `${stat.size}:${stat.mtimeMs}:${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    }
  };
  walk(dir);
  return out;
}

/** All files under `dir`, relative, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Output files with their bytes (base64), the two reports left out: they hold the private dir's
 * dataset id and the clock, which differ between any two runs by design.
 */
export function outputBytes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of listFiles(dir)) if (file !== 'report.json' && file !== 'report.html') out.set(file, readFileSync(join(dir, file)).toString('base64'));
  return out;
}

/**
 * A Python function `open_ref(root, ref)` for pydicom scripts: reads an input ref
 * (`A.zip!s.zip!x.dcm`, percent-escapes for `%!#`) through nested zips, returning bytes.
 */
export const PY_OPEN_REF = `
import io, zipfile, urllib.parse
def _unescape(s):
    return s.replace('%21', '!').replace('%23', '#').replace('%25', '%')
def open_ref(root, ref):
    parts = ref.split('!')
    data = open(root + '/' + _unescape(parts[0]), 'rb').read()
    for part in parts[1:]:
        name, _, occ = part.rpartition('#') if '#' in part else (part, '', '')
        name = _unescape(name)
        z = zipfile.ZipFile(io.BytesIO(data))
        matches = [i for i in z.infolist() if i.filename == name]
        data = z.read(matches[int(occ) - 1 if occ else 0])
    return data
`;

/** PatientComments of the output file of input source `source`, as dcmdump reads it. */
export function outputComments(output: string, privateDir: string, source: string): string {
  const id = idOfSource(privateDir, source);
  const file = listFiles(output).find((f) => f.startsWith(`${id}/`) && f.endsWith('.dcm'))!;
  const dump = dcmdump(join(output, file));
  assert.ok(dump.ok, dump.stderr);
  return /\(0010,4000\) LT \[([^\]]*)\]/.exec(dump.stdout)?.[1] ?? '';
}
