/**
 * Risk flags: files whose pixels may show a name that no byte search can see (burned-in text,
 * screenshots, secondary captures, ultrasound and angiography cines, dose screens). They are
 * reported, not excluded: users must look at them. Also the encapsulated documents that
 * `--documents` decides about.
 */
import type { DicomElement, DicomFile } from '../dicom/model.ts';

export type RiskFlag =
  /** BurnedInAnnotation (0028,0301) is YES. */
  | 'burned-in-annotation'
  /** Modality SC or OT, or a Secondary Capture SOP class. */
  | 'secondary-capture'
  /** ImageType holds SECONDARY or SCREEN SAVE. */
  | 'secondary-image'
  /** An ultrasound or X-ray angiography file with several frames. */
  | 'cine'
  /** A radiation dose structured report, or a "dose" series (often a screenshot of the console). */
  | 'dose-report';

/** What `--documents` is about: a file whose payload is a document we cannot verify. */
export type DocumentKind = 'pdf' | 'cda' | 'other';

const SOP_CLASS_UID = 0x00080016;
const IMAGE_TYPE = 0x00080008;
const MODALITY = 0x00080060;
const SERIES_DESCRIPTION = 0x0008103e;
const NUMBER_OF_FRAMES = 0x00280008;
const BURNED_IN_ANNOTATION = 0x00280301;
const ENCAPSULATED_DOCUMENT = 0x00420011;
const MIME_TYPE_OF_DOCUMENT = 0x00420012;

const SECONDARY_CAPTURE = /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.7(\.[1-4])?$/;
const DOSE_SR = new Set([
  '1.2.840.10008.5.1.4.1.1.88.67', // X-Ray Radiation Dose SR
  '1.2.840.10008.5.1.4.1.1.88.68', // Radiopharmaceutical Radiation Dose SR
  '1.2.840.10008.5.1.4.1.1.88.75', // Enhanced X-Ray Radiation Dose SR
  '1.2.840.10008.5.1.4.1.1.88.76', // Patient Radiation Dose SR
]);
const CINE_CLASSES = new Set([
  '1.2.840.10008.5.1.4.1.1.3.1', // Ultrasound Multi-frame Image
  '1.2.840.10008.5.1.4.1.1.12.1', // X-Ray Angiographic Image
  '1.2.840.10008.5.1.4.1.1.12.1.1', // Enhanced XA Image
]);
const PDF_CLASS = '1.2.840.10008.5.1.4.1.1.104.1';
const CDA_CLASS = '1.2.840.10008.5.1.4.1.1.104.2';
const DOCUMENT_CLASS = /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.104\.\d+$/;

const ascii = new TextDecoder('latin1');
/** Values above this size are not flags' business (a lying header must not make us read much). */
const MAX_FLAG_VALUE = 1024;

/** A top-level value as trimmed text (these attributes are ASCII by definition), or ''. */
function text(file: DicomFile, tag: number): string {
  const element: DicomElement | undefined = file.get(tag);
  if (element === undefined || element.isSequence || element.isBulk || element.valueLength > MAX_FLAG_VALUE) return '';
  return ascii.decode(element.value()).replace(/[\0\s]+$/, '').trim();
}

/** The risk flags of one file, in a fixed order. */
export function riskFlags(file: DicomFile): RiskFlag[] {
  const flags: RiskFlag[] = [];
  const sopClass = text(file, SOP_CLASS_UID);
  const modality = text(file, MODALITY).toUpperCase();
  const imageType = text(file, IMAGE_TYPE).toUpperCase().split('\\').map((part) => part.trim());
  const frames = Number.parseInt(text(file, NUMBER_OF_FRAMES), 10);
  if (text(file, BURNED_IN_ANNOTATION).toUpperCase() === 'YES') flags.push('burned-in-annotation');
  if (modality === 'SC' || modality === 'OT' || SECONDARY_CAPTURE.test(sopClass)) flags.push('secondary-capture');
  if (imageType.includes('SECONDARY') || imageType.includes('SCREEN SAVE')) flags.push('secondary-image');
  if ((modality === 'US' || modality === 'XA' || CINE_CLASSES.has(sopClass)) && frames > 1) flags.push('cine');
  // RT Dose grids are dose too, but computed volumes, not screens or reports.
  const doseSeries = modality !== 'RTDOSE' && /\bdose\b/i.test(text(file, SERIES_DESCRIPTION));
  if (DOSE_SR.has(sopClass) || doseSeries) flags.push('dose-report');
  return flags;
}

/** The kind of encapsulated document a file carries, or undefined for an ordinary file. */
export function documentKind(file: DicomFile): DocumentKind | undefined {
  const sopClass = text(file, SOP_CLASS_UID);
  const mime = text(file, MIME_TYPE_OF_DOCUMENT).toLowerCase();
  if (sopClass === PDF_CLASS || mime === 'application/pdf') return 'pdf';
  if (sopClass === CDA_CLASS || mime.includes('xml')) return 'cda';
  if (DOCUMENT_CLASS.test(sopClass) || file.get(ENCAPSULATED_DOCUMENT) !== undefined) return 'other';
  return undefined;
}
