/**
 * Every real file of the shared corpus, its own PatientName and PatientID as the known patient
 * (plus another patient): plan → rewrite → verify finds nothing, dcmdump and pydicom read the
 * output, pydicom sees the id as PatientName, and every element the plan did not touch is
 * byte-identical, pixel data included.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { dcmdump, dcmdumpUnavailable, pydicom, pydicomUnavailable } from '../../../test/support/checkers.ts';
import { corpusEntries, corpusUnavailable } from '../../../test/support/corpus.ts';
import { decodeText } from '../dicom/charset.ts';
import type { DicomElement, DicomFile } from '../dicom/model.ts';
import { parseDicom } from '../dicom/reader.ts';
import { bytesSource } from '../dicom/source.ts';
import { joinParts, rewriteDicom } from '../dicom/writer.ts';
import { buildNameIndex } from './name-index.ts';
import { planFileEdits } from './plan.ts';
import { researchProfile } from './profile.ts';
import { streamOf } from './searched.ts';
import { verifyWrittenFile } from './verify.ts';

const skip = corpusUnavailable() ?? dcmdumpUnavailable() ?? pydicomUnavailable();
const DICOMDIR_CLASS = '1.2.840.10008.1.3.10';
const ID = 'subj_K7Q2M9XW';
const profile = researchProfile({ version: '0.0.0-test' });

function textOf(file: DicomFile, tag: number): string {
  const element = file.get(tag);
  if (element === undefined || element.isBulk || element.isSequence) return '';
  return decodeText(element.value(), element.charsets, element.vr).replace(/[\0 ]+$/, '').trim();
}

/** A value's bytes, bulk included (read from its stream). */
function valueBytes(file: DicomFile, element: DicomElement): Uint8Array {
  return new Uint8Array(streamOf(file, element).read(element.valueOffset, element.valueLength));
}

interface Case {
  path: string;
  input: string;
  output: string;
}

describe('anonymizing every corpus file', { skip }, () => {
  const work = mkdtempSync(join(tmpdir(), 'dicomveil-corpus-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  const cases: Case[] = [];

  for (const entry of corpusEntries()) {
    let file: DicomFile;
    try {
      file = parseDicom(bytesSource(readFileSync(entry.absolutePath)));
    } catch {
      continue; // unparsable files are the codec's tests
    }
    if (textOf(file, 0x00080016) === DICOMDIR_CLASS || textOf(file, 0x00020002) === DICOMDIR_CLASS) continue;

    it(entry.path, () => {
      const name = textOf(file, 0x00100010);
      const patientId = textOf(file, 0x00100020);
      const index = buildNameIndex([
        { id: ID, spellings: name ? [name] : [], patientIds: patientId ? [patientId] : [] },
        { id: 'subj_OTHER001', spellings: ['MARTIN^Claire'], patientIds: ['B-98765'] },
      ]);
      const plan = planFileEdits(file, { index, patientId: ID, profile, hashAccession: () => 'HASHED0001' });
      assert.deepEqual(plan.residues.map((r) => r.message), []);
      const bytes = joinParts(rewriteDicom(file, plan.edits), file.source);
      assert.deepEqual(verifyWrittenFile(bytes, index, { protect: plan.protect }).map((f) => f.message), []);

      // Untouched elements, bulk data included, are byte-identical.
      const out = parseDicom(bytesSource(bytes));
      const outByPath = new Map([...out.elements()].map((element) => [`${element.inMeta}${element.path}`, element]));
      const touched = new Set(plan.edits.flatMap((edit) => ('element' in edit ? [`${edit.element.inMeta}${edit.element.path}`] : [])));
      const removed = plan.edits.flatMap((edit) => (edit.op === 'remove' ? [edit.element] : []));
      let compared = 0;
      for (const element of file.elements()) {
        const key = `${element.inMeta}${element.path}`;
        if (element.isSequence || touched.has(key) || (element.tag & 0xffff) === 0) continue;
        if (removed.some((r) => r.inMeta === element.inMeta && r.offset <= element.offset && element.end <= r.end)) continue;
        const copy = outByPath.get(key);
        assert.ok(copy, `${element.path} is missing from the output`);
        assert.deepEqual(valueBytes(out, copy), valueBytes(file, element), `${element.path} changed`);
        compared++;
      }
      assert.ok(compared > 0);

      const output = join(work, `${cases.length}.dcm`);
      writeFileSync(output, bytes);
      cases.push({ path: entry.path, input: entry.absolutePath, output });
    });
  }

  it('dcmdump reads every output it could read as input', () => {
    assert.ok(cases.length > 50, `only ${cases.length} files anonymized`);
    const unreadable = cases.filter((c) => !dcmdump(c.output).ok && dcmdump(c.input).ok).map((c) => c.path);
    assert.deepEqual(unreadable, []);
  });

  it('pydicom reads every output and sees the id as PatientName and PatientID', () => {
    const script = `
import sys, pydicom
for path in sys.argv[1:]:
    ds = pydicom.dcmread(path, force=True)
    print(str(ds.get('PatientName', 'ABSENT')) + '|' + str(ds.get('PatientID', 'ABSENT')))
`;
    const lines = pydicom(script, cases.map((c) => c.output)).trim().split('\n');
    const wrong = cases.filter((_, i) => lines[i] !== `${ID}|${ID}`).map((c, i) => `${c.path}: ${lines[i]}`);
    assert.deepEqual(wrong, []);
  });
});
