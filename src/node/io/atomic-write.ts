/** Small files (state, report, CSVs) written whole or not at all: temp beside the target, then rename. */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

let counter = 0;

/** Writes `data` to `path` so a reader (or a killed run) sees the old file or the new, never half. */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  counter += 1;
  const temp = `${path}.tmp-${process.pid}-${counter}`;
  const fd = openSync(temp, 'w', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
}
