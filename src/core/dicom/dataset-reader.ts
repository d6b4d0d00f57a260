/**
 * Walks a data set's element headers (PS3.5 §7) with an explicit stack instead of recursion, so
 * nesting depth costs heap, not call stack. Values stay in the source; only Specific Character Set
 * and private creator values are read, because every element after them depends on them.
 *
 * Readers of real files must be lenient where dcmtk and pydicom are:
 * - UN with undefined length is a sequence in implicit VR little endian (CP-246, pydicom);
 * - a UN (or implicit-VR unknown) value of defined length that starts with an item tag is tried as
 *   an implicit VR sequence, and kept as an opaque value if that fails (private sequences);
 * - OB/OW (or implicit PixelData) with undefined length is encapsulated: fragments until the
 *   sequence delimiter, skipped by their lengths, so delimiter bytes inside a fragment are data.
 */
import { DicomParseError } from '../errors.ts';
import { checkLength, fail, type Limits, UNDEFINED_LENGTH } from './bounds.ts';
import { formatTag } from './dictionary.ts';
import { privateVrForTag } from './dictionary-private.ts';
import { type ElementHeader, parseCharsetTerms, readElementHeader, readSmallText, trimValue } from './element-header.ts';
import { ElementNode, ItemNode } from './model.ts';
import { IMPLICIT_LE, type Encoding } from './transfer-syntax.ts';
import { isKnownVr } from './vr.ts';
import type { Window } from './window.ts';

export const ITEM = 0xfffee000;
export const ITEM_DELIMITER = 0xfffee00d;
export const SEQUENCE_DELIMITER = 0xfffee0dd;
const SPECIFIC_CHARACTER_SET = 0x00080005;
const PIXEL_DATA = 0x7fe00010;

/** A data set or an item being read. */
interface LevelFrame {
  readonly kind: 'level';
  readonly item: ItemNode | undefined;
  /** Where the level ends, or -1 until its delimiter (undefined-length item). */
  readonly end: number;
  /** The nearest defined end around this level: no element may run past it. */
  readonly bound: number;
  readonly encoding: Encoding;
  readonly list: ElementNode[];
  charsets: readonly string[];
  readonly creators: Map<number, string>;
}

interface SequenceFrame {
  readonly kind: 'sequence';
  readonly element: ElementNode;
  readonly end: number;
  readonly bound: number;
  /** Encoding of the items' contents (implicit VR LE inside UN). */
  readonly encoding: Encoding;
  readonly charsets: readonly string[];
  /** For a sequence read on trust (UN of defined length): where to roll back to if it fails. */
  readonly rollback: { nodeCount: number; definedLength: number; items: ItemNode[] } | undefined;
}

type Frame = LevelFrame | SequenceFrame;

/** What a level reads into, and how. */
export interface LevelTarget {
  readonly window: Window;
  readonly limits: Limits;
  /** Every node read, in document order; the parser appends to it. */
  readonly all: ElementNode[];
  readonly inMeta: boolean;
  /** Bytes after the last top-level element that are no element are left out, not an error. */
  readonly allowTrailingJunk?: boolean;
}

/** How a level's reading ended. */
export interface DatasetEnd {
  /** The stream ended inside a sequence, item or fragments (closed there, as dcmtk does). */
  readonly endedInsideContainer: boolean;
  /** Where trailing bytes that are no element start (the data set ends there); undefined if none. */
  readonly junkStart: number | undefined;
}

/**
 * Reads the elements of `[start, end)` into `list` (and `target.all`).
 * @throws DicomParseError for any structure the bytes cannot hold.
 */
export function readDataset(target: LevelTarget, list: ElementNode[], start: number, end: number, encoding: Encoding, charsets: readonly string[] = []): DatasetEnd {
  const reader = new DatasetReader(target, start, end);
  reader.stack.push({ kind: 'level', item: undefined, end, bound: end, encoding, list, charsets, creators: new Map() });
  reader.run();
  return { endedInsideContainer: reader.endedInsideContainer, junkStart: reader.junkStart };
}

/**
 * Whether the bytes at `start`, where a top-level element failed to read, are junk after the data
 * set rather than a real element cut short: zero padding, a tag out of ascending order, or
 * explicit VR bytes that are no VR. What reads as the start of a next element (its tag in order,
 * its VR one of the standard's) is a file cut short and stays an error, as in dcmtk, and so does a
 * stray delimiter: what follows it may be data, which dcmtk and pydicom refuse to drop.
 */
