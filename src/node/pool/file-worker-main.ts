/**
 * A worker thread of a run's pool: header scans in pass 1, files in pass 2. Also the entry of the
 * worker bundle, which is CommonJS and so cannot await at top level: a rejection still ends the
 * worker with its error, which the pool hears.
 */
import { createPassProcessor } from './pass-processor.ts';
import { serveProcessor } from './serve-processor.ts';

void serveProcessor(createPassProcessor);
