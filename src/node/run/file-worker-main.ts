/** A worker thread of a run's pool: header scans in pass 1, files in pass 2. */
import { createPassProcessor } from './pass-processor.ts';
import { serveProcessor } from './serve-processor.ts';

await serveProcessor(createPassProcessor);
