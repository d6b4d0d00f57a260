/**
 * Each class of place or form where a name hides (CONTRACT.md "Names", "Patients"), end to end:
 * one input holds a fixture per class, the CLI anonymizes it, and a search that shares no code
 * with the finder (regular expressions over raw bytes in several encodings, the inflated data
 * set, dcmdump's text, pydicom's values, paths) finds nothing. Then `verify`, on a copy of the
 * output with the name planted back in that class's place, exits 1 naming the file and element.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { ascii, type BuildElement, encodeDataset, part10 } from '../codec/dataset-builder.ts';
import { dcmdump, SYSTEM_PYTHON } from '../support/checkers.ts';
import { listFiles, tempDir } from './support.ts';

const BIN = resolve(import.meta.dirname, '../../bin/dicomveil.mjs');
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';

function cli(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

// ---- an independent DICOM writer's inputs: text in a chosen encoding, padded as PS3.5 wants ----

type Encode = (text: string) => Uint8Array;
const latin1: Encode = (text) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));
/** ISO 8859-5 (ISO_IR 144): U+0401–U+045F sit at 0xA1–0xFF, minus the two gaps no name uses. */
const iso8859_5: Encode = (text) => Uint8Array.from(text, (ch) => (ch.charCodeAt(0) >= 0x401 ? ch.charCodeAt(0) - 0x360 : ch.charCodeAt(0)));
const utf16be: Encode = (text) => {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) out.set([text.charCodeAt(i) >> 8, text.charCodeAt(i) & 0xff], 2 * i);
  return out;
};

function padded(bytes: Uint8Array, pad = 0x20): Uint8Array {
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = pad;
  return out;
}

const text = (tag: number, vr: string, value: string, encode: Encode = latin1): BuildElement => ({ tag, vr, value: padded(encode(value), vr === 'UI' ? 0 : 0x20) });
const raw = (tag: number, vr: string, value: Uint8Array): BuildElement => ({ tag, vr, value: padded(value, 0) });

interface Who {
  /** PatientName as written; the planted copies use the patient's id here. */
  pn: string;
  pid: string;
}

interface FileSpec {
  extra?: BuildElement[];
  transferSyntax?: string;
  charset?: string;
  encode?: Encode;
}

let sopCounter = 0;

/** A small secondary-capture file: the patient's identity, 8×8 pixels, and the elements a class needs. */
function dicomFile(who: Who, spec: FileSpec = {}): Uint8Array {
  const ts = spec.transferSyntax ?? EXPLICIT_LE;
  const le = ts !== EXPLICIT_BE;
  const encode = spec.encode ?? latin1;
  sopCounter += 1;
  const us = (tag: number, value: number): BuildElement => {
    const bytes = new Uint8Array(2);
    new DataView(bytes.buffer).setUint16(0, value, le);
    return { tag, vr: 'US', value: bytes };
  };
  const elements: BuildElement[] = [
    text(0x00080005, 'CS', spec.charset ?? 'ISO_IR 100'),
    text(0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.7'),
    text(0x00080018, 'UI', `2.25.77${sopCounter}`),
    text(0x00080060, 'CS', 'OT'),
    text(0x00100010, 'PN', who.pn, encode),
    text(0x00100020, 'LO', who.pid),
    text(0x00100030, 'DA', '19710203'),
    text(0x00100040, 'CS', 'F'),
    us(0x00280002, 1),
    text(0x00280004, 'CS', 'MONOCHROME2'),
    us(0x00280010, 8),
    us(0x00280011, 8),
    us(0x00280100, 8),
    us(0x00280101, 8),
    us(0x00280102, 7),
    us(0x00280103, 0),
    raw(0x7fe00010, 'OB', Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff)),
    ...(spec.extra ?? []),
  ].sort((a, b) => (a.tag >>> 0) - (b.tag >>> 0));
  const dataset = encodeDataset(elements, { explicitVr: true, littleEndian: le });
  return part10(ts, ts === DEFLATED ? deflateRawSync(dataset) : dataset);
}

