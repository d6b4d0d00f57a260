/**
 * Entry point of the reader (PS3.10 §7): preamble and `DICM`, the file meta group, then the data
 * set in whatever encoding it really has. Files without preamble, without meta group, or whose
 * meta group lacks a transfer syntax are read as dcmtk and pydicom read them.
 */
import { DicomParseError } from '../errors.ts';
import { DEFAULT_LIMITS, fail, type Limits } from './bounds.ts';
import { readDataset } from './dataset-reader.ts';
import { inflateBounded } from './deflate.ts';
import { detectEncoding, scanMetaEnd } from './encoding-detection.ts';
import type { DicomElement, DicomFile, ElementNode } from './model.ts';
import { bytesSource, type ByteSource } from './source.ts';
import { EXPLICIT_LE, type Encoding, encodingOf, isDeflated } from './transfer-syntax.ts';
import { Window } from './window.ts';

/** Parser settings; every field has a default (see {@link DEFAULT_LIMITS}). */
export type ParseOptions = Partial<Limits>;

const TRANSFER_SYNTAX_UID = 0x00020010;
const LATIN1 = new TextDecoder('latin1');

/** A parsed file (see {@link DicomFile}); the writer reads its internals. */
export class ParsedFile implements DicomFile {
  private byTag: ElementNode[] | Map<number, ElementNode> | undefined;

  constructor(
    readonly source: ByteSource,
    readonly transferSyntaxUid: string,
    readonly encoding: Encoding,
    readonly hasPreamble: boolean,
    /** Where the meta group starts and ends in `source`. */
    readonly metaStart: number,
    readonly metaEnd: number,
    /** Where the data set starts in `datasetSource`. */
    readonly datasetStart: number,
    /** The stream the data set's offsets refer to: `source`, or the inflated bytes. */
    readonly datasetSource: ByteSource,
    readonly metaElements: ElementNode[],
    readonly datasetElements: ElementNode[],
    readonly all: ElementNode[],
    /** The stream ended inside a sequence, item or fragments: nothing can be appended after them. */
    readonly endsInsideContainer: boolean,
    readonly trailingJunk: { readonly offset: number; readonly length: number } | undefined,
  ) {}

  /** Where the data set ends in `datasetSource`: its size, or where trailing junk starts. */
  get datasetEnd(): number {
    return this.trailingJunk?.offset ?? this.datasetSource.size;
  }

  get deflated(): boolean {
    return this.datasetSource !== this.source;
  }

  elements(): Iterable<DicomElement> {
    return this.all;
  }

  get(tag: number): DicomElement | undefined {
    if (!this.byTag) this.byTag = this.indexByTag();
    if (this.byTag instanceof Map) return this.byTag.get(tag);
    // Tags in ascending order, as PS3.5 has them: a binary search, with no map built per file.
    const wanted = tag >>> 0;
    const top = this.byTag;
    let low = 0;
    let high = top.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const at = top[middle]!.tag >>> 0;
      if (at === wanted) return top[middle];
      if (at < wanted) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /** The top-level elements, when their tags ascend strictly; else a map in which the last of a tag wins. */
  private indexByTag(): ElementNode[] | Map<number, ElementNode> {
    const top = this.metaElements.concat(this.datasetElements);
    for (let i = 1; i < top.length; i++) {
      if (top[i - 1]!.tag >>> 0 < top[i]!.tag >>> 0) continue;
      const byTag = new Map<number, ElementNode>();
      for (const element of top) byTag.set(element.tag, element);
      return byTag;
    }
    return top;
  }
}

function hasDicmPrefix(window: Window): boolean {
  return window.size >= 132 && window.uint32(128, false) === 0x4449434d;
}

/** Read through the window: a source may reuse one buffer, which the window's view would share. */
function readTransferSyntax(window: Window, meta: readonly ElementNode[]): string | undefined {
  const element = meta.find((candidate) => candidate.tag === TRANSFER_SYNTAX_UID);
  if (!element || element.valueLength > 128) return undefined;
  return LATIN1.decode(window.copy(element.valueOffset, element.valueLength)).replace(/[\0\s]+$/, '').trim();
}

/**
 * Parses a DICOM file lazily: elements are byte ranges of `source`, values are read on demand.
 * @throws DicomParseError with the byte offset and tag path of the first problem.
 * @example
 * const file = parseDicom(bytesSource(bytes));
 * const name = file.get(0x00100010)?.value();
 */
export function parseDicom(source: ByteSource, options: ParseOptions = {}): DicomFile {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options };
  try {
    return parse(source, limits);
  } catch (error) {
    if (error instanceof DicomParseError) throw error;
    if (error instanceof RangeError) {
      // Our checks come before every read; this is a defect, still reported as a broken file.
      throw new DicomParseError('E_UNREADABLE', `unreadable structure: ${error.message}`, {}, { cause: error });
    }
    throw error;
  }
}

function parse(source: ByteSource, limits: Limits): ParsedFile {
  const window = new Window(source);
  const all: ElementNode[] = [];
  const hasPreamble = hasDicmPrefix(window);
  const metaStart = hasPreamble ? 132 : 0;
  const metaEnd = scanMetaEnd(window, metaStart);
  if (hasPreamble === false && metaEnd === metaStart && source.size < 8) fail('E_NOT_DICOM', 'too short to be DICOM', 0);
  const metaElements: ElementNode[] = [];
  readDataset({ window, limits, all, inMeta: true }, metaElements, metaStart, metaEnd, EXPLICIT_LE);
  const declared = readTransferSyntax(window, metaElements);
  let datasetSource = source;
  let datasetWindow = window;
  let datasetStart = metaEnd;
  if (declared !== undefined && isDeflated(declared)) {
    if (source.size - metaEnd > limits.maxInflatedSize) fail('E_INFLATE_TOO_LARGE', 'deflated data set larger than the inflation cap', metaEnd);
    const compressed = new Uint8Array(source.read(metaEnd, source.size - metaEnd));
    datasetSource = bytesSource(inflateBounded(compressed, limits.maxInflatedSize, metaEnd));
    datasetWindow = new Window(datasetSource);
    datasetStart = 0;
  }
  const encoding = detectEncoding(datasetWindow, datasetStart, declared === undefined ? undefined : encodingOf(declared), metaElements.length > 0);
  const datasetElements: ElementNode[] = [];
  const read = readDataset({ window: datasetWindow, limits, all, inMeta: false, allowTrailingJunk: true }, datasetElements, datasetStart, datasetSource.size, encoding);
  const junk = read.junkStart === undefined ? undefined : { offset: read.junkStart, length: datasetSource.size - read.junkStart };
  const transferSyntaxUid = declared ?? (encoding.explicitVr ? (encoding.littleEndian ? '1.2.840.10008.1.2.1' : '1.2.840.10008.1.2.2') : '1.2.840.10008.1.2');
  return new ParsedFile(source, transferSyntaxUid, encoding, hasPreamble, metaStart, metaEnd, datasetStart, datasetSource, metaElements, datasetElements, all, read.endedInsideContainer, junk);
}
