/**
 * dicomveil's Node API: the end-to-end run (plan, anonymize, verify) over folders and zips.
 * @example
 * import { runAnonymization } from 'dicomveil/node';
 * const summary = await runAnonymization(options);
 */
export * from './run/index.ts';
