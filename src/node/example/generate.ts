/**
 * The synthetic dataset: patient folders and zips of DICOM files with names hidden everywhere a
 * real dataset hides them, a few non-DICOM files, a messy demographics spreadsheet, and the
 * truth about all of it. Deterministic from the seed.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDemographics } from './demographics.ts';
import { dicomFile, type Element } from './dicom-builder.ts';
import { VOCABULARY, textName } from './people.ts';
import { ageAt, type PatientPlan, planPatients, type ResolvedOptions } from './plan.ts';
import { Random } from './random.ts';
import { binaryWithName, renderFile } from './render.ts';
import { folderSink, type Sink, zipSink } from './sinks.ts';
import type { Planting, Truth, TruthFile, TruthPatient } from './truth.ts';

export interface GenerateOptions {
  /** Same seed, same dataset (default 1). */
  seed?: number;
  /** At most 60 (default 6). */
  patients?: number;
  /** DICOM files per session (default 4; derived from `sizeMb` when that is given). */
  filesPerSession?: number;
  /** Sessions per patient, min and max (default 1–3). */
  sessions?: [number, number];
  /** Target size: full-size pixels (CT 512², MR 256²) and enough files to reach about this many MB. */
  sizeMb?: number;
  /** Square image sizes (default CT 32, MR 16; 512 and 256 with `sizeMb`). */
  pixels?: { ct: number; mr: number };
  /** Share of patients delivered as a zip (default 0.25, at least one from 2 patients). */
  zippedFraction?: number;
  /** Share of sessions in implicit VR little endian (default 0.2). */
  implicitFraction?: number;
  /** Share of sessions in ISO_IR 192 (default 0.35); the rest are ISO_IR 100. */
  utf8Fraction?: number;
}

/** `dir` layout: `input/` (the dataset), `demographics.csv`, `truth.json` beside it. */
export const LAYOUT = { input: 'input', demographics: 'demographics.csv', truth: 'truth.json' } as const;

function resolve(options: GenerateOptions): ResolvedOptions {
  const patients = options.patients ?? 6;
  if (!Number.isInteger(patients) || patients < 1 || patients > 60) throw new RangeError('patients must be between 1 and 60');
  const sessions = options.sessions ?? [1, 3];
  const mrFraction = 0.1;
  const pixels = options.pixels ?? (options.sizeMb === undefined ? { ct: 32, mr: 16 } : { ct: 512, mr: 256 });
  let filesPerSession = options.filesPerSession ?? 4;
  if (options.sizeMb !== undefined) {
    const average = (1 - mrFraction) * pixels.ct ** 2 * 2 + mrFraction * pixels.mr ** 2 * 2 + 2500;
    const sessionCount = patients * (sessions[0] + sessions[1]) / 2;
    filesPerSession = Math.max(1, Math.round((options.sizeMb * 1024 * 1024) / average / sessionCount));
  }
  return {
    seed: options.seed ?? 1, patients, filesPerSession, sessions, pixels, mrFraction,
    zippedFraction: options.zippedFraction ?? 0.25, implicitFraction: options.implicitFraction ?? 0.2, utf8Fraction: options.utf8Fraction ?? 0.35,
  };
}

function uid(random: Random): string {
  return `2.25.${random.digits(38)}`;
}

