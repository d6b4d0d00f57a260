/**
 * The demographics spreadsheet as clinicians keep it: names typed by hand (typos, given name
 * first, "FAMILY, Given"), patients missing, rows of people without images, an ambiguous pair,
 * identifying columns and a formula-looking cell.
 */
import { writeFileSync } from 'node:fs';
import { FAMILY_NAMES, GIVEN_NAMES, stripAccents, typo } from './people.ts';
import type { PatientPlan } from './plan.ts';
import type { Random } from './random.ts';
import type { Truth } from './truth.ts';

const COLUMNS = ['name', 'birth_date', 'sex', 'email', 'phone', 'diagnosis', 'score'];
const DIAGNOSES = ['asthma', 'nodule', 'fracture', 'none', '=1+1', '-1.5 cm lesion'];

function title(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

function isoDate(date: string): string {
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6)}`;
}

function csvCell(value: string): string {
  return /[;"\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Two different one-letter typos of a word (both one edit away, so neither row is closer). */
function twoTypos(word: string, random: Random): [string, string] {
  const first = typo(word, random);
  let second = typo(word, random);
  while (second === first) second = typo(word, random);
  return [first, second];
}

/** Writes the CSV (`;`, UTF-8 with BOM) and fills `truth.demographics` and each patient's link. */
export function writeDemographics(path: string, random: Random, plans: readonly PatientPlan[], truth: Truth): void {
  const demographics = truth.demographics;
  demographics.columns = [...COLUMNS];
  const candidates = random.shuffle(plans.filter((p) => !p.ambiguous).map((p) => p.index));
  const missing = new Set(plans.length >= 4 ? candidates.slice(0, Math.max(1, Math.round(plans.length * 0.1))) : []);
  const rows: Record<string, string>[] = [];
  const row = (name: string, birthDate: string, sex: string) => {
    const ascii = stripAccents(name).toLowerCase().replace(/[^a-z]+/g, '.');
    rows.push({
      name, birth_date: isoDate(birthDate), sex, email: `${ascii}@example.org`, phone: `06${random.digits(8)}`,
      diagnosis: random.pick(DIAGNOSES), score: (random.int(-20, 90) / 10).toFixed(1),
    });
  };
  for (const plan of plans) {
    const patient = truth.patients[plan.index]!;
    const { family, given } = plan.person;
    if (plan.ambiguous) {
      const [a, b] = twoTypos(family, random);
      row(`${a} ${title(given)}`, plan.birthDate, plan.sex);
      row(`${b} ${title(given)}`, plan.birthDate, plan.sex);
      patient.demographics = 'ambiguous';
      demographics.ambiguous.push(plan.key);
      continue;
    }
    if (missing.has(plan.index)) {
      patient.demographics = 'missing';
      demographics.missing.push(plan.key);
      continue;
    }
    const name = random.pick([
      `${family} ${title(given)}`,
      `${title(given)} ${title(family)}`,
      `${family}, ${title(given)}`,
      `${typo(family, random)} ${title(given)}`,
      stripAccents(`${title(given)} ${family}`),
    ]);
    row(name, plan.birthDate, plan.sex);
    patient.demographics = 'linked';
    patient.demographicsRow = name;
    demographics.links.push({ patient: plan.key, row: name });
  }
  const unused = FAMILY_NAMES.filter((f) => !plans.some((p) => p.person.family === f));
  for (const family of random.shuffle(unused).slice(0, 2 + Math.floor(plans.length / 10))) {
    const name = `${family} ${title(random.pick(GIVEN_NAMES))}`;
    row(name, `19${random.int(40, 99)}0${random.int(1, 9)}1${random.int(0, 9)}`, random.pick(['M', 'F']));
    demographics.extraRows.push(name);
  }
  demographics.rows = random.shuffle(rows);
  const lines = [COLUMNS.join(';'), ...demographics.rows.map((r) => COLUMNS.map((c) => csvCell(r[c] ?? '')).join(';'))];
  writeFileSync(path, `\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}
