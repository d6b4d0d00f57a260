import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { corpusDir, corpusUnavailable } from '../../../test/support/corpus.ts';
import { parseDicom } from '../dicom/reader.ts';
import { bytesSource } from '../dicom/source.ts';
import { joinParts, rewriteDicom } from '../dicom/writer.ts';
import { ResidueError } from '../errors.ts';
import { buildNameIndex } from './name-index.ts';
import { planFileEdits } from './plan.ts';
import { plant, utf16le } from './planted.fixture.ts';
import { researchProfile } from './profile.ts';
import { verifyWrittenFile } from './verify.ts';

const skip = corpusUnavailable();
const testFiles = 'pydicom/src/pydicom/data/test_files';
const read = (path: string) => new Uint8Array(readFileSync(join(corpusDir, path)));
const ascii = (text: string) => new TextEncoder().encode(text);

// CT_small.dcm's own patient, and one whose name is planted.
const index = buildNameIndex([
  { id: 'subj_CT', spellings: ['CompressedSamples^CT1'], patientIds: ['1CT1'] },
  { id: 'subj_A', spellings: ['DUPONT^Jean'], patientIds: ['12345'] },
]);

function planted(path: string, tag: number, vr: string, value: Uint8Array): Uint8Array {
  return plant(parseDicom(bytesSource(read(path))), [{ tag, vr, value }]);
}

describe('verifyWrittenFile', { skip }, () => {
  it('finds a patient name in its element, by tag path and id, never by name', () => {
    const findings = verifyWrittenFile(read(`${testFiles}/CT_small.dcm`), index);
    const element = findings.find((f) => f.tagPath === '(0010,0010)');
    assert.equal(element?.patientId, 'subj_CT');
    assert.ok(findings.some((f) => f.tagPath === '(0010,0020)'));
    for (const finding of findings) assert.doesNotMatch(finding.message, /compressed|1ct1/i);
  });

  it('finds nothing in the anonymized file', () => {
    const file = parseDicom(bytesSource(read(`${testFiles}/CT_small.dcm`)));
    const plan = planFileEdits(file, { index, patientId: 'subj_CT', profile: researchProfile({ version: '1' }), hashAccession: () => 'H' });
    assert.deepEqual(verifyWrittenFile(joinParts(rewriteDicom(file, plan.edits), file.source), index, { protect: plan.protect }), []);
  });

  it('finds a name in the preamble by its byte offset', () => {
    const bytes = read(`${testFiles}/CT_small.dcm`);
    bytes.set(ascii('Jean DUPONT'), 16);
    const finding = verifyWrittenFile(bytes, index).find((f) => f.patientId === 'subj_A');
    assert.equal(finding?.offset, 16);
    assert.equal(finding?.where, 'bytes');
    assert.match(finding?.message ?? '', /the preamble/);
  });

  it('clears a preamble that holds a name, and only the preamble', () => {
    const bytes = read(`${testFiles}/CT_small.dcm`);
    bytes.set(ascii('Jean DUPONT'), 16);
    const file = parseDicom(bytesSource(bytes));
    const plan = planFileEdits(file, { index, patientId: 'subj_CT', profile: researchProfile({ version: '1' }), hashAccession: () => 'H' });
    assert.deepEqual(plan.residues, []);
    assert.deepEqual(plan.removed.filter((r) => r.tagPath === 'preamble'), [{ tagPath: 'preamble', reason: 'name-in-binary' }]);
    const written = joinParts(rewriteDicom(file, plan.edits), file.source);
    assert.deepEqual(written.subarray(0, 128), new Uint8Array(128));
    assert.equal(new TextDecoder('latin1').decode(written.subarray(128, 132)), 'DICM');
    assert.deepEqual(verifyWrittenFile(written, index, { protect: plan.protect }), []);
    // Without the name, the same file keeps its preamble as it was.
    const clean = read(`${testFiles}/CT_small.dcm`);
    clean.set(ascii('vendor text'), 16);
    const untouched = parseDicom(bytesSource(clean));
    const kept = joinParts(rewriteDicom(untouched, planFileEdits(untouched, { index, patientId: 'subj_CT', profile: researchProfile({ version: '1' }), hashAccession: () => 'H' }).edits), untouched.source);
    assert.deepEqual(kept.subarray(0, 128), clean.subarray(0, 128));
  });

  it('finds UTF-16LE text in a binary private element', () => {
    const bytes = planted(`${testFiles}/CT_small.dcm`, 0x00331020, 'OB', utf16le('xx Dupont Jean'));
    const finding = verifyWrittenFile(bytes, index).find((f) => f.patientId === 'subj_A');
    assert.equal(finding?.tagPath, '(0033,1020)');
    assert.equal(finding?.encoding, 'utf-16le');
  });

  it('searches the inflated data set of a deflated file', () => {
    const bytes = planted(`${testFiles}/image_dfl.dcm`, 0x00331020, 'OB', ascii('\x01DUPONT\x02'));
    assert.equal(parseDicom(bytesSource(bytes)).deflated, true);
    assert.equal(new TextDecoder('latin1').decode(bytes).includes('DUPONT'), false, 'the name is compressed');
    const finding = verifyWrittenFile(bytes, index).find((f) => f.patientId === 'subj_A');
    assert.equal(finding?.tagPath, '(0033,1020)');
    assert.match(finding?.message ?? '', /inflated offset/);
  });

  it('finds a name spanning two search chunks', () => {
    const bytes = planted(`${testFiles}/CT_small.dcm`, 0x00331020, 'OB', ascii('\x01\x02DUPONT\x02'));
    for (const chunkSize of [3, 64, 1 << 20]) {
      assert.ok(verifyWrittenFile(bytes, index, { chunkSize }).some((f) => f.patientId === 'subj_A'), `chunk ${chunkSize}`);
    }
  });

  it('does not search UIDs, dates or numbers (a PatientID inside a UID is not a name)', () => {
    const bytes = planted(`${testFiles}/CT_small.dcm`, 0x00200052, 'UI', ascii('1.2.840.12345.7'));
    assert.deepEqual(verifyWrittenFile(bytes, index).filter((f) => f.patientId === 'subj_A'), []);
  });

  it('refuses bytes that do not read back as DICOM: they cannot be verified', () => {
    assert.throws(() => verifyWrittenFile(ascii('not a dicom file at all, just text'), index), ResidueError);
  });
});
