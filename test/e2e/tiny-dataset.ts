/**
 * Hand-made patients for the run tests, written with the example's independent DICOM builder:
 * small files whose names and comments a test chooses.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dicomFile, type Element } from '../../src/node/example/dicom-builder.ts';

export interface TinyFile {
  /** Path under the input folder. */
  path: string;
  name: string;
  patientId: string;
  birthDate?: string;
  comments?: string;
  /** Pixel bytes (the default is a recognisable pattern of 4 KiB). */
  pixels?: Uint8Array;
  /** More top-level elements, put in tag order. */
  extra?: Element[];
}

let counter = 0;

export function tinyDicom(file: TinyFile): Uint8Array {
  counter += 1;
  const sop = `2.25.${1000 + counter}`;
  const pixels = file.pixels ?? new Uint8Array(4096).map((_, i) => (i * 7 + counter) & 0xff);
  const dataset: Element[] = [
    { tag: 0x00080005, vr: 'CS', value: 'ISO_IR 100' },
    { tag: 0x00080016, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' },
    { tag: 0x00080018, vr: 'UI', value: sop },
    { tag: 0x00080020, vr: 'DA', value: '20200102' },
    { tag: 0x00080060, vr: 'CS', value: 'CT' },
    { tag: 0x00100010, vr: 'PN', value: file.name },
    { tag: 0x00100020, vr: 'LO', value: file.patientId },
    { tag: 0x00100030, vr: 'DA', value: file.birthDate ?? '19700101' },
    { tag: 0x00100040, vr: 'CS', value: 'F' },
    { tag: 0x00104000, vr: 'LT', value: file.comments ?? 'no comment' },
    { tag: 0x00280010, vr: 'US', value: 32 },
    { tag: 0x00280011, vr: 'US', value: 64 },
    { tag: 0x00280100, vr: 'US', value: 16 },
    { tag: 0x7fe00010, vr: 'OW', value: pixels },
  ];
  dataset.push(...(file.extra ?? []));
  dataset.sort((a, b) => a.tag - b.tag);
  return dicomFile({ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUid: sop, transferSyntaxUid: '1.2.840.10008.1.2.1' }, dataset, { implicit: false, charset: 'ISO_IR 100', undefinedLengths: false });
}

/** Writes the files under `root`. */
export function writeTiny(root: string, files: readonly TinyFile[]): void {
  for (const file of files) {
    const path = join(root, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, tinyDicom(file));
  }
}
