/**
 * How a thrown error reaches the user: typed refusals are one calm line and exit 2; anything
 * else is a bug, said plainly, with the stack so it can be reported.
 */
import { DicomveilError, InternalError, SpreadsheetError, UsageError } from '../core/errors.ts';

/** Exit code of a failure that is dicomveil's fault (not in the contract's 0–3: never a verdict on the data). */
export const BUG_EXIT_CODE = 70;

function where(error: DicomveilError): string {
  const { file, offset, tagPath } = error.location;
  const parts = [file, offset === undefined ? undefined : `offset ${offset}`, tagPath].filter((part) => part !== undefined);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** The stderr text and exit code for an error that escaped a command. */
export function describeFailure(error: unknown): { text: string; exitCode: number } {
  if (error instanceof UsageError || error instanceof SpreadsheetError) {
    return { text: `dicomveil: ${error.message}${where(error)}\n`, exitCode: 2 };
  }
  const stack = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  const kind = error instanceof InternalError || !(error instanceof DicomveilError) ? 'this is a bug in dicomveil' : 'unexpected error';
  return {
    text: `dicomveil: ${kind}; please report it with the lines below (they hold no patient data unless a path does).\n${stack}\n`,
    exitCode: BUG_EXIT_CODE,
  };
}
