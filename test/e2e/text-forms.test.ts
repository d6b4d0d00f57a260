/**
 * How a name is written, end to end (CONTRACT.md "Names": folding, forms searched, placeholders):
 * characters outside the BMP (an emoji between the words, a name in Adlam), a family name that is
 * also a placeholder word, Hangul in NFD, Windows-1252 punctuation in an ISO_IR 100 file. Real
 * corpus files, changed with pydicom, go through the command line; pydicom and dcmdump read the
 * output, which must hold the id where the name was and every other text as it was, and `verify`
 * must pass it, then name the element where the name is planted back.
 */
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { dcmdump, dcmdumpUnavailable, pydicom, pydicomUnavailable } from '../support/checkers.ts';
import { corpusDir, corpusUnavailable } from '../support/corpus.ts';
import { idOfSource, listFiles, runCaptured, tempDir } from './support.ts';

const skip = corpusUnavailable() ?? dcmdumpUnavailable() ?? pydicomUnavailable();
const CT = join(corpusDir, 'pydicom/src/pydicom/data/test_files/CT_small.dcm');

/** One patient's file: its source folder, identity, and text values (`raw`: bytes in hex, written as they are). */
interface Written {
  source: string;
  pn: string;
  pid: string;
  texts: Record<string, string>;
  raw?: Record<string, string>;
}

const WRITE_INPUT = `
import json, os, sys, pydicom
from pydicom.dataelem import RawDataElement
from pydicom.datadict import dictionary_VR
from pydicom.tag import Tag
src, root, charset, spec = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
for f in spec:
    ds = pydicom.dcmread(src)
    ds.SpecificCharacterSet = charset
    ds.PatientName = f['pn']; ds.PatientID = f['pid']
    for keyword, value in f['texts'].items():
        setattr(ds, keyword, value)
    for keyword, hexbytes in f.get('raw', {}).items():
        tag = Tag(keyword); value = bytes.fromhex(hexbytes)
        ds[tag] = RawDataElement(tag, dictionary_VR(tag), len(value), value, 0, False, True)
    os.makedirs(os.path.join(root, f['source'], 's1'))
    ds.save_as(os.path.join(root, f['source'], 's1', 'a.dcm'))
`;

/** The named text values of a file, and every string value in it (any depth), as pydicom reads them. */
const READ_TEXTS = `
import json, sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
every = []
ds.walk(lambda d, e: every.append(str(e.value)) if isinstance(e.value, (str, pydicom.valuerep.PersonName)) else None)
print(json.dumps({'named': {k: str(ds.get(k, '')) for k in sys.argv[2].split(',')}, 'every': every}))
`;

const PLANT = `
import sys, pydicom
ds = pydicom.dcmread(sys.argv[1])
setattr(ds, sys.argv[2], sys.argv[3])
ds.save_as(sys.argv[1])
`;

interface Case {
  title: string;
  charset: string;
  files: Written[];
  /** Per source, its text values after the run (`ID`: that patient's id, `ID(source)`: another's). */
  after: Record<string, Record<string, string>>;
  /** What no string value of any output file (NFC) may hold. */
  gone: RegExp;
  /** Planted back into a copy of the output: the file's source, the attribute, its new value; verify must name it. */
  plant?: { source: string; keyword: string; tag: string; value: string };
}

const OTHER = { source: 'Roche', pn: 'ROCHE^Paul', pid: 'FR55555556' };
/** Latin-1 text (one byte a character, C1 bytes included) in hex, as written raw. */
const hexOf = (text: string) => Buffer.from(text, 'latin1').toString('hex');

/** A family and a given name in Adlam (Fula): two UTF-16 units a letter, upper and lower case. */
const ADLAM = { family: '\u{1E900}\u{1E923}\u{1E922}\u{1E925}\u{1E922}', given: '\u{1E905}\u{1E922}\u{1E924}\u{1E92D}' };

