/**
 * Names from real DICOM files of the shared corpus, decoded by pydicom (an independent reader of
 * Specific Character Set), through spellings, grouping and linking.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pydicom, pydicomUnavailable } from '../../../test/support/checkers.ts';
import { corpusDir, corpusUnavailable } from '../../../test/support/corpus.ts';
import { groupIdentities } from './group.ts';
import { linkPatients } from './link.ts';
import { personNameSpellings } from './name.ts';

const FILES = ['chrH31', 'chrH32', 'chrI2', 'chrKoreanMulti', 'chrX1', 'chrX2', 'chrGerm', 'chrGreek', 'chrArab', 'chrHbrw'];
const skip = corpusUnavailable() ?? pydicomUnavailable();

function patientNames(): Map<string, string> {
  const paths = FILES.map((name) => join(corpusDir, 'pydicom/src/pydicom/data/charset_files', `${name}.dcm`));
  const script = `import sys, json, pydicom
print(json.dumps([str(pydicom.dcmread(p, stop_before_pixels=True).PatientName) for p in sys.argv[1:]]))`;
  const names = JSON.parse(pydicom(script, paths)) as string[];
  return new Map(FILES.map((file, i) => [file, names[i]!]));
}

describe('names of real files (pydicom-decoded)', { skip }, () => {
  const names = skip ? new Map<string, string>() : patientNames();
  const identity = (file: string, source = 'one-source') => ({ key: file, names: personNameSpellings(names.get(file)!), source });

  test('each PN component group is a spelling, ideographic and phonetic kept as written', () => {
    assert.deepEqual(personNameSpellings(names.get('chrH31')!), ['Yamada^Tarou', '山田^太郎', 'やまだ^たろう']);
    assert.deepEqual(personNameSpellings(names.get('chrI2')!), ['Hong^Gildong', '洪^吉洞', '홍^길동']);
  });

  test('romaji, half-width katakana and kanji spellings of one patient group together; others stay apart', () => {
    const grouping = groupIdentities(['chrH31', 'chrH32', 'chrI2', 'chrKoreanMulti', 'chrX1', 'chrX2'].map((file) => identity(file)), { distance: 0.2 });
    const together = grouping.patients.map((patient) => patient.members.map((member) => member.key).sort().join('+')).sort();
    assert.deepEqual(together, ['chrH31+chrH32', 'chrI2', 'chrKoreanMulti', 'chrX1+chrX2']);
  });

  test('link to spreadsheet rows written in another script or without accents', () => {
    const rows = [
      { row: 2, name: 'ヤマダ タロウ' },
      { row: 3, name: '홍길동' },
      { row: 4, name: 'Rüdiger Aeneas' },
      { row: 5, name: 'Dionysios' },
      { row: 6, name: 'נזאר קבאני' },
      { row: 7, name: 'דבורה שרון' },
    ];
    const patients = ['chrH32', 'chrI2', 'chrGerm', 'chrGreek', 'chrHbrw'].map((file) => ({ names: personNameSpellings(names.get(file)!) }));
    const linked = linkPatients(patients, rows, { distance: 0.2 }).map((outcome) => (outcome.status === 'linked' ? outcome.row : `${outcome.status} ${'row' in outcome ? outcome.row : ''}`));
    // The Greek name is one word on both sides: without the same birth date, only a suggestion.
    assert.deepEqual(linked, [2, 3, 4, 'suggested 5', 7]);
  });
});
