/**
 * The writer (PS3.10 §7): an edited file as a list of parts, each new bytes or a range of the
 * source. Untouched bytes are never decoded or re-encoded, so they come out identical; a caller
 * streams ranges from the file, so pixel data is never held in memory.
 */
import { InternalError } from '../errors.ts';
import { deflateParts } from './deflate.ts';
import { EditPlan, type Splice } from './edit-plan.ts';
import type { DicomFile, Edit, OutputPart } from './model.ts';
import { ParsedFile } from './reader.ts';
import type { ByteSource } from './source.ts';

/** Appends `[start, end)` of the source with the splices that fall in it applied. */
function spliceRange(splices: readonly Splice[], start: number, end: number, out: OutputPart[]): void {
  let at = start;
  for (const splice of splices) {
    if (splice.start > at) out.push({ offset: at, length: splice.start - at });
    if (splice.bytes.length > 0) out.push(splice.bytes);
    at = Math.max(at, splice.end);
  }
  if (end > at) out.push({ offset: at, length: end - at });
}

/** Orders splices and drops those inside a range another splice replaces (edits in removed items). */
function orderSplices(splices: readonly Splice[]): Splice[] {
  const sorted = [...splices].sort((a, b) => a.start - b.start || a.end - a.start - (b.end - b.start) || (a.order ?? 0) - (b.order ?? 0));
  const kept: Splice[] = [];
  let coverEnd = -1;
  let coverStart = -1;
  for (const splice of sorted) {
    const inside = splice.start < coverEnd && !(splice.start === splice.end && splice.start === coverStart);
    if (inside) {
      if (splice.end > coverEnd) throw new InternalError('E_OVERLAPPING_EDITS', `edits overlap at offset ${splice.start}`);
      continue;
    }
    kept.push(splice);
    if (splice.end > splice.start) {
      coverStart = splice.start;
      coverEnd = splice.end;
    }
  }
  return kept;
}

function materialize(parts: readonly OutputPart[], source: ByteSource): Uint8Array[] {
  return parts.map((part) => (part instanceof Uint8Array ? part : source.read(part.offset, part.length)));
}

/**
 * The bytes of `file` with `edits` applied, as parts to concatenate: `Uint8Array`s of new bytes
 * and `{offset, length}` ranges of `file.source` to copy. No edits gives one range: the file.
 * @throws InternalError for edits that cannot apply (a value too long for its length field, two
 *   edits of one element, inserting an element that exists).
 * @example
 * const parts = rewriteDicom(file, [{ op: 'set', element: file.get(0x00100010)!, value: ascii('subj_1') }]);
 */
export function rewriteDicom(file: DicomFile, edits: readonly Edit[]): OutputPart[] {
  if (!(file instanceof ParsedFile)) throw new InternalError('E_FOREIGN_FILE', 'rewriteDicom needs a file from parseDicom');
  const splices = new EditPlan(file).build(edits);
  const out: OutputPart[] = [];
  if (!file.deflated) {
    spliceRange(orderSplices(splices), 0, file.source.size, out);
    return out;
  }
  const metaSplices = orderSplices(splices.filter((splice) => splice.meta));
  const datasetSplices = orderSplices(splices.filter((splice) => !splice.meta));
  spliceRange(metaSplices, 0, file.metaEnd, out);
  if (datasetSplices.length === 0) {
    if (file.source.size > file.metaEnd) out.push({ offset: file.metaEnd, length: file.source.size - file.metaEnd });
    return out;
  }
  const dataset: OutputPart[] = [];
  spliceRange(datasetSplices, 0, file.datasetSource.size, dataset);
  out.push(deflateParts(materialize(dataset, file.datasetSource)));
  return out;
}

/** Concatenates parts into one array (tests, small files); large files stream them instead. */
export function joinParts(parts: readonly OutputPart[], source: ByteSource): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + (part instanceof Uint8Array ? part.length : part.length), 0));
  let at = 0;
  for (const part of parts) {
    // Read and copy one part at a time: a source may reuse its buffer between reads.
    const chunk = part instanceof Uint8Array ? part : source.read(part.offset, part.length);
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
