/**
 * Turns edits into splices of the source bytes: each edit replaces a byte range, and every
 * length that encloses a changed range is rewritten — defined-length items and sequences, the
 * group length (gggg,0000) of each changed group, (0002,0000) — so nothing else moves.
 */
import { DicomParseError, InternalError } from '../errors.ts';
import { formatTag } from './dictionary.ts';
import { checkFits, encodeElement, encodeSequence, encodeUint, padValue } from './element-encoding.ts';
import { type DicomElement, type Edit, ElementNode, ItemNode, type NewElement } from './model.ts';
import type { ParsedFile } from './reader.ts';
import { EXPLICIT_LE } from './transfer-syntax.ts';

/** Replace `[start, end)` of one stream with `bytes`; `meta` says which stream (deflated files). */
export interface Splice {
  readonly start: number;
  readonly end: number;
  readonly bytes: Uint8Array;
  readonly meta: boolean;
  /** Orders insertions at one offset: their tags. */
  readonly order?: number;
}

type Level = ItemNode | 'meta' | 'dataset';

const PREAMBLE_LENGTH = 128;

function levelOf(element: ElementNode): Level {
  return element.parent ?? (element.inMeta ? 'meta' : 'dataset');
}

function groupOf(tag: number): number {
  return tag >>> 16;
}

/** Plans the splices for `edits`; the writer applies them. */
export class EditPlan {
  readonly splices: Splice[] = [];
  /** Net size change of each element or item, its descendants included. */
  private readonly deltas = new Map<ElementNode | ItemNode, number>();
  private readonly removed = new Set<ElementNode>();
  private readonly edited = new Set<ElementNode>();
  private readonly replaced = new Set<ElementNode>();
  /** Groups whose size changed, per level; inserted bytes per level and group. */
  private readonly touched = new Map<Level, Map<number, number>>();

  constructor(private readonly file: ParsedFile) {}

  build(edits: readonly Edit[]): Splice[] {
    for (const edit of edits) if (edit.op === 'remove') this.removed.add(this.node(edit.element));
    // A replaced sequence's original items go like a removed element's content.
    for (const edit of edits) if (edit.op === 'set-items') this.replaced.add(this.node(edit.element));
    for (const edit of edits) {
      if (edit.op === 'insert') this.insert(edit.tag, edit.vr, edit.value);
      else if (edit.op === 'insert-sequence') this.insertBytes(edit.tag, encodeSequence(edit.tag, edit.items, this.file.encoding));
      else if (edit.op === 'clear-preamble') this.clearPreamble();
      else {
        const element = this.node(edit.element);
        if (this.hasRemovedAncestor(element)) continue;
        if (this.edited.has(element)) throw new InternalError('E_CONFLICTING_EDITS', `two edits of ${element.path}`);
        this.edited.add(element);
        if (edit.op === 'set') this.set(element, edit.value);
        else if (edit.op === 'set-items') this.setItems(element, edit.items);
        else this.remove(element);
      }
    }
    this.fixContainerLengths();
    this.fixGroupLengths();
    this.dropTrailingJunk();
    return this.splices;
  }

  private dropTrailingJunk(): void {
    const junk = this.file.trailingJunk;
    if (junk) this.splices.push({ start: junk.offset, end: junk.offset + junk.length, bytes: new Uint8Array(0), meta: false });
  }

  private clearPreamble(): void {
    if (!this.file.hasPreamble) throw new InternalError('E_NO_PREAMBLE', 'the file has no preamble to clear');
    if (this.splices.some((splice) => splice.start < PREAMBLE_LENGTH)) throw new InternalError('E_CONFLICTING_EDITS', 'two edits of the preamble');
    this.splices.push({ start: 0, end: PREAMBLE_LENGTH, bytes: new Uint8Array(PREAMBLE_LENGTH), meta: true });
  }

  private node(element: DicomElement): ElementNode {
    const node = element as ElementNode;
    const ours = node instanceof ElementNode && (node.source === this.file.source || node.source === this.file.datasetSource);
    if (!ours) throw new InternalError('E_FOREIGN_ELEMENT', `${element.path} does not belong to this file`);
    return node;
  }

  private hasRemovedAncestor(element: ElementNode): boolean {
    for (let item = element.parent; item; item = item.parent.parent) if (this.removed.has(item.parent) || this.replaced.has(item.parent)) return true;
    return false;
  }

  private set(element: ElementNode, value: Uint8Array): void {
    if (element.isSequence || element.isEncapsulated) throw new InternalError('E_SET_SEQUENCE', `${element.path} is a sequence; edit its items' elements`);
    const padded = padValue(value, element.vr);
    checkFits(padded.length, element.lengthSize, element.tag);
    const length = encodeUint(padded.length, element.lengthSize, element.encoding.littleEndian);
    const bytes = new Uint8Array(length.length + padded.length);
    bytes.set(length);
    bytes.set(padded, length.length);
    this.splices.push({ start: element.lengthOffset, end: element.end, bytes, meta: element.inMeta });
    this.propagate(element, bytes.length - (element.end - element.lengthOffset));
  }

