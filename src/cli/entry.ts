/** The process entry: bin/dicomveil.mjs runs it from the sources, scripts/build.ts bundles it. */
import { runMain } from './main.ts';

void runMain(process.argv.slice(2));
