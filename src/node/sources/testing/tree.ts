/** Throwaway input trees for the sources tests: real folders, real zips (yazl), hashes of it all. */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, lstatSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import yazl from 'yazl';
import { discoverSources, listEntries } from '../discover.ts';
import type { InputEntry, InputProblem, SourceOptions } from '../types.ts';

export function tempDir(prefix = 'dicomveil-sources-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `files` (relative path → content) under `root`. */
export function writeTree(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** A real zip of `files`; `stored` names are not compressed. */
export function zipOf(files: Record<string, string | Uint8Array>, stored: string[] = []): Promise<Uint8Array> {
  const zip = new yazl.ZipFile();
  for (const [path, content] of Object.entries(files)) {
    zip.addBuffer(Buffer.from(content), path, { compress: !stored.includes(path), mtime: new Date(2020, 0, 1) });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    zip.outputStream.on('error', reject);
  });
}

export interface Listing {
  root: string;
  sources: string[];
  entries: InputEntry[];
  problems: InputProblem[];
  close(): Promise<void>;
}

/** Discovers and lists the whole input, as the run would. */
export async function listAll(input: string, options: SourceOptions = {}): Promise<Listing> {
  const found = await discoverSources(input, options);
  const entries: InputEntry[] = [];
  const problems: InputProblem[] = [...found.problems];
  for (const source of found.sources) {
    for await (const item of listEntries(source)) {
      if (item.kind === 'entry') entries.push(item);
      else problems.push(item);
    }
  }
  return {
    root: found.root, sources: found.sources.map((s) => `${s.kind}:${s.name}`), entries, problems,
    close: () => found.opener.close(),
  };
}

/** Every byte an entry holds, through its handle. */
export async function readEntry(entry: InputEntry): Promise<string> {
  const handle = await entry.open();
  try {
    return Buffer.from(handle.source.read(0, handle.source.size)).toString('latin1');
  } finally {
    await handle.close();
  }
}

/** Content hash and modification time of every file and folder under `root`, without following links. */
export function fingerprint(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stats = lstatSync(path);
      let hash = '';
      if (stats.isFile()) hash = createHash('sha256').update(readFileSync(path)).digest('hex');
      out[path] = `${stats.mode}:${stats.size}:${stats.mtimeMs}:${hash}`;
      if (stats.isDirectory()) walk(path);
    }
  };
  out[root] = String(lstatSync(root).mtimeMs);
  walk(root);
  return out;
}