  private setItems(element: ElementNode, items: readonly (readonly NewElement[])[]): void {
    if (!element.isSequence) throw new InternalError('E_SET_ITEMS', `${element.path} is not a sequence`);
    const bytes = encodeSequence(element.tag, items, element.encoding);
    this.splices.push({ start: element.offset, end: element.end, bytes, meta: element.inMeta });
    this.propagate(element, bytes.length - (element.end - element.offset));
  }

  private remove(element: ElementNode): void {
    this.splices.push({ start: element.offset, end: element.end, bytes: new Uint8Array(0), meta: element.inMeta });
    this.propagate(element, element.offset - element.end);
  }

  private insert(tag: number, vr: string, value: Uint8Array): void {
    this.insertBytes(tag, encodeElement(tag, vr, value, groupOf(tag) === 0x0002 ? EXPLICIT_LE : this.file.encoding));
  }

  /** Inserts a whole encoded element at the top level, before the first element with a larger tag. */
  private insertBytes(tag: number, bytes: Uint8Array): void {
    const meta = groupOf(tag) === 0x0002;
    const list = meta ? this.file.metaElements : this.file.datasetElements;
    if (list.some((element) => element.tag === tag && !this.removed.has(element))) {
      throw new InternalError('E_DUPLICATE_ELEMENT', `${formatTag(tag)} is already present; set it instead`);
    }
    const next = list.find((element) => element.tag >>> 0 > tag >>> 0);
    if (!next && !meta && this.file.endsInsideContainer) {
      throw new DicomParseError('E_CUT_CONTAINER', `cannot append ${formatTag(tag)}: the file ends inside a sequence, so anything appended would fall inside it`, { offset: this.file.datasetSource.size });
    }
    const at = next ? next.offset : meta ? this.file.metaEnd : this.file.datasetEnd;
    this.splices.push({ start: at, end: at, bytes, meta, order: tag >>> 0 });
    this.touch(meta ? 'meta' : 'dataset', groupOf(tag), bytes.length);
  }

  private touch(level: Level, group: number, inserted = 0): void {
    let groups = this.touched.get(level);
    if (!groups) {
      groups = new Map();
      this.touched.set(level, groups);
    }
    groups.set(group, (groups.get(group) ?? 0) + inserted);
  }

  private addDelta(node: ElementNode | ItemNode, delta: number): void {
    this.deltas.set(node, (this.deltas.get(node) ?? 0) + delta);
  }

  /** Records a size change on the element and every item and sequence around it. */
  private propagate(element: ElementNode, delta: number): void {
    this.addDelta(element, delta);
    this.touch(levelOf(element), groupOf(element.tag));
    for (let item = element.parent; item; item = item.parent.parent) {
      this.addDelta(item, delta);
      this.addDelta(item.parent, delta);
      this.touch(levelOf(item.parent), groupOf(item.parent.tag));
    }
  }

  private originalLength(node: ElementNode | ItemNode, offset: number, size: number): number {
    const source = node instanceof ItemNode ? node.parent.source : node.source;
    // A Node Buffer's slice() is a view into a shared pool, not a copy: read through its offset.
    const bytes = source.read(offset, size);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return size === 2 ? view.getUint16(0, node.encoding.littleEndian) : view.getUint32(0, node.encoding.littleEndian);
  }

  private fixContainerLengths(): void {
    for (const [node, delta] of this.deltas) {
      if (delta === 0 || node.undefinedLength) continue;
      if (node instanceof ItemNode) {
        const length = this.originalLength(node, node.offset + 4, 4) + delta;
        this.splices.push({ start: node.offset + 4, end: node.offset + 8, bytes: encodeUint(length, 4, node.encoding.littleEndian), meta: false });
      } else if (node.isSequence && !this.edited.has(node)) {
        const length = this.originalLength(node, node.lengthOffset, node.lengthSize) + delta;
        checkFits(length, node.lengthSize, node.tag);
        this.splices.push({ start: node.lengthOffset, end: node.lengthOffset + node.lengthSize, bytes: encodeUint(length, node.lengthSize, node.encoding.littleEndian), meta: node.inMeta });
      }
    }
  }

  private levelElements(level: Level): readonly ElementNode[] {
    if (level === 'meta') return this.file.metaElements;
    if (level === 'dataset') return this.file.datasetElements;
    return level.elements;
  }

  /** Recomputes (gggg,0000) from the sizes of its group's elements after the edits. */
  private fixGroupLengths(): void {
    for (const [level, groups] of this.touched) {
      const elements = this.levelElements(level);
      for (const [group, inserted] of groups) {
        const groupLength = elements.find((element) => element.tag === group << 16 >>> 0);
        if (!groupLength || this.removed.has(groupLength) || this.edited.has(groupLength) || groupLength.valueLength !== 4) continue;
        let total = inserted;
        for (const element of elements) {
          if (groupOf(element.tag) !== group || element === groupLength || this.removed.has(element)) continue;
          total += element.end - element.offset + (this.deltas.get(element) ?? 0);
        }
        const littleEndian = groupLength.encoding.littleEndian;
        this.splices.push({ start: groupLength.valueOffset, end: groupLength.valueOffset + 4, bytes: encodeUint(total, 4, littleEndian), meta: groupLength.inMeta });
      }
    }
  }
}
