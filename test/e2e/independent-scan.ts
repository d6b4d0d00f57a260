/**
 * A second opinion on an output folder that shares no code with dicomveil's matcher: dcmdump's
 * text of every file, the raw bytes of every file (as Latin-1, UTF-8 and UTF-16LE), and every
 * path, searched with plain regular expressions for the names and PatientIDs a test knows.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dcmdump } from '../support/checkers.ts';

/** A person the test put in the input: the raw name words and PatientIDs to look for. */
export interface KnownPerson {
  family: string;
  given: string[];
  patientIds: string[];
}

function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Family words of ≥ 4 letters alone; full names in both orders with up to 8 separators; long ids. */
export function personPatterns(person: KnownPerson): RegExp[] {
  const words = (text: string) => fold(text).split(/[^\p{L}]+/u).filter((w) => w.length > 0);
  const family = words(person.family);
  const given = person.given.flatMap(words);
  // CONTRACT.md: any run of up to 8 whitespace, punctuation or symbol characters, or none.
  const sep = '[\\s\\p{P}\\p{S}]{0,8}';
  const patterns: string[] = [];
  if (family.join('').length >= 4) patterns.push(family.map(escapeRegExp).join(sep));
  if (given.length > 0) {
    patterns.push([...family, ...given].map(escapeRegExp).join(sep));
    patterns.push([...given, ...family].map(escapeRegExp).join(sep));
  }
  const letterBoundary = (p: string) => `(?<![\\p{L}])${p}(?![\\p{L}])`;
  const result = patterns.map((p) => new RegExp(letterBoundary(p), 'u'));
  for (const id of person.patientIds) {
    if (id.length >= 4) result.push(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(fold(id))}(?![\\p{L}\\p{N}])`, 'u'));
  }
  return result;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

function search(where: string, text: string, people: readonly { person: KnownPerson; patterns: RegExp[] }[], findings: string[]): void {
  const folded = fold(text);
  for (const { person, patterns } of people) {
    for (const pattern of patterns) {
      if (pattern.test(folded)) findings.push(`${where}: matches ${pattern.source} (${person.family})`);
    }
  }
}

/**
 * The bytes before the PixelData element (7FE0,0010), found by its tag and a plausible header:
 * pixel data is copied verbatim, not searched (CONTRACT.md), and random pixels spell short words.
 */
export function beforePixelData(bytes: Buffer): Buffer {
  for (let i = bytes.indexOf(PIXEL_TAG_LE); i >= 0; i = bytes.indexOf(PIXEL_TAG_LE, i + 1)) {
    const vr = bytes.toString('latin1', i + 4, i + 6);
    const explicit = (vr === 'OB' || vr === 'OW') && bytes.readUInt16LE(i + 6) === 0;
    const length = i + 8 <= bytes.length ? bytes.readUInt32LE(explicit ? i + 8 : i + 4) : 0;
    const start = i + (explicit ? 12 : 8);
    if (length === 0xffffffff || start + length <= bytes.length) return bytes.subarray(0, i);
  }
  return bytes;
}
const PIXEL_TAG_LE = Buffer.from([0xe0, 0x7f, 0x10, 0x00]);

/** Every place in `outputDir` where a known person can still be found; [] when clean. */
export function independentScan(outputDir: string, persons: readonly KnownPerson[], options: { dcmdump?: boolean; pixelData?: 'search' | 'skip' } = {}): string[] {
  const people = persons.map((person) => ({ person, patterns: personPatterns(person) }));
  const findings: string[] = [];
  for (const path of walk(outputDir)) {
    const rel = relative(outputDir, path);
    search(`path ${rel}`, rel.normalize('NFC'), people, findings);
    search(`path ${rel}`, rel.normalize('NFD'), people, findings);
    const whole = readFileSync(path);
    const bytes = options.pixelData === 'skip' ? beforePixelData(whole) : whole;
    search(`bytes(latin1) ${rel}`, bytes.toString('latin1'), people, findings);
    search(`bytes(utf8) ${rel}`, bytes.toString('utf8'), people, findings);
    search(`bytes(utf16le) ${rel}`, bytes.toString('utf16le'), people, findings);
    if (bytes.length > 1) search(`bytes(utf16le+1) ${rel}`, bytes.subarray(1).toString('utf16le'), people, findings);
    if (options.dcmdump !== false && /\.dcm$|^[^.]*$/i.test(path) && !rel.endsWith('.json') && !rel.endsWith('.csv')) {
      const dump = dcmdump(path);
      if (dump.ok) search(`dcmdump ${rel}`, dump.stdout, people, findings);
    }
  }
  return findings;
}
