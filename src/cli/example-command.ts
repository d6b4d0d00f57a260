/**
 * `dicomveil example` (`npm run example`): makes the synthetic dataset (patient folders and zips,
 * names hidden everywhere, a messy demographics spreadsheet) once, then anonymizes it like a user
 * would. Running it again reuses the dataset and the private dir: every file comes out unchanged.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateOptions } from '../core/options/schema.ts';
import { generateDataset, LAYOUT } from '../node/example/generate.ts';
import { anonymizeCommand } from './commands.ts';
import type { CliIo } from './main.ts';

export async function runExample(dir: string, json: boolean, io: CliIo): Promise<number> {
  const input = join(dir, LAYOUT.input);
  if (!existsSync(input) || readdirSync(input).length === 0) {
    io.stderr(`Generating a synthetic dataset in ${input} (no real patient data)…\n`);
    await generateDataset(dir, { seed: 1, patients: 8 });
  } else io.stderr(`Reusing the synthetic dataset in ${input}\n`);
  const { options, errors } = validateOptions(
    { input, output: join(dir, 'output'), demographics: join(dir, LAYOUT.demographics), json },
    { cpuCount: io.cpuCount },
  );
  if (!options) {
    for (const problem of errors) io.stderr(`dicomveil: ${problem.message}\n`);
    return 2;
  }
  io.stderr(`Anonymizing it: dicomveil anonymize ${input} --output ${options.output} --demographics ${options.demographics}\n`);
  const code = await anonymizeCommand(options, io);
  if (code === 0) io.stderr(`Look at ${options.output} (shareable) and ${options.privateDir} (keep private), or check it: dicomveil verify ${options.output}\n`);
  return code;
}
