/**
 * The spill folder: deflated entries too large to inflate in memory are inflated to files here
 * (a folder of the private dir), within a byte budget, and deleted when their handle closes.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import type { Readable } from 'node:stream';

export class SpillFolder {
  private used = 0;

  constructor(
    readonly dir: string,
    readonly capacity: number,
  ) {}

  /**
   * Inflates `compressed` into a new file of exactly `size` bytes. Throws when the budget is
   * spent or the data does not inflate to the declared size (a lie the caller reports).
   */
  async inflate(compressed: Readable, size: number): Promise<{ path: string; release: () => void }> {
    if (this.used + size > this.capacity) {
      compressed.destroy();
      throw Object.assign(new Error(`needs ${size} bytes of spill space, ${this.capacity - this.used} left`), { code: 'ESPILLFULL' });
    }
    this.used += size;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, `${randomBytes(8).toString('hex')}.part`);
    let written = 0;
    const inflate = createInflateRaw();
    const counter = async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        written += chunk.length;
        if (written > size) throw new Error(`inflates to more than the declared ${size} bytes`);
        yield chunk;
      }
    };
    const release = () => {
      rmSync(path, { force: true });
      this.used -= size;
    };
    try {
      await pipeline(compressed, inflate, counter, createWriteStream(path, { mode: 0o600 }));
      if (written !== size) throw new Error(`inflates to ${written} bytes, ${size} declared`);
    } catch (error) {
      release();
      throw error;
    }
    return { path, release };
  }
}