function looksLikeJunk(window: Window, start: number, end: number, encoding: Encoding, previousTag: number | undefined): boolean {
  const left = end - start;
  if (left < 2) return true;
  const group = window.uint16(start, encoding.littleEndian);
  if (group === 0 && (previousTag === undefined || previousTag >>> 16 !== 0)) return true;
  if (left < 4) return previousTag !== undefined && group < previousTag >>> 16;
  const tag = window.tag(start, encoding.littleEndian);
  if (tag >>> 16 === 0xfffe) return false;
  if (previousTag !== undefined && tag >>> 0 <= previousTag >>> 0) return true;
  if (!encoding.explicitVr || left < 6) return false;
  return !isKnownVr(String.fromCharCode(window.uint8(start + 4), window.uint8(start + 5)));
}

/**
 * An implicit-VR private element's VR from its creator's dictionary entry, so a vendor's text is
 * decoded as text and its numbers are known as numbers. Not SQ: a private value is read as a
 * sequence only when its bytes open with an item (on trust, undone if they are no sequence).
 */
function implicitPrivateVr(header: ElementHeader, tag: number, creator: string | undefined): string {
  const fileVr = header.encodedVr !== undefined && isKnownVr(header.encodedVr);
  if (fileVr || header.vr !== 'UN' || creator === undefined) return header.vr;
  const vr = privateVrForTag(tag, creator);
  return vr === undefined || vr === 'SQ' ? header.vr : vr;
}

class DatasetReader {
  readonly stack: Frame[] = [];
  endedInsideContainer = false;
  junkStart: number | undefined;
  private fragments = 0;
  /**
   * The top-level element being read: where it starts, and how much was read before it. Fields,
   * not an object: it is noted for every top-level element of every file.
   */
  private topStart = -1;
  private topNodeCount = 0;
  private topListLength = 0;
  private topFragments = 0;
  private topPreviousTag: number | undefined;

  constructor(
    private readonly target: LevelTarget,
    private pos: number,
    /** End of the stream: containers still open here are closed, as dcmtk and pydicom do. */
    private readonly streamEnd: number,
  ) {}

  run(): void {
    for (;;) {
      try {
        this.loop();
        return;
      } catch (error) {
        if (!(error instanceof DicomParseError)) throw error;
        if (this.rollBack()) continue;
        if (this.dropTrailingJunk()) return;
        const path = this.contextPath();
        if (error.location.tagPath === undefined && path !== undefined) error.location.tagPath = path;
        throw error;
      }
    }
  }

  /**
   * When the failure began at a top-level element that is junk (see {@link looksLikeJunk}), ends
   * the data set before it, forgetting whatever was read of it; false otherwise.
   */
  private dropTrailingJunk(): boolean {
    if (!this.target.allowTrailingJunk || this.topStart < 0 || this.topListLength === 0) return false;
    const level = this.stack[0] as LevelFrame;
    if (!looksLikeJunk(this.target.window, this.topStart, this.streamEnd, level.encoding, this.topPreviousTag)) return false;
    this.target.all.length = this.topNodeCount;
    level.list.length = this.topListLength;
    this.fragments = this.topFragments;
    this.stack.length = 0;
    this.endedInsideContainer = false;
    this.junkStart = this.topStart;
    this.pos = this.topStart;
    return true;
  }

  /**
   * Zero padding after the data set parses as elements (0000,0000) of length 0: group 0000 after
   * any other group is out of order, so at the top level it starts junk, as dcmdump reads it. (A
   * file saved with its command group has group 0000 first, in order: that is kept.)
   */
  private startsPadding(frame: LevelFrame): boolean {
    const previous = frame.list[frame.list.length - 1];
    if (!this.target.allowTrailingJunk || previous === undefined || previous.tag >>> 16 === 0 || this.streamEnd - this.pos < 4) return false;
    return this.target.window.tag(this.pos, frame.encoding.littleEndian) >>> 16 === 0;
  }

  /** Undoes the outermost sequence read on trust; false if there is none. */
  private rollBack(): boolean {
    const index = this.stack.findIndex((frame) => frame.kind === 'sequence' && frame.rollback !== undefined);
    if (index < 0) return false;
    const frame = this.stack[index] as SequenceFrame;
    const element = frame.element;
    this.target.all.length = frame.rollback!.nodeCount;
    this.stack.length = index;
    element.isSequence = false;
    element.itemNodes = frame.rollback!.items;
    element.valueLength = frame.rollback!.definedLength;
    element.end = element.valueOffset + element.valueLength;
    element.isBulk = element.valueLength > this.target.limits.bulkThreshold;
    this.pos = element.end;
    return true;
  }