/** The refs' escaping, for the few characters that need it (never produced by the generator). */
function refSegment(path: string): string {
  return path.replace(/[%!#]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

interface Context {
  random: Random;
  options: ResolvedOptions;
  noise: Uint8Array;
  plans: PatientPlan[];
  truth: Truth;
  fileIndex: number;
}

function writeSession(context: Context, patient: PatientPlan, truthPatient: TruthPatient, sessionIndex: number, sink: Sink, prefix: string): void {
  const { random, options, noise, plans } = context;
  const session = patient.sessions[sessionIndex]!;
  const studyInstanceUid = uid(random);
  const seriesInstanceUid = uid(random);
  const accessionNumber = `ACC${random.digits(7)}`;
  const age = ageAt(patient.birthDate, session.studyDate);
  const nameInStudy = random.chance(0.3);
  const size = session.modality === 'CT' ? options.pixels.ct : options.pixels.mr;
  const spell = (text: string) => {
    if (!truthPatient.spellings.includes(text)) truthPatient.spellings.push(text);
    return text;
  };
  spell(session.patientName);
  if (session.nameInFolder) spell(session.folder.replace(/_(CT|MR)_\d+$/, ''));
  const studyDescription = nameInStudy ? `${session.modality === 'CT' ? 'CT THORAX' : 'IRM CEREBRALE'} ${spell(textName(patient.person, random))}` : session.modality === 'CT' ? 'CT THORAX' : 'IRM CEREBRALE';
  truthPatient.sessions.push({
    prefix: `${prefix}`, patientName: session.patientName, variant: session.variant, modality: session.modality,
    transferSyntaxUid: session.transferSyntaxUid, charset: session.charset, undefinedLengths: session.undefinedLengths,
    studyDate: session.studyDate, age, studyInstanceUid, files: session.files,
  });
  for (let n = 1; n <= session.files; n++) {
    const every = context.fileIndex === 0;
    const other = context.fileIndex === 1 || (plans.length > 1 && random.chance(0.04));
    context.fileIndex++;
    const planted = new Set<Planting>();
    const plant = (where: Planting, probability: number) => {
      const yes = every || random.chance(probability);
      if (yes) planted.add(where);
      return yes;
    };
    const hasPatientName = !(context.fileIndex === 3 || random.chance(0.06));
    if (hasPatientName) planted.add('PatientName');
    if (nameInStudy) planted.add('StudyDescription');
    const otherPatient = other ? plans[(patient.index + 1 + random.int(0, plans.length - 2)) % plans.length]! : undefined;
    const otherText = otherPatient ? textName(otherPatient.person, random) : undefined;
    if (otherPatient && otherText) context.truth.patients[otherPatient.index]!.spellings.includes(otherText) || context.truth.patients[otherPatient.index]!.spellings.push(otherText);
    const imageComments = [plant('ImageComments', 0.3) ? `${spell(textName(patient.person, random))} follow-up` : 'control', otherText ? `compare with ${otherText}` : ''].filter(Boolean).join('; ');
    const offset = random.int(0, (noise.length - size * size * 2) >> 1) * 2;
    const binaryName = plant('PrivateBinary', 0.15) ? spell(session.patientName) : undefined;
    const sopInstanceUid = uid(random);
    const fileName = plant('FileName', 0.2)
      ? `${spell(random.pick([patient.person.family, `${patient.person.family}${patient.person.given}`, `${patient.person.given}-${patient.person.family}`]))}_${String(n).padStart(4, '0')}.dcm`
      : random.pick([`IMG${String(n).padStart(4, '0')}.dcm`, `I${String(n).padStart(5, '0')}`, `${sopInstanceUid}.dcm`]);
    const bytes = renderFile({
      modality: session.modality, transferSyntaxUid: session.transferSyntaxUid, charset: session.charset, undefinedLengths: session.undefinedLengths,
      sopInstanceUid, studyInstanceUid, seriesInstanceUid, instanceNumber: n,
      patientName: hasPatientName ? session.patientName : undefined,
      otherPatientNames: plant('OtherPatientNames', 0.1) ? spell(`${patient.person.family}^${patient.person.given}`) : undefined,
      patientId: patient.patientId, birthDate: patient.birthDate, sex: patient.sex, age, studyDate: session.studyDate, accessionNumber,
      studyDescription,
      imageComments,
      patientComments: plant('PatientComments', 0.2) ? `${spell(textName(patient.person, random))}, allergic to iodine` : 'seen in clinic',
      additionalHistory: plant('AdditionalPatientHistory', 0.2) ? `Previous ID ${patient.patientId}` : 'none',
      requestedDescription: plant('RequestAttributesSequence', 0.3) ? `${session.modality} ${spell(textName(patient.person, random))}` : `${session.modality} contrast`,
      codeMeaning: every ? spell(session.patientName.replace('^', ' ')) : 'localizer',
      privateText: plant('PrivateText', 0.3) ? spell(session.patientName) : 'SYNTH PARAM 12',
      privateBinary: binaryWithName(noise.subarray(offset, offset + 64), binaryName),
      rows: size, columns: size, pixels: noise.subarray(offset, offset + size * size * 2),
    });
    if (session.nameInFolder) planted.add('FolderName');
    if (patient.nameInSource) planted.add('SourceName');
    sink.add(session.zipped ? fileName : `${session.folder}/${fileName}`, bytes);
    const file: TruthFile = {
      ref: `${prefix}${refSegment(fileName)}`, patient: patient.key, kind: 'dicom', size: bytes.length, hasPatientName,
      planted: [...planted].sort(), otherPatients: otherPatient ? [otherPatient.key] : [], sopInstanceUid,
    };
    context.truth.files.push(file);
  }
}

function dicomdir(): Uint8Array {
  const elements: Element[] = [
    { tag: 0x00041130, vr: 'CS', value: 'SYNTH' },
    { tag: 0x00041200, vr: 'UL', value: 0 },
    { tag: 0x00041202, vr: 'UL', value: 0 },
    { tag: 0x00041212, vr: 'US', value: 0 },
    { tag: 0x00041220, vr: 'SQ', value: [] },
  ];
  return dicomFile({ sopClassUid: '1.2.840.10008.1.3.10', sopInstanceUid: '2.25.1', transferSyntaxUid: '1.2.840.10008.1.2.1' }, elements, { implicit: false, charset: 'ISO_IR 100', undefinedLengths: false });
}

/**
 * Writes the dataset into `dir` (`input/`, `demographics.csv`, `truth.json`; `dir` must not hold
 * an `input/` yet) and returns its truth.
 */
export async function generateDataset(dir: string, options: GenerateOptions = {}): Promise<Truth> {
  const resolved = resolve(options);
  const random = new Random(resolved.seed);
  const inputDir = join(dir, LAYOUT.input);
  mkdirSync(inputDir, { recursive: true });
  if (readdirSync(inputDir).length > 0) throw new Error(`${inputDir} is not empty`);
  const ambiguousIndex = resolved.patients >= 5 ? 1 : -1;
  const plans = planPatients(random.fork(), resolved, ambiguousIndex);
  const noise = new Uint8Array(Math.max(resolved.pixels.ct, resolved.pixels.mr) ** 2 * 2 * 2 + 128);
  const noiseRandom = random.fork();
  for (let i = 0; i < noise.length; i += 4) new DataView(noise.buffer).setUint32(i, noiseRandom.next(), true);
  const truth: Truth = {
    seed: resolved.seed, input: LAYOUT.input, files: [],
    patients: plans.map((p) => ({
      key: p.key, family: p.person.family, given: p.person.given, patientId: p.patientId, birthDate: p.birthDate, sex: p.sex,
      source: p.source, container: p.container, spellings: p.nameInSource ? [p.source.replace(/\.zip$/, '')] : [], sessions: [], demographics: 'linked',
    })),
    demographics: { file: LAYOUT.demographics, columns: [], rows: [], links: [], missing: [], ambiguous: [], extraRows: [] },
    totals: { dicomFiles: 0, otherFiles: 0, bytes: 0 },
  };
  const context: Context = { random: random.fork(), options: resolved, noise, plans, truth, fileIndex: 0 };
  const root = folderSink(inputDir);
  const extras = (sink: Sink, prefix: string, files: [string, string | Uint8Array, TruthFile['kind']][]) => {
    for (const [path, content, kind] of files) {
      const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
      sink.add(path, bytes);
      truth.files.push({ ref: `${prefix}${refSegment(path)}`, patient: null, kind, size: bytes.length, hasPatientName: false, planted: [], otherPatients: [] });
    }
  };
  const pendingZips: Promise<void>[] = [];
  for (const patient of plans) {
    const truthPatient = truth.patients[patient.index]!;
    const outer = patient.container === 'zip' ? zipSink(root, patient.source) : folderSink(join(inputDir, patient.source));
    const base = patient.container === 'zip' ? `${refSegment(patient.source)}!` : `${refSegment(patient.source)}/`;
    patient.sessions.forEach((session, s) => {
      if (session.zipped) {
        const inner = zipSink(outer, `${session.folder}.zip`);
        writeSession(context, patient, truthPatient, s, inner, `${base}${refSegment(session.folder)}.zip!`);
        pendingZips.push(inner.finish());
      } else writeSession(context, patient, truthPatient, s, outer, `${base}${refSegment(session.folder)}/`);
    });
    await Promise.all(pendingZips.splice(0));
    if (patient.index === 0) extras(outer, base, [['.DS_Store', 'Bud1 finder data', 'system'], ['DICOMDIR', dicomdir(), 'dicomdir']]);
    if (patient.container === 'zip' && patient.index === plans.find((p) => p.container === 'zip')!.index) extras(outer, base, [['desktop.ini', '[.ShellClassInfo]', 'system']]);
    if (patient.index === plans.length - 1) {
      const report = `report ${truthPatient.family} ${truthPatient.given}`;
      truthPatient.spellings.push(`${truthPatient.family} ${truthPatient.given}`);
      extras(outer, base, [[`report_${truthPatient.family}.txt`, `${report}: nothing to note`, 'report'], ['Thumbs.db', 'thumbs', 'system']]);
    }
    await outer.finish();
  }
  extras(root, '', [['README.txt', `Synthetic dataset, seed ${resolved.seed}: ${VOCABULARY.length} words of vocabulary.`, 'report']]);
  writeDemographics(join(dir, LAYOUT.demographics), random.fork(), plans, truth);
  for (const patient of truth.patients) patient.spellings = [...new Set(patient.spellings)];
  truth.files.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  for (const file of truth.files) {
    if (file.kind === 'dicom') truth.totals.dicomFiles++;
    else truth.totals.otherFiles++;
    truth.totals.bytes += file.size;
  }
  writeFileSync(join(dir, LAYOUT.truth), `${JSON.stringify(truth, null, 1)}\n`);
  return truth;
}

