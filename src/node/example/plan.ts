/**
 * The dataset's plan, drawn from the seed before any byte is written: patients, where they live
 * in the input (folder, zip, zip in zip), their sessions and spelling variants.
 */
import { EXPLICIT_VR_LE, IMPLICIT_VR_LE, type Charset } from './dicom-builder.ts';
import { FAMILY_NAMES, GIVEN_NAMES, PATH_JOINS, type Person, pathName, personName, type Variant } from './people.ts';
import type { Random } from './random.ts';

export interface ResolvedOptions {
  seed: number;
  patients: number;
  filesPerSession: number;
  sessions: [number, number];
  pixels: { ct: number; mr: number };
  zippedFraction: number;
  implicitFraction: number;
  utf8Fraction: number;
  mrFraction: number;
}

export interface SessionPlan {
  folder: string;
  /** A session stored as a zip inside the patient's folder or zip. */
  zipped: boolean;
  nameInFolder: boolean;
  variant: Variant;
  patientName: string;
  modality: 'CT' | 'MR';
  charset: Charset;
  transferSyntaxUid: string;
  undefinedLengths: boolean;
  studyDate: string;
  files: number;
}

export interface PatientPlan {
  key: string;
  index: number;
  person: Person;
  patientId: string;
  birthDate: string;
  sex: 'M' | 'F';
  source: string;
  nameInSource: boolean;
  container: 'folder' | 'zip';
  /** Gets no typo variants: its two demographics rows must stay equally close. */
  ambiguous: boolean;
  sessions: SessionPlan[];
}

const LATER_VARIANTS: readonly Variant[] = ['swapped', 'no-accents', 'typo', 'title-case', 'no-given', 'canonical'];

function date(random: Random, fromYear: number, toYear: number): string {
  const year = random.int(fromYear, toYear);
  return `${year}${String(random.int(1, 12)).padStart(2, '0')}${String(random.int(1, 28)).padStart(2, '0')}`;
}

/** PatientAge (AS) at `studyDate` for someone born on `birthDate` (both YYYYMMDD). */
export function ageAt(birthDate: string, studyDate: string): string {
  let years = Number(studyDate.slice(0, 4)) - Number(birthDate.slice(0, 4));
  if (studyDate.slice(4) < birthDate.slice(4)) years--;
  return `${String(years).padStart(3, '0')}Y`;
}

/** Plans every patient; `ambiguousIndex` is the patient whose demographics rows will tie. */
export function planPatients(random: Random, options: ResolvedOptions, ambiguousIndex: number): PatientPlan[] {
  const families = random.shuffle(FAMILY_NAMES);
  const zipCount = options.patients < 2 ? 0 : Math.max(1, Math.round(options.patients * options.zippedFraction));
  const zipped = new Set(random.shuffle(Array.from({ length: options.patients }, (_, i) => i)).slice(0, zipCount));
  const ids = new Set<string>();
  let variantTurn = 0;
  let joinTurn = 0;
  let firstZip = true;
  let firstFolder = true;
  let sessionTurn = 0;
  // The first sessions cover every transfer syntax × charset pair; later ones are drawn.
  const COVER: readonly [boolean, Charset][] = [[false, 'ISO_IR 100'], [true, 'ISO_IR 192'], [false, 'ISO_IR 192'], [true, 'ISO_IR 100']];
  return Array.from({ length: options.patients }, (_, index) => {
    const person = { family: families[index]!, given: random.pick(GIVEN_NAMES) };
    let patientId: string;
    do patientId = `PID${random.digits(6)}`;
    while (ids.has(patientId));
    ids.add(patientId);
    const container = zipped.has(index) ? 'zip' : 'folder';
    const nameInSource = random.chance(0.7);
    const sourceBase = nameInSource ? pathName(person, PATH_JOINS[joinTurn++ % PATH_JOINS.length]!, random) : `P${String(index + 1).padStart(3, '0')}`;
    const ambiguous = index === ambiguousIndex;
    let count = random.int(options.sessions[0], options.sessions[1]);
    // The first zipped patient holds a zip in its zip, the first folder patient a zip in its folder.
    const nestedSession = (container === 'zip' && firstZip) || (container === 'folder' && firstFolder);
    if (nestedSession) count = Math.max(count, 2);
    if (container === 'zip') firstZip = false;
    else firstFolder = false;
    const sessions: SessionPlan[] = [];
    const used = new Set<string>();
    for (let s = 0; s < count; s++) {
      let variant: Variant = 'canonical';
      if (s > 0) {
        do variant = LATER_VARIANTS[variantTurn++ % LATER_VARIANTS.length]!;
        while (ambiguous && variant === 'typo');
      }
      const modality = random.chance(options.mrFraction) ? 'MR' : 'CT';
      let studyDate: string;
      do studyDate = date(random, 2015, 2024);
      while (used.has(studyDate));
      used.add(studyDate);
      const nameInFolder = random.chance(0.2);
      const iso = `${studyDate.slice(0, 4)}-${studyDate.slice(4, 6)}-${studyDate.slice(6)}`;
      const folder = nameInFolder ? `${pathName(person, random.pick(PATH_JOINS), random)}_${modality}_${s + 1}` : `${iso}_${modality}`;
      const drawnImplicit = random.chance(options.implicitFraction);
      const drawnCharset: Charset = random.chance(options.utf8Fraction) ? 'ISO_IR 192' : 'ISO_IR 100';
      const [implicit, charset] = COVER[sessionTurn++] ?? [drawnImplicit, drawnCharset];
      sessions.push({
        folder, zipped: nestedSession && s === count - 1, nameInFolder, variant, patientName: personName(person, variant, random), modality, charset,
        transferSyntaxUid: implicit ? IMPLICIT_VR_LE : EXPLICIT_VR_LE,
        undefinedLengths: random.chance(0.5), studyDate, files: options.filesPerSession,
      });
    }
    return {
      key: `p${String(index + 1).padStart(2, '0')}`, index, person, patientId, birthDate: date(random, 1940, 2005),
      sex: random.chance(0.5) ? 'M' : 'F', source: container === 'zip' ? `${sourceBase}.zip` : sourceBase, nameInSource, container, ambiguous, sessions,
    };
  });
}
