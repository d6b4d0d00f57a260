/** A small generated dataset for the GUI's end-to-end test: patient folders and zips, a messy demographics CSV with an ambiguous row. */
import { join } from 'node:path';
import { generateDataset, LAYOUT, type Truth } from '../../src/node/example/index.ts';

export interface GuiDataset {
  input: string;
  demographics: string;
  truth: Truth;
}

/** Generates the dataset under `dir`; seeds are tried until one has an ambiguous link to review. */
export async function makeDataset(dir: string, size: { patients: number; filesPerSession: number } = { patients: 8, filesPerSession: 3 }): Promise<GuiDataset> {
  for (let seed = 1; seed <= 20; seed += 1) {
    const root = join(dir, `seed-${seed}`);
    const truth = await generateDataset(root, { seed, ...size });
    if (truth.demographics.ambiguous.length > 0) {
      return { input: join(root, LAYOUT.input), demographics: join(root, LAYOUT.demographics), truth };
    }
  }
  throw new Error('no seed from 1 to 20 gave an ambiguous demographics link');
}
