/**
 * Thumbnails of the images flagged for review: the first frame drawn on a canvas in the page, so
 * a person can look for text burned into the pixels before sharing. The server hands raw samples
 * (drawn here, windowed to their min/max) or JPEG baseline bytes (decoded by the browser).
 */
import type { RawFrame as FrameInFile } from '../../core/dicom/pixels.ts';
import { h } from './dom.ts';
import { flagText } from './words.ts';

/** What the `x-dicom-frame` header says about raw samples: the codec's frame, less where it lies in the file. */
type RawFrame = Omit<FrameInFile, 'kind' | 'offset' | 'length'>;

/** Most thumbnails drawn: each reads a file; the rest are listed. */
const DRAWN = 60;

/** RGBA pixels of a raw frame: grey levels windowed to the frame's min/max, or RGB as it is. */
export function rawToRgba(frame: RawFrame, bytes: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
  const count = frame.rows * frame.columns;
  const rgba = new Uint8ClampedArray(count * 4);
  if (frame.photometric === 'RGB') {
    const planar = frame.planarConfiguration === 1;
    for (let i = 0; i < count; i += 1) {
      for (let c = 0; c < 3; c += 1) rgba[i * 4 + c] = bytes[planar ? c * count + i : i * 3 + c] ?? 0;
      rgba[i * 4 + 3] = 255;
    }
    return rgba;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signed = frame.pixelRepresentation === 1;
  const values = new Float64Array(count);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i += 1) {
    const v = frame.bitsAllocated === 8
      ? (signed ? view.getInt8(i) : view.getUint8(i))
      : (signed ? view.getInt16(i * 2, frame.littleEndian) : view.getUint16(i * 2, frame.littleEndian));
    values[i] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max > min ? max - min : 1;
  for (let i = 0; i < count; i += 1) {
    const level = Math.round((((values[i] ?? 0) - min) * 255) / range);
    const shown = frame.photometric === 'MONOCHROME1' ? 255 - level : level;
    rgba[i * 4] = shown;
    rgba[i * 4 + 1] = shown;
    rgba[i * 4 + 2] = shown;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

async function draw(path: string, canvas: HTMLCanvasElement, note: HTMLElement): Promise<void> {
  const response = await fetch(`/api/pixels?path=${encodeURIComponent(path)}`);
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    canvas.hidden = true;
    note.textContent = response.status === 415 ? `${body.error ?? 'No preview.'} Open the file in a DICOM viewer to look at it.` : body.error ?? `The server answered ${response.status}.`;
    return;
  }
  const context = canvas.getContext('2d');
  if (context === null) return;
  if (response.headers.get('content-type') === 'image/jpeg') {
    const bitmap = await createImageBitmap(await response.blob());
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    context.drawImage(bitmap, 0, 0);
  } else {
    const frame = JSON.parse(response.headers.get('x-dicom-frame') ?? '{}') as RawFrame;
    const bytes = new Uint8Array(await response.arrayBuffer());
    canvas.width = frame.columns;
    canvas.height = frame.rows;
    context.putImageData(new ImageData(rawToRgba(frame, bytes), frame.columns, frame.rows), 0, 0);
  }
  canvas.dataset.drawn = 'true';
}

/** The flagged files, each with its first frame, drawn one after another. */
export function thumbnails(files: readonly { path: string; flags: string[] }[]): HTMLElement {
  const figures = files.slice(0, DRAWN).map((file, index) => {
    const canvas = h('canvas', { role: 'img', width: 1, height: 1, 'aria-label': `First image of ${file.path}` });
    const note = h('p', { class: 'small', id: `thumb-note-${index}` });
    return { file, canvas, note, figure: h('figure', { class: 'thumb' }, canvas, h('figcaption', {}, h('code', {}, file.path), ` — ${file.flags.map(flagText).join(', ')}`), note) };
  });
  void (async () => {
    for (const { file, canvas, note } of figures) {
      await draw(file.path, canvas, note).catch((error: unknown) => {
        canvas.hidden = true;
        note.textContent = `No preview: ${String(error)}`;
      });
    }
  })();
  return h('div', { id: 'thumbnails' },
    figures.map((f) => f.figure),
    files.length > DRAWN ? h('p', {}, `${files.length - DRAWN} more flagged files are not drawn here; the report lists them.`) : null);
}
