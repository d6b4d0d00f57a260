/**
 * One synthetic DICOM file: the elements of a CT or MR image with the patient's name hidden
 * where the plan says (free text, a sequence at depth, private text and binary elements).
 */
import { type Charset, dicomFile, type Element, encodeText, IMPLICIT_VR_LE } from './dicom-builder.ts';

export const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
export const MR_IMAGE = '1.2.840.10008.5.1.4.1.1.4';
export const PRIVATE_CREATOR = 'DICOMVEIL SYNTH';

/** Everything one file says; `undefined` texts are written neutral. */
export interface FileSpec {
  modality: 'CT' | 'MR';
  transferSyntaxUid: string;
  charset: Charset;
  undefinedLengths: boolean;
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  instanceNumber: number;
  /** Absent when the file has no PatientName element. */
  patientName: string | undefined;
  otherPatientNames: string | undefined;
  patientId: string;
  birthDate: string;
  sex: 'M' | 'F';
  age: string;
  studyDate: string;
  accessionNumber: string;
  studyDescription: string;
  imageComments: string;
  patientComments: string;
  additionalHistory: string;
  requestedDescription: string;
  codeMeaning: string;
  privateText: string;
  privateBinary: Uint8Array;
  rows: number;
  columns: number;
  pixels: Uint8Array;
}

/** The file's bytes. */
export function renderFile(spec: FileSpec): Uint8Array {
  const text = (tag: number, vr: 'AE' | 'AS' | 'CS' | 'DA' | 'DS' | 'IS' | 'LO' | 'LT' | 'PN' | 'SH' | 'TM' | 'UI', value: string): Element => ({ tag, vr, value });
  const sopClass = spec.modality === 'CT' ? CT_IMAGE : MR_IMAGE;
  const dataset: Element[] = [
    text(0x00080005, 'CS', spec.charset),
    text(0x00080008, 'CS', 'ORIGINAL\\PRIMARY\\AXIAL'),
    text(0x00080016, 'UI', sopClass),
    text(0x00080018, 'UI', spec.sopInstanceUid),
    text(0x00080020, 'DA', spec.studyDate),
    text(0x00080030, 'TM', '101500'),
    text(0x00080050, 'SH', spec.accessionNumber),
    text(0x00080060, 'CS', spec.modality),
    text(0x00080080, 'LO', 'HOPITAL NORD'),
    text(0x00080090, 'PN', 'DR^HOUSE'),
    text(0x00081030, 'LO', spec.studyDescription),
    text(0x0008103e, 'LO', spec.modality === 'CT' ? 'AXIAL 1.25' : 'T1 AXIAL'),
    text(0x00100020, 'LO', spec.patientId),
    text(0x00100030, 'DA', spec.birthDate),
    text(0x00100040, 'CS', spec.sex),
    text(0x00101010, 'AS', spec.age),
    text(0x00101020, 'DS', '1.72'),
    text(0x00101030, 'DS', '68.5'),
    text(0x00101040, 'LO', '12 RUE DES LILAS'),
    text(0x00102154, 'SH', '0102030405'),
    { tag: 0x001021b0, vr: 'LT', value: spec.additionalHistory },
    { tag: 0x00104000, vr: 'LT', value: spec.patientComments },
    text(0x00180050, 'DS', '1.25'),
    text(0x0020000d, 'UI', spec.studyInstanceUid),
    text(0x0020000e, 'UI', spec.seriesInstanceUid),
    text(0x00200010, 'SH', '1'),
    text(0x00200011, 'IS', '1'),
    text(0x00200013, 'IS', String(spec.instanceNumber)),
    { tag: 0x00204000, vr: 'LT', value: spec.imageComments },
    { tag: 0x00280002, vr: 'US', value: 1 },
    text(0x00280004, 'CS', 'MONOCHROME2'),
    { tag: 0x00280010, vr: 'US', value: spec.rows },
    { tag: 0x00280011, vr: 'US', value: spec.columns },
    { tag: 0x00280100, vr: 'US', value: 16 },
    { tag: 0x00280101, vr: 'US', value: 16 },
    { tag: 0x00280102, vr: 'US', value: 15 },
    { tag: 0x00280103, vr: 'US', value: 0 },
    text(0x00330010, 'LO', PRIVATE_CREATOR),
    text(0x00331013, 'LO', spec.privateText),
    { tag: 0x00331014, vr: 'OB', value: spec.privateBinary },
    {
      tag: 0x00400275, vr: 'SQ', // RequestAttributesSequence > ScheduledProtocolCodeSequence: depth 2
      value: [[
        text(0x00400007, 'LO', spec.requestedDescription),
        text(0x00400009, 'SH', 'SPS1'),
        { tag: 0x00400008, vr: 'SQ', value: [[text(0x00080100, 'SH', 'P1'), text(0x00080102, 'SH', '99SYNTH'), text(0x00080104, 'LO', spec.codeMeaning)]] },
      ]],
    },
    { tag: 0x7fe00010, vr: 'OW', value: spec.pixels },
  ];
  if (spec.patientName !== undefined) dataset.push(text(0x00100010, 'PN', spec.patientName));
  if (spec.otherPatientNames !== undefined) dataset.push(text(0x00101001, 'PN', spec.otherPatientNames));
  const options = { implicit: spec.transferSyntaxUid === IMPLICIT_VR_LE, charset: spec.charset, undefinedLengths: spec.undefinedLengths };
  return dicomFile({ sopClassUid: sopClass, sopInstanceUid: spec.sopInstanceUid, transferSyntaxUid: spec.transferSyntaxUid }, dataset, options);
}

/** Binary private bytes with a name embedded in them (Latin-1), as vendors' blobs carry. */
export function binaryWithName(noise: Uint8Array, name: string | undefined): Uint8Array {
  const out = new Uint8Array(noise);
  if (name !== undefined) out.set(encodeText(name, 'ISO_IR 100').subarray(0, out.length - 8), 8);
  return out;
}
