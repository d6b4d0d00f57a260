/**
 * Private elements of implicit-VR files carry the vendor dictionary's VR; a name in them is found
 * whatever that VR says, since the file itself never said it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ascii, type BuildElement, encodeDataset, part10 } from '../../../test/codec/dataset-builder.ts';
import { parseDicom } from '../dicom/reader.ts';
import { bytesSource } from '../dicom/source.ts';
import { joinParts, rewriteDicom } from '../dicom/writer.ts';
import { buildNameIndex } from './name-index.ts';
import { planFileEdits } from './plan.ts';
import { researchProfile } from './profile.ts';
import { verifyWrittenFile } from './verify.ts';

const index = buildNameIndex([{ id: 'subj_A', spellings: ['DUPONT^Jean'], patientIds: ['PAT12345'] }]);
const context = { index, patientId: 'subj_A', profile: researchProfile({ version: '9.9.9' }), hashAccession: (value: string) => `H${value.length}X` };

const dataset: BuildElement[] = [
  { tag: 0x00080005, vr: 'CS', value: ascii('ISO_IR 100') },
  { tag: 0x00090010, vr: 'LO', value: ascii('GEMS_IDEN_01') },
  // LO by GE's dictionary: replaced in place as text.
  { tag: 0x00091001, vr: 'LO', value: ascii('seen by Jean DUPONT ') },
  // US by GE's dictionary, yet the bytes are a name.
  { tag: 0x0009101a, vr: 'US', value: ascii('DUPONT^JEAN ') },
  // SL by GE's dictionary, yet the bytes are the PatientID.
  { tag: 0x00091027, vr: 'SL', value: ascii('PAT12345') },
  { tag: 0x00100010, vr: 'PN', value: ascii('DUPONT^JEAN ') },
  { tag: 0x00100020, vr: 'LO', value: ascii('PAT12345') },
];

describe('names in implicit-VR private elements', () => {
  const input = part10('1.2.840.10008.1.2', encodeDataset(dataset, { explicitVr: false, littleEndian: true }));
  const file = parseDicom(bytesSource(input));
  const output = joinParts(rewriteDicom(file, planFileEdits(file, context).edits), file.source);
  const written = parseDicom(bytesSource(output));
  const latin1 = new TextDecoder('latin1');

  it('are found before anonymization (the test can fail)', () => {
    const findings = verifyWrittenFile(input, index);
    for (const tag of ['(0009,101A)', '(0009,1027)', '(0009,1001)']) assert.ok(findings.some((f) => f.tagPath?.includes(tag)), tag);
  });

  it('are replaced in a vendor text element, and the element keeps its value otherwise', () => {
    assert.equal(written.get(0x00091001)?.vr, 'LO');
    assert.equal(latin1.decode(written.get(0x00091001)?.value()).trimEnd(), 'seen by subj_A');
  });

  it('are gone from elements the vendor calls numbers, and verification finds nothing', () => {
    assert.deepEqual(verifyWrittenFile(output, index), []);
    assert.doesNotMatch(latin1.decode(output), /dupont|PAT12345/i);
  });
});