  private contextPath(): string | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const frame = this.stack[i]!;
      if (frame.kind === 'sequence') return frame.element.path;
      if (frame.item) return `${frame.item.parent.path}[${frame.item.index}]`;
    }
    return undefined;
  }

  private loop(): void {
    const window = this.target.window;
    for (;;) {
      const frame = this.stack[this.stack.length - 1];
      if (!frame) return;
      if (frame.end >= 0 && this.pos >= frame.end) {
        if (this.pos > frame.end) fail('E_LENGTH_OVERRUN', `content runs past its defined length (ends at ${frame.end})`, this.pos);
        this.close(frame, this.pos, this.pos);
        continue;
      }
      if (frame.end < 0 && this.pos === frame.bound && this.stack.length > 1) {
        // An undefined length that reaches the end of its container (or of the file) without its
        // delimiter: closed there, as dcmtk and pydicom do.
        if (frame.bound === this.streamEnd) this.endedInsideContainer = true;
        this.close(frame, this.pos, this.pos);
        continue;
      }
      const le = frame.encoding.littleEndian;
      if (this.stack.length === 1 && frame.kind === 'level') {
        const previous = frame.list[frame.list.length - 1];
        this.topStart = this.pos;
        this.topNodeCount = this.target.all.length;
        this.topListLength = frame.list.length;
        this.topFragments = this.fragments;
        this.topPreviousTag = previous?.tag;
        if (this.startsPadding(frame)) {
          this.junkStart = this.pos;
          this.stack.pop();
          continue;
        }
      }
      const tag = window.tag(this.pos, le);
      if (frame.kind === 'sequence') this.readItem(frame, tag);
      else if (tag >>> 16 === 0xfffe) this.readDelimiter(frame, tag);
      else this.readElement(frame, tag);
    }
  }

  /** Pops a frame whose content ends at `contentEnd`; the frame's bytes end at `end`. */
  private close(frame: Frame, contentEnd: number, end: number): void {
    this.stack.pop();
    if (frame.kind === 'sequence') {
      frame.element.valueLength = contentEnd - frame.element.valueOffset;
      frame.element.end = end;
    } else if (frame.item) {
      frame.item.contentEnd = contentEnd;
      frame.item.end = end;
    }
    this.pos = end;
  }

  private countNode(): void {
    if (this.target.all.length + this.fragments >= this.target.limits.maxNodes) {
      fail('E_TOO_MANY_ELEMENTS', `more than ${this.target.limits.maxNodes} elements, items and fragments`, this.pos);
    }
  }

  private readItem(frame: SequenceFrame, tag: number): void {
    const window = this.target.window;
    const le = frame.encoding.littleEndian;
    const length = window.uint32(this.pos + 4, le);
    if (tag === SEQUENCE_DELIMITER && frame.end < 0) {
      this.close(frame, this.pos, this.pos + 8);
      return;
    }
    if (tag !== ITEM) fail('E_BAD_ITEM', `expected an item tag in a sequence, found ${formatTag(tag)}`, this.pos, frame.element.path);
    this.countNode();
    if (this.stack.length / 2 > this.target.limits.maxDepth) fail('E_TOO_DEEP', `sequences nested deeper than ${this.target.limits.maxDepth}`, this.pos);
    const undefinedLength = length === UNDEFINED_LENGTH;
    const contentStart = this.pos + 8;
    if (!undefinedLength) this.checkContainer(length, contentStart, frame.bound, 'item', frame.element);
    const item = new ItemNode(frame.element, frame.element.itemNodes.length, this.pos, undefinedLength, frame.encoding);
    frame.element.itemNodes.push(item);
    const end = undefinedLength ? -1 : Math.min(contentStart + length, this.streamEnd);
    const bound = undefinedLength ? frame.bound : end;
    this.stack.push({ kind: 'level', item, end, bound, encoding: frame.encoding, list: item.elements, charsets: frame.charsets, creators: new Map() });
    this.pos = contentStart;
  }

  private readDelimiter(frame: LevelFrame, tag: number): void {
    if (tag === ITEM_DELIMITER && frame.item?.undefinedLength) {
      this.close(frame, this.pos, this.pos + 8);
      return;
    }
    fail('E_UNEXPECTED_DELIMITER', `${formatTag(tag)} where a data element was expected`, this.pos, this.contextPath());
  }

  private readElement(frame: LevelFrame, tag: number): void {
    const { window, limits } = this.target;
    const start = this.pos;
    this.countNode();
    const header = readElementHeader(window, start, tag, frame.encoding);
    const { encodedVr, vr, lengthOffset, lengthSize, length, valueOffset, undefinedLength } = header;
    const group = tag >>> 16;
    const elementNumber = tag & 0xffff;
    const privateCreator = group % 2 === 1 && elementNumber >= 0x1000 ? frame.creators.get(group * 256 + (elementNumber >>> 8)) : undefined;
    const element = new ElementNode(
      window.source, tag, implicitPrivateVr(header, tag, privateCreator), encodedVr, frame.item, this.target.inMeta, start, lengthOffset, lengthSize, valueOffset,
      undefinedLength, frame.encoding, frame.charsets, privateCreator,
    );
    frame.list.push(element);
    this.target.all.push(element);
    const implicitLike = encodedVr === undefined || encodedVr === 'UN';

    if (undefinedLength) {
      if (encodedVr === 'SQ' || (implicitLike && tag !== PIXEL_DATA) || vr === 'SQ') {
        const contentEncoding = encodedVr === 'UN' ? IMPLICIT_LE : frame.encoding;
        this.pushSequence(element, -1, frame, contentEncoding, undefined);
      } else if (encodedVr === 'OB' || encodedVr === 'OW' || tag === PIXEL_DATA) {
        this.readFragments(element, frame);
      } else {
        fail('E_UNDEFINED_LENGTH', `undefined length on a ${encodedVr} element`, start, element.path);
      }
      return;
    }
    const isSequence = encodedVr === 'SQ' || (encodedVr === undefined && vr === 'SQ');
    if (isSequence) {
      this.checkContainer(length, valueOffset, frame.bound, 'sequence', element);
      this.pushSequence(element, Math.min(valueOffset + length, this.streamEnd), frame, frame.encoding, undefined);
      return;
    }
    let valueEnd = valueOffset + length;
    if (valueEnd > frame.bound) {
      const cutByFile = frame.bound === this.streamEnd && limits.truncatedValues === 'keep';
      if (!cutByFile) fail('E_LENGTH_OVERRUN', `value of ${length} bytes runs past the end of its container (${frame.bound})`, start, element.path);
      element.truncated = true;
      this.endedInsideContainer = true;
      valueEnd = this.streamEnd;
    }
    if (implicitLike && !element.truncated && length >= 8 && window.uint32(valueOffset, true) === 0xe000fffe) {
      // A private or UN sequence: read on trust, kept opaque if its content is no sequence.
      const contentEncoding = encodedVr === 'UN' ? IMPLICIT_LE : frame.encoding;
      if (contentEncoding.littleEndian) {
        this.pushSequence(element, valueEnd, frame, contentEncoding, { nodeCount: this.target.all.length, definedLength: length, items: element.itemNodes });
        return;
      }
    }
    element.valueLength = valueEnd - valueOffset;
    element.end = valueEnd;
    // Purely mechanical: what bulk data means to anonymization is decided by place, elsewhere.
    element.isBulk = length > limits.bulkThreshold;
    this.pos = valueEnd;
    if (tag === SPECIFIC_CHARACTER_SET) {
      const text = readSmallText(window, valueOffset, length);
      if (text !== undefined) frame.charsets = parseCharsetTerms(text);
    } else if (group % 2 === 1 && elementNumber >= 0x10 && elementNumber <= 0xff) {
      const text = readSmallText(window, valueOffset, length);
      if (text !== undefined) frame.creators.set(group * 256 + elementNumber, trimValue(text));
    }
  }

  /**
   * A sequence or item may claim more bytes than the file has left when the file was cut after a
   * complete element; dcmtk and pydicom read such files, so the container ends with the stream.
   */
  private checkContainer(length: number, start: number, bound: number, what: string, element: ElementNode): void {
    if (bound === this.streamEnd && start + length > bound) {
      this.endedInsideContainer = true;
      return;
    }
    checkLength(length, start, bound, what, () => element.path);
  }

  private pushSequence(element: ElementNode, end: number, frame: LevelFrame, encoding: Encoding, rollback: SequenceFrame['rollback']): void {
    element.isSequence = true;
    element.itemNodes = [];
    this.stack.push({ kind: 'sequence', element, end, bound: end >= 0 ? end : frame.bound, encoding, charsets: frame.charsets, rollback });
    this.pos = element.valueOffset;
  }

  /** Skips encapsulated fragments by their lengths (PS3.5 §A.4). */
  private readFragments(element: ElementNode, frame: LevelFrame): void {
    const window = this.target.window;
    const le = frame.encoding.littleEndian;
    element.isEncapsulated = true;
    element.isBulk = true;
    let pos = element.valueOffset;
    for (;;) {
      if (pos === this.streamEnd) {
        this.endedInsideContainer = true;
        element.valueLength = pos - element.valueOffset;
        element.end = pos;
        this.pos = pos;
        return;
      }
      const tag = window.tag(pos, le);
      const length = window.uint32(pos + 4, le);
      if (tag === SEQUENCE_DELIMITER) {
        element.valueLength = pos - element.valueOffset;
        element.end = pos + 8;
        this.pos = element.end;
        return;
      }
      if (tag !== ITEM) fail('E_BAD_FRAGMENT', `expected a fragment item in encapsulated data, found ${formatTag(tag)}`, pos, element.path);
      if (length === UNDEFINED_LENGTH) fail('E_BAD_FRAGMENT', 'a fragment with undefined length', pos, element.path);
      checkLength(length, pos + 8, frame.bound, 'fragment', () => element.path);
      this.fragments++;
      this.countNode();
      pos += 8 + length;
    }
  }
}

