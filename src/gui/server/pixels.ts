/**
 * The first frame of an output file's image, for the page to draw (text burned into pixels is
 * invisible to any byte search): raw samples with their geometry in the `x-dicom-frame` header,
 * or the JPEG baseline bytes as image/jpeg. Any other encoding answers 415 with the reason, and
 * the page says "no preview". The file is found only through files.csv ({@link writtenOutput}).
 */
import { parseDicom } from '../../core/dicom/index.ts';
import { firstFramePreview } from '../../core/dicom/pixels.ts';
import type { AnonymizeOptions } from '../../core/options/schema.ts';
import { openFileSource } from '../../node/io/file-source.ts';
import { writtenOutput } from './changes.ts';

/** The response for the output file `path` of the last run. */
export function framePixels(options: AnonymizeOptions, path: string): Response {
  const { file } = writtenOutput(options, path);
  const source = openFileSource(file);
  try {
    const dicom = parseDicom(source);
    const preview = firstFramePreview(dicom);
    if (preview.kind === 'none') return Response.json({ error: `No preview: ${preview.reason}.` }, { status: 415 });
    const stream = dicom.datasetSource;
    if (preview.kind === 'jpeg') {
      const total = preview.ranges.reduce((sum, r) => sum + r.length, 0);
      const body = new Uint8Array(total);
      let at = 0;
      for (const range of preview.ranges) {
        body.set(stream.read(range.offset, range.length), at);
        at += range.length;
      }
      return new Response(body, { headers: { 'content-type': 'image/jpeg' } });
    }
    const { offset, length, ...frame } = preview;
    const body = stream.read(offset, length).slice();
    return new Response(body, { headers: { 'content-type': 'application/octet-stream', 'x-dicom-frame': JSON.stringify(frame) } });
  } finally {
    source.close();
  }
}