// ---- the fixtures: one per class ----

const PRIVATE_CREATOR = text(0x00290010, 'LO', 'FINDER TEST 1.0');

interface Fixture {
  /** What the class is, for test names. */
  readonly title: string;
  /** Input files: path under the input folder → bytes. */
  readonly files: (who: (key: string) => Who) => Record<string, Uint8Array>;
  /** Patterns (on folded text) that must not be found anywhere in the output, nor in its paths. */
  readonly gone: RegExp[];
  /** Raw byte strings that must not be in any output file (inflated data sets included). */
  readonly goneBytes?: Uint8Array[];
  /** The name planted back into a copy of the output: which patient's file, where, and what verify must name. */
  readonly plant?: { patient: string; element: string; file: (who: Who) => Uint8Array };
}

const SEP = '[\\s\\p{P}\\p{S}]{0,8}';
const bounded = (pattern: string) => new RegExp(`(?<!\\p{L})(?:${pattern})(?!\\p{L})`, 'u');
const either = (a: string, b: string) => bounded(`${a}${SEP}${b}|${b}${SEP}${a}`);

const PATIENTS: Record<string, Who> = {
  cardew: { pn: 'CARDEW^Oswin', pid: 'CDW31337' },
  loy: { pn: 'LOY^Bridget', pid: 'LOY40221' },
  ngli: { pn: 'NG-LI^Mei', pid: 'NGL55018' },
  oday: { pn: "O'DAY^Fenella", pid: 'ODY66029' },
  moyle: { pn: 'BRANNIGAN-MOYLE^Roisin', pid: 'BRM77030' },
  quenby: { pn: 'TAVISH QUENBY', pid: 'TQY88041' },
  zandra: { pn: 'MCALLISTER^Zandra', pid: 'MCZ99052' },
  penhaligon: { pn: 'PENHALIGON^Kestrel', pid: 'PHK10163' },
  varga: { pn: 'VARGA^Ilona', pid: 'VGI21274' },
  volkova: { pn: 'ВОЛКОВА^Ирина', pid: 'VLK32385' },
  ormerod: { pn: 'ORMEROD^Tamsin', pid: 'ORT43496' },
  hartigan: { pn: 'Anonymized', pid: 'HRT54507' },
  unnamed: { pn: 'XXX^XXX', pid: '0123456789' },
};

