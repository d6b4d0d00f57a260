/** The process entry: bin/dicomveil.mjs runs it from the sources, scripts/build.ts bundles it. */
import { tuneEngine } from '../node/engine-flags.ts';
import { runMain } from './main.ts';

tuneEngine();
void runMain(process.argv.slice(2));
