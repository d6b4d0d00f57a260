/**
 * What the parser produces: a tree of elements and items that are byte ranges of their source,
 * and the edits the writer applies to it. Nothing here holds a value unless asked for it.
 */
import { InternalError } from '../errors.ts';
import { formatTag } from './dictionary.ts';
import type { ByteSource } from './source.ts';
import type { Encoding } from './transfer-syntax.ts';

/** One data element, at any depth; its value is read from the source only by {@link value}. */
export interface DicomElement {
  readonly tag: number;
  /** The VR to interpret the value with: the file's, or the dictionary's for implicit VR and UN. */
  readonly vr: string;
  /** The VR bytes as found in the file, valid or not (two spaces…); undefined for implicit VR. */
  readonly encodedVr: string | undefined;
  /** Tag path such as `(0008,1115)[0].(0010,0010)`. */
  readonly path: string;
  /** Number of enclosing sequences (0 for the top-level data set and the meta group). */
  readonly depth: number;
  readonly inMeta: boolean;
  /**
   * A value kept as a byte range and never read into memory: fragments, and any value over the
   * parse's `bulkThreshold`. Purely mechanical; which elements are bulk data to anonymization
   * (never searched, copied verbatim) is `isBulkDataAt` in core/anonymize/searched.ts.
   */
  readonly isBulk: boolean;
  readonly isSequence: boolean;
  /** Encapsulated pixel data: undefined length, a sequence of fragments. */
  readonly isEncapsulated: boolean;
  /** Specific Character Set terms in effect here (an item may declare its own); [] = default. */
  readonly charsets: readonly string[];
  /** The private creator of this element's block, for private elements (gggg odd, eeee ≥ 1000). */
  readonly privateCreator: string | undefined;
  /** Offset of the element's first header byte, in its stream (the inflated stream if deflated). */
  readonly offset: number;
  readonly valueOffset: number;
  /** Bytes of value content; for undefined lengths, up to (not including) the delimiter. */
  readonly valueLength: number;
  readonly undefinedLength: boolean;
  /** The file ends inside this value (kept only with `truncatedValues: 'keep'`); valueLength is what is there. */
  readonly truncated: boolean;
  /** Offset just past the element, delimiter included. */
  readonly end: number;
  /** The sequence's items, each a list of elements (empty for non-sequences). */
  readonly items: readonly (readonly DicomElement[])[];
  /** Raw value bytes as stored (byte order of the file); throws for bulk values and sequences. */
  value(): Uint8Array;
}

/** A parsed file: the meta group and data set as trees of byte ranges over `source`. */
export interface DicomFile {
  readonly transferSyntaxUid: string;
  /** How the data set is actually encoded (a file may contradict its transfer syntax). */
  readonly encoding: Encoding;
  readonly source: ByteSource;
  /** Whether the data set is a deflate stream; elements' offsets then refer to the inflated bytes. */
  readonly deflated: boolean;
  /** The stream data set elements' offsets refer to: `source`, or the inflated data set. */
  readonly datasetSource: ByteSource;
  /** Whether the file has the 128-byte preamble and `DICM`. */
  readonly hasPreamble: boolean;
  /**
   * Bytes after the data set that are no element (a writer's padding or garbage), in
   * `datasetSource`; the writer leaves them out. Undefined when the data set runs to the end.
   */
  readonly trailingJunk: { readonly offset: number; readonly length: number } | undefined;
  /** Every element, meta group included, any depth, in document order. */
  elements(): Iterable<DicomElement>;
  /** A top-level element (meta group or data set) by tag. */
  get(tag: number): DicomElement | undefined;
  /** Top-level elements of the meta group, then of the data set. */
  readonly metaElements: readonly DicomElement[];
  readonly datasetElements: readonly DicomElement[];
}

/** An element the writer creates inside a new item: a value as for `insert`, or (SQ) items of its own. */
export interface NewElement {
  readonly tag: number;
  readonly vr: string;
  readonly value: Uint8Array;
  readonly items?: readonly (readonly NewElement[])[];
}

/** A change to a file; values are raw bytes in the file's byte order, padded by the writer. */
export type Edit =
  | { op: 'set'; element: DicomElement; value: Uint8Array }
  | { op: 'remove'; element: DicomElement }
  | { op: 'insert'; tag: number; vr: string; value: Uint8Array }
  /** A new top-level sequence, in tag order, whose items hold primitive elements. */
  | { op: 'insert-sequence'; tag: number; items: readonly (readonly NewElement[])[] }
  /** A sequence (at any depth) replaced by one with these items; its original items go. */
  | { op: 'set-items'; element: DicomElement; items: readonly (readonly NewElement[])[] }
  /** The 128-byte preamble set to zeros, as PS3.10 §7.1 asks of a preamble nobody uses. */
  | { op: 'clear-preamble' };

/** A piece of output: new bytes, or a range of the source to copy as is. */
export type OutputPart = Uint8Array | { offset: number; length: number };

/** An item of a sequence (or a fragment of encapsulated pixel data). */
export class ItemNode {
  readonly elements: ElementNode[] = [];
  /** Offset just past the item, delimiter included; set when the item closes. */
  end = -1;
  contentEnd = -1;

  constructor(
    readonly parent: ElementNode,
    readonly index: number,
    readonly offset: number,
    readonly undefinedLength: boolean,
    readonly encoding: Encoding,
  ) {}

  get contentStart(): number {
    return this.offset + 8;
  }
}

const NO_ITEMS: ItemNode[] = [];

/** The parser's element: a DicomElement that also knows its place in the tree. */
export class ElementNode implements DicomElement {
  isSequence = false;
  isEncapsulated = false;
  isBulk = false;
  truncated = false;
  valueLength = 0;
  end = -1;

  constructor(
    readonly source: ByteSource,
    readonly tag: number,
    readonly vr: string,
    readonly encodedVr: string | undefined,
    readonly parent: ItemNode | undefined,
    readonly inMeta: boolean,
    readonly offset: number,
    /** Offset and size (2 or 4) of the length field. */
    readonly lengthOffset: number,
    readonly lengthSize: number,
    readonly valueOffset: number,
    readonly undefinedLength: boolean,
    readonly encoding: Encoding,
    readonly charsets: readonly string[],
    readonly privateCreator: string | undefined,
  ) {
    this.depth = parent ? parent.parent.depth + 1 : 0;
  }

  /** Number of enclosing sequences. */
  readonly depth: number;

  /** The items of a sequence, as nodes (one shared empty array for the many non-sequences). */
  itemNodes: ItemNode[] = NO_ITEMS;

  /** Built on demand: a 5,000-deep file would otherwise hold quadratic text. */
  get path(): string {
    const parts: string[] = [formatTag(this.tag)];
    for (let item = this.parent; item; item = item.parent.parent) {
      parts.push(`${formatTag(item.parent.tag)}[${item.index}].`);
    }
    return parts.reverse().join('');
  }

  get items(): readonly (readonly DicomElement[])[] {
    return this.itemNodes.map((item) => item.elements);
  }

  value(): Uint8Array {
    if (this.isSequence || this.isBulk || this.isEncapsulated) {
      throw new InternalError('E_BULK_VALUE', `${this.path} is ${this.isSequence ? 'a sequence' : 'bulk data'}: its value is not read into memory`);
    }
    // A copy (not slice(): on a Node Buffer that is a view), since sources reuse their buffers.
    return new Uint8Array(this.source.read(this.valueOffset, this.valueLength));
  }
}
