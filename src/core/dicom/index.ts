/**
 * The byte-preserving DICOM codec: `parseDicom` reads a file into byte ranges, `rewriteDicom`
 * writes it back with edits, copying every untouched byte from the source.
 */
export { DEFAULT_LIMITS, type Limits } from './bounds.ts';
export { encodeElement, padValue } from './element-encoding.ts';
export type { DicomElement, DicomFile, Edit, OutputPart } from './model.ts';
export { type ParseOptions, parseDicom } from './reader.ts';
export { type ByteSource, bytesSource } from './source.ts';
export { type Encoding, encodingOf, isDeflated } from './transfer-syntax.ts';
export { joinParts, rewriteDicom } from './writer.ts';