const FIXTURES: Record<string, Fixture> = {
  separators: {
    title: 'separators: runs of spaces, dashes, `\\`, `;` `|` `+` `~` `·`, parentheses, in values and paths',
    files: (who) => ({
      'LOY_BRIDGET/s1/1.dcm': dicomFile(who('loy')),
      // Another patient's file: only full-name forms apply there (Loy has 3 letters).
      'CARDEW_OSWIN/ref Loy (Bridget)/1.dcm': dicomFile(who('cardew'), {
        extra: [
          text(0x00081030, 'LO', 'LOY\\BRIDGET'),
          text(0x00104000, 'LT', 'referred by LOY   --  Bridget; copy to Bridget·Loy | Loy+Bridget ~ Bridget (Loy) and LOY – BRIDGET, LOYBRIDGET'),
        ],
      }),
    }),
    gone: [either('loy', 'bridget')],
    plant: { patient: 'cardew', element: '(0010,4000)', file: (who) => dicomFile(who, { extra: [text(0x00104000, 'LT', 'copy to Bridget · · Loy')] }) },
  },
  families: {
    title: 'short and compound family names: NG-LI as NGLI, O\'DAY as ODAY, MOYLE of BRANNIGAN-MOYLE, a PN without ^',
    files: (who) => ({
      'NGLI_MEI/s1/1.dcm': dicomFile(who('ngli')),
      'ODAY_FENELLA/s1/1.dcm': dicomFile(who('oday')),
      'BRANNIGAN_MOYLE/s1/1.dcm': dicomFile(who('moyle')),
      'TAVISH/s1/1.dcm': dicomFile(who('quenby')),
      'CARDEW_OSWIN/s2/1.dcm': dicomFile(who('cardew'), {
        extra: [text(0x00104000, 'LT', 'NGLI and Ng Li called; ODAY and O Day too; Mrs Moyle; Quenby waited')],
      }),
    }),
    gone: [bounded(`ng${SEP}li`), bounded(`o${SEP}day`), bounded('moyle'), bounded('quenby'), bounded('tavish')],
    plant: { patient: 'cardew', element: '(0010,4000)', file: (who) => dicomFile(who, { extra: [text(0x00104000, 'LT', 'seen: Mrs Moyle')] }) },
  },
  ownGivenNames: {
    title: "given names alone in the patient's own files and paths (and not in other patients' files)",
    files: (who) => ({
      'MCALLISTER_ZANDRA/zandra scan/1.dcm': dicomFile(who('zandra'), { extra: [text(0x00104000, 'LT', 'Zandra arrived late')] }),
      'CARDEW_OSWIN/s3/1.dcm': dicomFile(who('cardew'), { extra: [text(0x00104000, 'LT', 'Zandra is the nurse on duty')] }),
    }),
    gone: [],
    plant: { patient: 'zandra', element: '(0010,4000)', file: (who) => dicomFile(who, { extra: [text(0x00104000, 'LT', 'Zandra arrived late')] }) },
  },
  misfitValues: {
    title: 'private elements declared US or DS, standard elements stored as UN, text in DS and DA elements',
    files: (who) => ({
      'PENHALIGON_K/s1/1.dcm': dicomFile(who('penhaligon'), {
        extra: [
          text(0x00081030, 'UN', 'Penhaligon study'),
          text(0x00080021, 'DA', 'PENHALIGON'),
          text(0x00180050, 'DS', 'Penhaligon'),
          PRIVATE_CREATOR,
          text(0x00291010, 'US', 'PENHALIGON KESTREL'),
          text(0x00291011, 'DS', 'penhaligon'),
        ],
      }),
    }),
    gone: [bounded('penhaligon')],
    plant: { patient: 'penhaligon', element: '(0029,1010)', file: (who) => dicomFile(who, { extra: [PRIVATE_CREATOR, text(0x00291010, 'US', 'PENHALIGON KESTREL')] }) },
  },
  longText: {
    title: 'a text value over 256 KiB is searched and edited, not quarantined',
    files: (who) => ({
      'VARGA_ILONA/s1/1.dcm': dicomFile(who('varga'), {
        extra: [text(0x0040a160, 'UT', `${'nothing to see here. '.repeat(15000)}Signed for Varga Ilona.${' end.'.repeat(100)}`)],
      }),
    }),
    gone: [bounded('varga'), either('varga', 'ilona')],
    plant: { patient: 'varga', element: '(0040,A160)', file: (who) => dicomFile(who, { extra: [text(0x0040a160, 'UT', `${'x. '.repeat(100000)}Varga Ilona`)] }) },
  },
  binaryCharsets: {
    title: "binary private data holding text in the file's charset (big endian) or UTF-16BE (deflated)",
    files: (who) => ({
      'VOLKOVA/s1/1.dcm': dicomFile(who('volkova'), {
        transferSyntax: EXPLICIT_BE,
        charset: 'ISO_IR 144',
        encode: iso8859_5,
        extra: [PRIVATE_CREATOR, raw(0x00291020, 'OB', Uint8Array.from([1, 2, ...iso8859_5('ВОЛКОВА Ирина'), 3]))],
      }),
      'VARGA_ILONA/s2/1.dcm': dicomFile(who('varga'), {
        transferSyntax: DEFLATED,
        extra: [PRIVATE_CREATOR, raw(0x00291020, 'OB', Uint8Array.from([1, 2, ...utf16be('note: VARGA'), 3, 4]))],
      }),
    }),
    gone: [bounded('волкова')],
    goneBytes: [iso8859_5('ВОЛКОВА'), utf16be('VARGA')],
    plant: {
      patient: 'volkova',
      element: '(0029,1020)',
      file: (who) => dicomFile(who, { transferSyntax: EXPLICIT_BE, charset: 'ISO_IR 144', encode: iso8859_5, extra: [PRIVATE_CREATOR, raw(0x00291020, 'OB', Uint8Array.from([1, 2, ...iso8859_5('ВОЛКОВА'), 3]))] }),
    },
  },
  nestedBulk: {
    title: 'an EncapsulatedDocument and PixelData inside a private sequence are private binary data',
    files: (who) => ({
      'ORMEROD_T/s1/1.dcm': dicomFile(who('ormerod'), {
        extra: [
          PRIVATE_CREATOR,
          {
            tag: 0x00291030,
            vr: 'SQ',
            items: [[raw(0x00420011, 'OB', ascii('%PDF-1.4 report for Ormerod Tamsin %%EOF')), raw(0x7fe00010, 'OB', Uint8Array.from([0, 1, ...ascii('ORMEROD'), 2, 3]))]],
          },
        ],
      }),
    }),
    gone: [bounded('ormerod')],
    plant: {
      patient: 'ormerod',
      element: '(0042,0011)',
      file: (who) => dicomFile(who, { extra: [PRIVATE_CREATOR, { tag: 0x00291030, vr: 'SQ', items: [[raw(0x00420011, 'OB', ascii('%PDF-1.4 Ormerod %%EOF'))]] }] }),
    },
  },
  sourceName: {
    title: 'the source folder name is a spelling when the files hold no usable PatientName',
    files: (who) => ({
      'Hartigan Roisin/s1/1.dcm': dicomFile(who('hartigan'), { extra: [text(0x00081030, 'LO', 'Mrs Hartigan, calm')] }),
      // A placeholder folder name is no spelling: "patient" stays where it is.
      'patient07/s1/1.dcm': dicomFile({ pn: 'Anonymous', pid: 'PX818181' }, { extra: [text(0x00104000, 'LT', 'the patient slept')] }),
    }),
    gone: [bounded('hartigan')],
    plant: { patient: 'hartigan', element: '(0008,1030)', file: (who) => dicomFile(who, { extra: [text(0x00081030, 'LO', 'Mrs Hartigan')] }) },
  },
  placeholders: {
    title: 'placeholders (XXX^XXX, PatientID 0123456789) are no spellings: a palette holding those bytes is copied, not quarantined',
    files: (who) => ({
      'UNNAMED01/s1/1.dcm': dicomFile(who('unnamed'), {
        extra: [raw(0x00281201, 'OW', ascii(' 0123456789 XXXXXX 12345 ')), text(0x00104000, 'LT', 'Unknown patient, Test series')],
      }),
    }),
    gone: [],
  },
};

