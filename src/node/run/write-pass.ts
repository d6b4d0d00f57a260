/**
 * Pass 2: every planned file through the pool, at most a few in flight per worker, each outcome
 * journalled as it lands. A residue with `--on-residue stop`, or the caller's signal, stops new
 * files from starting; the files in flight finish, so what is in the output is always whole.
 */
import type { FileResult, FileTask, PlannedFile } from './file-task.ts';
import type { Listing } from '../../core/listing.ts';
import { type JournalEntry, JournalWriter } from '../state/journal.ts';
import { killPoint } from './kill-points.ts';
import { equalValues } from './equal-values.ts';
import { RateMeter } from './rate.ts';
import type { RunHooks } from './types.ts';
import type { Pool } from '../pool/worker-pool.ts';

export interface WritePassInput {
  /** Read as the pass goes: a plan of millions of files is not held. */
  tasks: Listing<PlannedFile>;
  /** Journal fields known before the worker runs: input signature and spellings digest. */
  journalFields(planned: PlannedFile): Pick<JournalEntry, 'sig' | 'spellings' | 'input'>;
  journalPath: string;
  pool: Pool<FileTask, FileResult>;
  /** How many files may be in flight at once. */
  inFlight: number;
  stopOnResidue: boolean;
  hooks: RunHooks;
  /** Takes each result as it lands instead of `results` holding them all (a run of millions of files). */
  onResult?(result: FileResult, task: FileTask): void;
  /** Takes each task a stopped pass never started. */
  onNotStarted?(task: FileTask): void;
  /** Files already known done (counted in progress from the start). */
  alreadyDone: number;
  total: number;
}

export interface WritePassOutcome {
  results: FileResult[];
  /** Tasks a worker failed on with an unexpected error (a bug): the files are skipped and listed. */
  failures: { task: FileTask; error: Error }[];
  stopped: 'signal' | 'residue' | undefined;
}

/**
 * Every result is held until the report; most files' counts of names replaced and of profile
 * actions are the same few maps, which as a copy per file were about a sixth of the heap a run
 * holds per file: equal maps are kept once.
 */
function factInterner(): (result: FileResult, task: FileTask) => FileResult {
  const names = equalValues<NonNullable<FileResult['names']>>(10_000);
  const actions = equalValues<NonNullable<FileResult['actions']>>(10_000);
  return (result, task) => {
    // The reply's copies of the task's strings: the task's own serve.
    result.ref = task.ref;
    if (result.out === task.out) result.out = task.out;
    if (result.names !== undefined) result.names = names(result.names);
    if (result.actions !== undefined) result.actions = actions(result.actions);
    return result;
  };
}

export async function runWritePass(input: WritePassInput): Promise<WritePassOutcome> {
  const results: FileResult[] = [];
  const failures: WritePassOutcome['failures'] = [];
  let stopped: WritePassOutcome['stopped'];
  const tasks = input.tasks[Symbol.iterator]();
  let waiting: IteratorResult<PlannedFile, unknown> = tasks.next();
  let done = input.alreadyDone;
  const meter = new RateMeter();
  const { hooks } = input;

  const journal = new JournalWriter(input.journalPath);
  const shared = factInterner();
  const finish = (task: FileTask, fields: Pick<JournalEntry, 'sig' | 'spellings' | 'input'>, result: FileResult) => {
    if (input.onResult) input.onResult(result, task);
    else results.push(shared(result, task));
    if (result.outcome !== 'skipped') {
      const { warnings, names, shortened, actions } = result;
      journal.append([
        {
          ref: task.ref,
          ...fields,
          out: result.out,
          size: result.size,
          outcome: result.outcome === 'quarantined' ? 'quarantined' : result.outcome,
          ...(result.flags.length > 0 ? { flags: result.flags } : {}),
          ...(warnings ? { warnings } : {}),
          ...(names ? { names } : {}),
          ...(shortened ? { shortened } : {}),
          ...(actions ? { actions } : {}),
        },
      ]);
      killPoint('after-journal');
    }
    if (result.outcome === 'quarantined' && input.stopOnResidue) stopped ??= 'residue';
    done += 1;
    const { filesPerSecond, etaSeconds } = meter.update(done, input.total);
    hooks.onProgress?.({ phase: 'write', done, total: input.total, filesPerSecond, etaSeconds, currentPatient: task.patientId });
  };

  const lane = async () => {
    while (!waiting.done && stopped === undefined) {
      // A file done in this thread settles as a microtask only: without a turn of the event loop
      // between files, Stop (an HTTP request, a signal) would be read only after the last file.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (hooks.signal?.aborted) {
        stopped ??= 'signal';
        break;
      }
      if (waiting.done || stopped !== undefined) break;
      const planned = waiting.value;
      waiting = tasks.next();
      const { task } = planned;
      // Taken before the file is read: an input changed while it is written must not look done.
      const fields = input.journalFields(planned);
      try {
        finish(task, fields, await input.pool.run(task));
      } catch (error) {
        failures.push({ task, error: error instanceof Error ? error : new Error(String(error)) });
        done += 1;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, input.inFlight) }, lane));
  } catch (error) {
    // The plan's reader holds files open until it is read to the end or let go.
    tasks.return?.();
    throw error;
  } finally {
    journal.close();
  }
  for (; !waiting.done; waiting = tasks.next()) input.onNotStarted?.(waiting.value.task);
  return { results, failures, stopped };
}
