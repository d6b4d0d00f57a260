/**
 * The name finder alone: 2,000 known patients, header-like text and 1 MiB of random bytes (a
 * binary private value), searched as a file's own patient would be. Prints the best of 7 rounds
 * in MB/s, so a change to the finder can be compared before and after on a busy machine.
 * `node --import tsx bench/find-names.bench.ts`
 */
import { performance } from 'node:perf_hooks';
import { findNamesInBytes } from '../src/core/anonymize/byte-search.ts';
import { findNames } from '../src/core/anonymize/find-names.ts';
import { buildNameIndex } from '../src/core/anonymize/name-index.ts';

let seed = 7;
const next = () => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 4294967296;
};
const SYLLABLES = ['du', 'pon', 'mar', 'tin', 'ber', 'nard', 'ro', 'bert', 'le', 'roy', 'mo', 'reau', 'fa', 'vre', 'gar', 'nier', 'la', 'fon', 'taine'];
const word = () => Array.from({ length: 2 + Math.floor(next() * 2) }, () => SYLLABLES[Math.floor(next() * SYLLABLES.length)]).join('');
const patients = Array.from({ length: 2000 }, (_, i) => ({ id: `subj_${i.toString(36).padStart(6, '0')}`, spellings: [`${word().toUpperCase()}^${word()}`], patientIds: [`PID${100000 + i}`] }));
const index = buildNameIndex(patients);
const texts = Array.from({ length: 2000 }, () => `CT HEAD W/O CONTRAST; ${word()} ${word()}, axial 5mm; Dr ${word()} - reviewed ${Math.floor(next() * 1e6)} (series ${Math.floor(next() * 9)})`);
const bytes = Uint8Array.from({ length: 1 << 20 }, () => Math.floor(next() * 256));
const own = { prefer: patients[5]!.id, own: patients[5]!.id };
const chars = texts.reduce((sum, text) => sum + text.length, 0);

let bestText = 0;
let bestBinary = 0;
let hits = 0;
for (let round = 0; round < 7; round++) {
  let start = performance.now();
  for (let r = 0; r < 20; r++) for (const text of texts) hits += findNames(index, text, own).length;
  bestText = Math.max(bestText, (20 * chars) / ((performance.now() - start) * 1000));
  start = performance.now();
  for (let r = 0; r < 4; r++) hits += findNamesInBytes(index, bytes, own).length;
  bestBinary = Math.max(bestBinary, 4 / ((performance.now() - start) / 1000));
}
console.log(`find-names: text ${bestText.toFixed(1)} MB/s, binary ${bestBinary.toFixed(1)} MB/s (best of 7; ${hits} matches)`);
