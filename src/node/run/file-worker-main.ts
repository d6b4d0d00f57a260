/** A pass-2 worker thread: one file processor, serving the pool. */
import { createFileProcessor } from './file-processor.ts';
import { serveProcessor } from './serve-processor.ts';

await serveProcessor(createFileProcessor);