// ---- the independent search ----

function fold(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The bytes to search in a file: as written, plus the inflated data set of a deflated one. */
function searchableBytes(bytes: Buffer): Buffer[] {
  const out = [bytes];
  if (bytes.length > 144 && bytes.toString('latin1', 128, 132) === 'DICM' && bytes.includes(Buffer.from(DEFLATED))) {
    const metaLength = bytes.readUInt32LE(140);
    try {
      out.push(inflateRawSync(bytes.subarray(144 + metaLength)));
    } catch {
      // not deflated after all
    }
  }
  return out;
}

/** Every element value pydicom reads, as text, one file per line block. */
function pydicomValues(paths: string[]): string {
  const script = `
import sys, pydicom
def walk(ds, out):
    for el in ds:
        if el.VR == 'SQ':
            for item in el.value: walk(item, out)
        else:
            v = el.value
            if isinstance(v, bytes):
                for enc in ('latin-1', 'utf-8', 'utf-16-le', 'utf-16-be', 'iso8859-5'):
                    out.append(v.decode(enc, 'replace'))
            else:
                out.append(str(v))
for p in sys.argv[1:]:
    out = []
    walk(pydicom.dcmread(p, force=True), out)
    print(p + '\\t' + ' | '.join(out).replace('\\n', ' '))
`;
  const result = spawnSync(SYSTEM_PYTHON, ['-c', script, ...paths], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

function findAll(outputDir: string, patterns: RegExp[], goneBytes: Uint8Array[] = []): string[] {
  const findings: string[] = [];
  const files = listFiles(outputDir).filter((rel) => !rel.endsWith('.json') && !rel.endsWith('.csv') && !rel.endsWith('.html'));
  const check = (where: string, value: string) => {
    const folded = fold(value);
    for (const pattern of patterns) if (pattern.test(folded)) findings.push(`${where}: ${pattern.source}`);
  };
  for (const rel of files) {
    check(`path ${rel}`, rel.normalize('NFC'));
    for (const bytes of searchableBytes(readFileSync(join(outputDir, rel)))) {
      for (const encoding of ['latin1', 'utf8', 'utf16le'] as const) check(`${encoding} ${rel}`, bytes.toString(encoding));
      check(`utf16be ${rel}`, new TextDecoder('utf-16be').decode(bytes.subarray(0, bytes.length & ~1)));
      for (const needle of goneBytes) if (bytes.includes(Buffer.from(needle))) findings.push(`bytes ${rel}: ${Buffer.from(needle).toString('hex')}`);
    }
    const dump = dcmdump(join(outputDir, rel));
    if (dump.ok) check(`dcmdump ${rel}`, dump.stdout);
  }
  if (files.length > 0) check('pydicom', pydicomValues(files.map((rel) => join(outputDir, rel))));
  return findings;
}

// ---- the run ----

describe('name finder classes, end to end', () => {
  const dir = tempDir('finder-classes');
  const input = join(dir.path, 'in');
  const output = join(dir.path, 'out');
  const privateDir = `${output}-private`;
  let run: ReturnType<typeof cli>;
  let ids: Record<string, string> = {};

  const idOf = (source: string): string => {
    const registry = JSON.parse(readFileSync(join(privateDir, 'patients.json'), 'utf8')) as { patients: { id: string; sources: string[] }[] };
    const found = registry.patients.find((p) => p.sources.includes(source));
    assert.ok(found, `a patient for ${source}`);
    return found.id;
  };
  const outputFiles = (id: string) => listFiles(output).filter((rel) => rel.startsWith(`${id}/`));

  before(() => {
    for (const fixture of Object.values(FIXTURES)) {
      for (const [path, bytes] of Object.entries(fixture.files((key) => PATIENTS[key]!))) {
        mkdirSync(dirname(join(input, path)), { recursive: true });
        writeFileSync(join(input, path), bytes);
      }
    }
    const demographics = join(dir.path, 'demographics.csv');
    writeFileSync(demographics, 'name;birth_date;sex\nRoisin Hartigan;1971-02-03;F\nOswin Cardew;1971-02-03;F\n');
    run = cli(['anonymize', input, '--output', output, '--demographics', demographics, '--json']);
    ids = {
      cardew: idOf('CARDEW_OSWIN'),
      loy: idOf('LOY_BRIDGET'),
      zandra: idOf('MCALLISTER_ZANDRA'),
      penhaligon: idOf('PENHALIGON_K'),
      varga: idOf('VARGA_ILONA'),
      volkova: idOf('VOLKOVA'),
      ormerod: idOf('ORMEROD_T'),
      hartigan: idOf('Hartigan Roisin'),
      unnamed: idOf('UNNAMED01'),
      patient07: idOf('patient07'),
    };
  });
  after(() => (process.env.KEEP_TEST_DIR ? undefined : dir.remove()));

  it('anonymizes every file: exit 0, nothing skipped or quarantined', () => {
    assert.equal(run.status, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as { files: Record<string, number> };
    assert.deepEqual(summary.files, { anonymized: 17, unchanged: 0, ignored: 0, skipped: 0, quarantined: 0 });
  });

  for (const [key, fixture] of Object.entries(FIXTURES)) {
    describe(fixture.title, () => {
      if (fixture.gone.length > 0 || fixture.goneBytes !== undefined) {
        it('leaves nothing an independent search finds', () => {
          assert.deepEqual(findAll(output, fixture.gone, fixture.goneBytes), []);
        });
      }
      const plant = fixture.plant;
      if (plant !== undefined) {
        it(`verify finds the name planted back (${plant.element}) and names the file and element`, () => {
          const copy = join(dir.path, `planted-${key}`);
          rmSync(copy, { recursive: true, force: true });
          cpSync(output, copy, { recursive: true });
          const id = ids[plant.patient]!;
          const target = outputFiles(id)[0]!;
          writeFileSync(join(copy, target), plant.file({ pn: id, pid: id }));
          const result = cli(['verify', copy, '--private-dir', privateDir]);
          assert.equal(result.status, 1, `${result.stdout}${result.stderr}`);
          const lines = result.stdout.trim().split('\n');
          assert.ok(lines.some((line) => line.startsWith(`${target}: `) && line.includes(plant.element)), result.stdout);
        });
      }
    });
  }

  it("keeps another patient's given name in a file that is not theirs", () => {
    const cardew = outputFiles(ids.cardew!).map((rel) => readFileSync(join(output, rel), 'latin1')).join('\n');
    assert.match(cardew, /Zandra is the nurse on duty/);
    assert.ok(!existsSync(join(output, ids.zandra!, 'zandra scan')), 'the own session folder is renamed');
    assert.deepEqual(findAll(join(output, ids.zandra!), [bounded('zandra')]), []);
  });

  it('edits the long text in place: the rest of the value is kept', () => {
    const dump = outputFiles(ids.varga!).map((rel) => readFileSync(join(output, rel), 'latin1')).join('\n');
    assert.equal(dump.split('nothing to see here. ').length - 1, 15000);
    assert.match(dump, new RegExp(`Signed for ${ids.varga}\\.`));
  });

  it('removes the private data holding names and keeps the standard pixel data', () => {
    const [rel] = outputFiles(ids.ormerod!);
    const dump = dcmdump(join(output, rel!));
    assert.ok(dump.ok);
    assert.doesNotMatch(dump.stdout, /\(0042,0011\)/);
    assert.match(dump.stdout, /\(7fe0,0010\) OB/);
  });

  it('links the folder-named patient to its demographics row', () => {
    const shared = readFileSync(join(output, 'demographics_anonymized.csv'), 'utf8');
    assert.match(shared, new RegExp(ids.hartigan!));
    const placeholder = outputFiles(ids.patient07!).map((rel) => readFileSync(join(output, rel), 'latin1')).join('\n');
    assert.match(placeholder, /the patient slept/);
  });

  it('copies the palette bytes that spell placeholders verbatim', () => {
    const [rel] = outputFiles(ids.unnamed!);
    const bytes = readFileSync(join(output, rel!));
    assert.ok(bytes.includes(Buffer.from(' 0123456789 XXXXXX 12345 ')));
    assert.match(bytes.toString('latin1'), /Unknown patient, Test series/);
  });

  it('has every output file readable by dcmdump', () => {
    for (const rel of listFiles(output).filter((f) => f.includes('/'))) assert.ok(dcmdump(join(output, rel)).ok, rel);
    assert.ok(readdirSync(output).length > 0);
  });
});