const CASES: Case[] = [
  {
    title: 'an emoji between the words of a name is one separator character',
    charset: 'ISO_IR 192',
    files: [
      { source: 'NG_LI', pn: 'NG^Li', pid: 'SG45454546', texts: { StudyDescription: 'Li \u{1F642} Ng', SeriesDescription: 'NG\u{1F600}LI' } },
      // Short words are never searched alone, nor with more than eight separators between them.
      { ...OTHER, texts: { StudyDescription: 'ref NG \u{1F600} LI', SeriesDescription: `Li met Ng at Li${'\u{1F642}'.repeat(9)}Ng` } },
    ],
    after: {
      NG_LI: { StudyDescription: 'ID', SeriesDescription: 'ID' },
      Roche: { StudyDescription: 'ref ID(NG_LI)', SeriesDescription: `Li met Ng at Li${'\u{1F642}'.repeat(9)}Ng` },
    },
    gone: /(?<!\p{L})(?:ng[\s\p{P}\p{S}]{1,8}li|li[\s\p{P}\p{S}]{1,8}ng)(?!\p{L})/iu,
    plant: { source: 'Roche', keyword: 'StudyDescription', tag: '(0008,1030)', value: 'seen NG\u{1F600}LI' },
  },
  {
    title: 'a name in a script outside the BMP (Adlam) is found by the finder and by the second opinion',
    charset: 'ISO_IR 192',
    files: [
      { source: 'Adama', pn: `${ADLAM.family}^${ADLAM.given}`, pid: 'GN19191918', texts: { StudyDescription: `seen ${ADLAM.family} today`, SeriesDescription: `${ADLAM.given} came` } },
      // The given name alone is searched only in the patient's own files (its letters are 4, its UTF-16 units 8).
      // …and a longer word that holds the family name is another word.
      { ...OTHER, texts: { StudyDescription: `ref ${ADLAM.family.toLowerCase()} and ${ADLAM.given}`, SeriesDescription: `${ADLAM.family}\u{1E902}\u{1E92D} wrote` } },
    ],
    after: {
      Adama: { StudyDescription: 'seen ID today', SeriesDescription: 'ID came' },
      Roche: { StudyDescription: `ref ID(Adama) and ${ADLAM.given}`, SeriesDescription: `${ADLAM.family}\u{1E902}\u{1E92D} wrote` },
    },
    gone: new RegExp(`(?<!\\p{L})${ADLAM.family}(?!\\p{L})`, 'iu'),
    plant: { source: 'Roche', keyword: 'StudyDescription', tag: '(0008,1030)', value: `seen ${ADLAM.family} today` },
  },
  {
    title: 'a family name that is also a placeholder word (BLANK) is searched; a placeholder value (Anonymized) is not',
    charset: 'ISO_IR 100',
    files: [
      { source: 'Blank', pn: 'BLANK^Arthur', pid: 'US10203041', texts: { StudyDescription: 'Arthur Blank, seen', SeriesDescription: 'Arthur came' } },
      { source: 'Nobody', pn: 'Anonymized', pid: 'NB30405061', texts: { StudyDescription: 'anonymized test case' } },
      { ...OTHER, texts: { StudyDescription: 'ref Mr BLANK', SeriesDescription: 'a blank sample; Anonymized; Arthur' } },
    ],
    after: {
      Blank: { StudyDescription: 'ID, seen', SeriesDescription: 'ID came' },
      Nobody: { StudyDescription: 'anonymized test case' },
      Roche: { StudyDescription: 'ref Mr ID(Blank)', SeriesDescription: 'a ID(Blank) sample; Anonymized; Arthur' },
    },
    gone: /(?<!\p{L})blank(?!\p{L})/iu,
    plant: { source: 'Roche', keyword: 'StudyDescription', tag: '(0008,1030)', value: 'ref Mr BLANK' },
  },
  {
    title: 'Hangul written in NFD (conjoining jamo) is found like NFC',
    charset: 'ISO_IR 192',
    files: [
      { source: 'Hong', pn: '홍^길동', pid: 'KR23232323', texts: { StudyDescription: '홍길동 님'.normalize('NFD') } },
      // A one-syllable family name is not searched alone.
      { ...OTHER, texts: { StudyDescription: '홍 선생님'.normalize('NFD'), SeriesDescription: '홍길동 환자'.normalize('NFD') } },
    ],
    after: {
      Hong: { StudyDescription: `ID ${'님'.normalize('NFD')}` },
      Roche: { StudyDescription: '홍 선생님'.normalize('NFD'), SeriesDescription: `ID(Hong) ${'환자'.normalize('NFD')}` },
    },
    gone: /홍\s*길동|길동\s*홍/u,
    plant: { source: 'Roche', keyword: 'StudyDescription', tag: '(0008,1030)', value: '홍길동 님'.normalize('NFD') },
  },
  {
    title: 'Windows-1252 punctuation in an ISO_IR 100 file (0x92, the apostrophe of O\u2019DAY) is read as such, its other bytes kept',
    charset: 'ISO_IR 100',
    files: [
      { source: 'ODay', pn: "O'DAY^Sean", pid: 'IE10203041', texts: {}, raw: { StudyDescription: hexOf('seen by O\x92DAY ') } },
      { ...OTHER, texts: {}, raw: { SeriesDescription: hexOf('O\x92Day called \x93ok\x94 ') } },
    ],
    after: {
      ODay: { StudyDescription: 'seen by ID' },
      Roche: { SeriesDescription: 'ID(ODay) called \x93ok\x94' },
    },
    gone: /(?<!\p{L})o[^\p{L}\p{N}]{0,8}day(?!\p{L})/iu,
    plant: { source: 'Roche', keyword: 'StudyDescription', tag: '(0008,1030)', value: 'seen by O\x92DAY' },
  },
  {
    title: 'å is also written aa (Håland, Haaland; Ågård, Aagaard), đ dj (Đoković, Djokovic), whichever way the file and the text write it',
    charset: 'ISO_IR 192',
    files: [
      { source: 'Haland', pn: 'HÅLAND^Erling', pid: 'NO12121213', texts: { StudyDescription: 'kontroll Haaland' } },
      { source: 'Aagaard', pn: 'AAGAARD^Soren', pid: 'DK34343435', texts: { StudyDescription: 'hos Ågård' } },
      { source: 'Djokovic', pn: 'DJOKOVIC^Novak', pid: 'RS56565657', texts: { StudyDescription: 'pregled Đoković' } },
      // A word that only looks alike stays: Haas is not Has, nor Aaron Aron.
      { ...OTHER, texts: { StudyDescription: 'henvist af HAALAND og Ågård', SeriesDescription: 'Haas and Aaron', ImageComments: 'Dr Djoković' } },
    ],
    after: {
      Haland: { StudyDescription: 'kontroll ID' },
      Aagaard: { StudyDescription: 'hos ID' },
      Djokovic: { StudyDescription: 'pregled ID' },
      Roche: { StudyDescription: 'henvist af ID(Haland) og ID(Aagaard)', SeriesDescription: 'Haas and Aaron', ImageComments: 'Dr ID(Djokovic)' },
    },
    gone: /(?<!\p{L})(?:h(?:aa|å|a)land|(?:aa|å|a)g(?:aa|å|a)rd|(?:dj|đ|d)okovi[cć])(?!\p{L})/iu,
    plant: { source: 'Roche', keyword: 'StudyDescription', tag: '(0008,1030)', value: 'Dr Haaland' },
  },
];

