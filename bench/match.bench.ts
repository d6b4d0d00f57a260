/**
 * Links 2,000 patients to a 20,000-row synthetic demographics sheet with the candidate indexes, prints
 * the time and the outcomes (linked, suggested, ambiguous, missing), then checks on a random sample
 * of 200 patients that every outcome, evidence included, equals an exhaustive comparison's (exit 1
 * if not). `npm run bench:match [-- --seed N --patients N --rows N]`.
 */
import { performance } from 'node:perf_hooks';
import { type DemographicsRow, type LinkablePatient, linkPatients } from '../src/core/match/index.ts';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** Small deterministic PRNG (mulberry32), so every run sees the same sheet. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Jean', 'Marie', 'Pierre', 'Anne', 'Louis', 'Camille', 'Élodie', 'François', 'Hélène', 'Jérôme', 'Zoé', 'Noël',
  'Jean-Marc', 'Marie-Claire', 'Anne-Sophie', 'Paul', 'Lucas', 'Léa', 'Chloé', 'Hugo', 'Inès', 'Mohamed', 'Fatima',
  'Yasmine', 'Karim', 'Sofia', 'Jörg', 'Jürgen', 'Björn', 'Søren', 'Łukasz', 'Agnieszka', 'João', 'Conceição', 'José',
  'María', 'Ángel', 'Giulia', 'Matteo', 'Dmitri', 'Olga', 'Wei', 'Li', 'Hiroshi', 'Yuki', 'Min-jun', 'Seo-yeon',
  'Thomas', 'Nicolas', 'Julie', 'Sarah', 'Emma', 'Léo', 'Nathan', 'Manon', 'Clara', 'Arthur', 'Jules', 'Lina',
];
const SYLLABLES = ['du', 'pon', 'mar', 'tin', 'ber', 'nard', 'ro', 'bert', 'le', 'roy', 'mo', 'reau', 'fa', 'vre',
  'gar', 'nier', 'la', 'fon', 'taine', 'mer', 'cier', 'bou', 'chet', 'ri', 'chard', 'ga', 'bin', 'schmi', 'dt', 'mül',
  'ler', 'kow', 'ski', 'no', 'vak', 'ros', 'si', 'es', 'po', 'si', 'to', 'ya', 'ma', 'da', 'ka', 'wa', 'ng', 'yen'];
const PARTICLES = ['', '', '', '', '', '', '', '', 'de ', 'van ', 'von ', 'El-', 'da ', 'di ', 'de la '];

function makeFamilies(next: () => number, count: number): string[] {
  const out = new Set<string>();
  while (out.size < count) {
    const parts = 2 + Math.floor(next() * 2);
    let name = '';
    for (let i = 0; i < parts; i++) name += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
    const particle = PARTICLES[Math.floor(next() * PARTICLES.length)]!;
    const capital = name[0]!.toUpperCase() + name.slice(1);
    out.add(next() < 0.05 ? `${particle}${capital}-${out.values().next().value ?? 'Martin'}` : `${particle}${capital}`);
  }
  return [...out];
}

function typo(word: string, next: () => number): string {
  if (word.length < 6) return word;
  const at = 1 + Math.floor(next() * (word.length - 2));
  const kind = next();
  if (kind < 0.33) return word.slice(0, at) + word.slice(at + 1);
  if (kind < 0.66) return `${word.slice(0, at)}${word[at + 1]}${word[at]}${word.slice(at + 2)}`;
  return `${word.slice(0, at)}e${word.slice(at + 1)}`;
}

/** How a scanner writes the person a row describes: PN order, case, accents, typos, initials. */
function dicomSpelling(first: string, family: string, next: () => number): string {
  const roll = next();
  const bare = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '');
  if (roll < 0.3) return `${family.toUpperCase()}^${first}`;
  if (roll < 0.45) return `${bare(family).toUpperCase()}^${bare(first).toUpperCase()}`;
  if (roll < 0.6) return `${typo(family, next)}^${first}`;
  if (roll < 0.7) return `${family}^${first[0]}`;
  if (roll < 0.8) return `${family}^${first}^Marie`;
  if (roll < 0.9) return `${first} ${family}`;
  return `${family}^${typo(first, next)}`;
}

const seed = option('seed', 20261125);
const patientCount = option('patients', 2000);
const rowCount = option('rows', 20000);
const next = random(seed);
const families = makeFamilies(next, 6000);
const people = Array.from({ length: rowCount }, () => ({
  first: FIRST[Math.floor(next() * FIRST.length)]!,
  family: families[Math.floor(next() * families.length)]!,
  birthDate: next() < 0.7 ? `19${String(30 + Math.floor(next() * 70))}0${1 + Math.floor(next() * 9)}1${Math.floor(next() * 9)}` : undefined,
}));
const rows: DemographicsRow[] = people.map((person, i) => ({
  row: i + 2,
  name: next() < 0.5 ? `${person.first} ${person.family}` : `${person.family.toUpperCase()}, ${person.first}`,
  birthDate: person.birthDate,
}));
const patients: LinkablePatient[] = Array.from({ length: patientCount }, () => {
  const inSheet = next() < 0.8;
  const person = inSheet ? people[Math.floor(next() * people.length)]! : { first: FIRST[Math.floor(next() * FIRST.length)]!, family: makeFamilies(next, 1)[0]!, birthDate: undefined };
  return { names: [dicomSpelling(person.first, person.family, next)], birthDate: next() < 0.5 ? person.birthDate : undefined };
});

const started = performance.now();
const cpuStarted = process.cpuUsage();
const linked = linkPatients(patients, rows, { distance: 0.2 });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStarted);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const counts = { linked: 0, suggested: 0, ambiguous: 0, missing: 0 };
for (const outcome of linked) counts[outcome.status]++;
// CPU time beside wall time: on a shared machine the wall clock also measures the neighbours.
console.log(`linked ${patientCount} patients to ${rowCount} rows in ${seconds.toFixed(2)} s wall, ${cpuSeconds.toFixed(2)} s CPU (${counts.linked} linked, ${counts.suggested} suggested, ${counts.ambiguous} ambiguous, ${counts.missing} missing)`);

// The sample runs alone against the whole sheet, exhaustively and through the index: rows shared
// by two sampled patients are settled the same way in both, so the outcomes must be equal.
const sampleSize = Math.min(option('check', 200), patientCount);
const sample = Array.from({ length: patientCount }, (_, i) => i)
  .sort(() => next() - 0.5)
  .slice(0, sampleSize)
  .map((i) => patients[i]!);
const exhaustiveStarted = performance.now();
const exhaustive = linkPatients(sample, rows, { distance: 0.2, exhaustive: true });
const exhaustiveSeconds = (performance.now() - exhaustiveStarted) / 1000;
const indexed = linkPatients(sample, rows, { distance: 0.2 });
const differing = sample.filter((_, i) => JSON.stringify(exhaustive[i]) !== JSON.stringify(indexed[i]));
console.log(`exhaustive comparison of a ${sampleSize}-patient sample: ${exhaustiveSeconds.toFixed(2)} s; ${differing.length} links differ from the index's`);
if (differing.length > 0) {
  for (const patient of differing.slice(0, 5)) console.error('differs:', JSON.stringify(patient));
  process.exit(1);
}
