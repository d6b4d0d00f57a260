import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { deflateSync } from 'fflate';
import { ascii, type BuildElement, encodeDataset, part10 } from '../../../test/codec/dataset-builder.ts';
import { pydicom, pydicomUnavailable } from '../../../test/support/checkers.ts';
import type { DicomElement, DicomFile, NewElement } from './model.ts';
import { parseDicom } from './reader.ts';
import { bytesSource } from './source.ts';
import { joinParts, rewriteDicom } from './writer.ts';

const SYNTAXES = [
  ['explicit LE', '1.2.840.10008.1.2.1', { explicitVr: true, littleEndian: true }],
  ['implicit LE', '1.2.840.10008.1.2', { explicitVr: false, littleEndian: true }],
  ['explicit BE', '1.2.840.10008.1.2.2', { explicitVr: true, littleEndian: false }],
  ['deflated', '1.2.840.10008.1.2.1.99', { explicitVr: true, littleEndian: true }],
] as const;

const CODE: NewElement[] = [
  { tag: 0x00080104, vr: 'LO', value: ascii('Basic Application Confidentiality Profile') },
  { tag: 0x00080100, vr: 'SH', value: ascii('113100') },
  { tag: 0x00080102, vr: 'SH', value: ascii('DCM') },
];
const OPTION: NewElement[] = [
  { tag: 0x00080100, vr: 'SH', value: ascii('113107') },
  { tag: 0x00080102, vr: 'SH', value: ascii('DCM') },
  { tag: 0x00080104, vr: 'LO', value: ascii('Retain Longitudinal With Modified Dates Option') },
];

function source(name: string, syntax: string, encoding: { explicitVr: boolean; littleEndian: boolean }): DicomFile {
  const elements: BuildElement[] = [
    { tag: 0x00080060, vr: 'CS', value: ascii('CT') },
    { tag: 0x00081140, vr: 'SQ', items: [[{ tag: 0x00081155, vr: 'UI', value: ascii('1.2.3.4\0') }], [{ tag: 0x00081155, vr: 'UI', value: ascii('1.2.3.5\0') }]] },
    { tag: 0x00100010, vr: 'PN', value: ascii(`Seq^${name.replace(/\W/g, '')}`) },
    { tag: 0x00400275, vr: 'SQ', items: [[{ tag: 0x00081110, vr: 'SQ', items: [[{ tag: 0x00081150, vr: 'UI', value: ascii('1.2.840.10008.3.1.2.3.1\0') }]] }]] },
  ];
  const dataset = encodeDataset(elements, encoding);
  return parseDicom(bytesSource(part10(syntax, syntax.endsWith('.99') ? deflateSync(dataset) : dataset)));
}

const dir = mkdtempSync(join(tmpdir(), 'dicomveil-seq-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('inserting and replacing sequences', () => {
  it('writes a new top-level sequence and replaces nested ones, in every transfer syntax, as pydicom reads them', (t) => {
    const skip = pydicomUnavailable();
    if (skip) return t.skip(skip);
    const paths: string[] = [];
    for (const [name, syntax, encoding] of SYNTAXES) {
      const file = source(name, syntax, encoding);
      const find = (path: string) => [...file.elements()].find((element: DicomElement) => element.path === path)!;
      const bytes = joinParts(
        rewriteDicom(file, [
          { op: 'insert-sequence', tag: 0x00120064, items: [CODE, OPTION] },
          // One empty item in place of two; a nested sequence emptied.
          { op: 'set-items', element: find('(0008,1140)'), items: [[]] },
          { op: 'set-items', element: find('(0040,0275)[0].(0008,1110)'), items: [] },
          // An edit inside a replaced sequence is dropped with its items.
          { op: 'set', element: find('(0008,1140)[0].(0008,1155)'), value: ascii('9.9') },
        ]),
        file.source,
      );
      const path = join(dir, `${name.replace(/\W/g, '-')}.dcm`);
      writeFileSync(path, bytes);
      paths.push(path);
    }
    const out = pydicom(
      `import sys, pydicom
for p in sys.argv[1:]:
    ds = pydicom.dcmread(p)
    codes = [(i.CodeValue, i.CodingSchemeDesignator, i.CodeMeaning) for i in ds.DeidentificationMethodCodeSequence]
    print(repr((str(ds.PatientName), codes, len(ds.ReferencedImageSequence), len(ds.ReferencedImageSequence[0]), len(ds.RequestAttributesSequence[0].ReferencedStudySequence), ds.Modality)))`,
      paths,
    ).trim().split('\n');
    assert.equal(out.length, SYNTAXES.length);
    for (const [i, [name]] of SYNTAXES.entries()) {
      assert.equal(
        out[i],
        `('Seq^${name.replace(/\W/g, '')}', [('113100', 'DCM', 'Basic Application Confidentiality Profile'), ('113107', 'DCM', 'Retain Longitudinal With Modified Dates Option')], 1, 0, 0, 'CT')`,
        name,
      );
    }
  });
});