describe('names written outside the BMP, as placeholder words, in NFD, in Windows-1252, with å as aa', { skip }, () => {
  const dir = tempDir('text-forms');
  after(() => (process.env.KEEP_TEST_DIR ? undefined : dir.remove()));

  CASES.forEach((c, n) => {
    describe(c.title, () => {
      const root = join(dir.path, String(n));
      const input = join(root, 'in');
      const output = join(root, 'out');
      const privateDir = `${output}-private`;
      const idOf = (source: string) => idOfSource(privateDir, source);
      const fileOf = (source: string) => {
        const file = listFiles(output).find((f) => f.startsWith(`${idOf(source)}/`) && f.endsWith('.dcm'));
        assert.ok(file, `an output file for ${source}`);
        return file;
      };

      it('replaces the name with the id, keeps every other text, and verifies clean', async () => {
        pydicom(WRITE_INPUT, [CT, input, c.charset, JSON.stringify(c.files)]);
        const run = await runCaptured(['anonymize', input, '--output', output, '--json']);
        assert.equal(run.code, 0, run.stderr);
        for (const [source, texts] of Object.entries(c.after)) {
          const read = JSON.parse(pydicom(READ_TEXTS, [join(output, fileOf(source)), Object.keys(texts).join(',')])) as { named: Record<string, string> };
          const expected = Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, v.replace(/ID\((\w+)\)/g, (_, s: string) => idOf(s)).replace(/\bID\b/g, idOf(source))]));
          assert.deepEqual(read.named, expected, source);
        }
        for (const file of listFiles(output).filter((f) => f.endsWith('.dcm'))) {
          const dump = dcmdump(join(output, file));
          assert.ok(dump.ok, dump.stderr);
          const every = (JSON.parse(pydicom(READ_TEXTS, [join(output, file), 'PatientName'])) as { every: string[] }).every;
          assert.deepEqual(every.filter((value) => c.gone.test(value.normalize('NFC'))), [], file);
        }
        const verify = await runCaptured(['verify', output, '--private-dir', privateDir]);
        assert.equal(verify.code, 0, `${verify.stdout}${verify.stderr}`);
      });

      if (c.plant !== undefined) {
        const plant = c.plant;
        it(`verify names ${plant.tag} where the name is planted back`, async () => {
          const copy = join(root, 'planted');
          cpSync(output, copy, { recursive: true });
          const target = fileOf(plant.source);
          pydicom(PLANT, [join(copy, target), plant.keyword, plant.value]);
          const verify = await runCaptured(['verify', copy, '--private-dir', privateDir]);
          assert.equal(verify.code, 1, `${verify.stdout}${verify.stderr}`);
          assert.ok(verify.stdout.split('\n').some((line) => line.startsWith(`${target}: `) && line.includes(plant.tag)), verify.stdout);
        });
      }
    });
  });
});
