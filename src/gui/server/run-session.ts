/**
 * The one run a GUI server drives at a time: the preview (dry run) and the real run, their
 * progress and logs fanned out to every open page, and Stop through an AbortSignal.
 */
import type { AnonymizeOptions, WrittenOptions } from '../../core/options/schema.ts';
import type { GuiPhase, LogEntry, SessionEvent, Snapshot } from '../api-types.ts';
import type { RunApi, RunPlan, RunProgress, RunSummary } from './run-api.ts';

/** Enough lines to explain a run; older ones are dropped so a long run stays small. */
const MAX_LOGS = 500;

/** Thrown when a preview or run is asked for while another is in progress. */
export class BusyError extends Error {}

/** The GUI's run state: one preview or run at a time, its events fanned out to every page. */
export class RunSession {
  private phase: GuiPhase = 'idle';
  private progress: RunProgress | undefined;
  private summary: RunSummary | undefined;
  private error: string | undefined;
  private logs: LogEntry[] = [];
  /** The options as written on the page for the preview or run in this state (a reload shows them). */
  private written: WrittenOptions | undefined;
  private controller: AbortController | undefined;
  private readonly listeners = new Set<(event: SessionEvent) => void>();
  /** The options and plan of the last preview, and the options of the last run. */
  plan: RunPlan | undefined;
  planOptions: AnonymizeOptions | undefined;
  runOptions: AnonymizeOptions | undefined;
  /** The run in flight, so `close()` can wait for it to stop. */
  running: Promise<unknown> | undefined;

  constructor(private readonly api: RunApi) {}

  /** Where things stand now, for a page that just connected. */
  snapshot(): Snapshot {
    return { phase: this.phase, progress: this.progress, summary: this.summary, error: this.error, logs: [...this.logs], options: this.written };
  }

  /** Calls `listener` with every event until the returned function is called. */
  subscribe(listener: (event: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: SessionEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private enter(phase: GuiPhase): void {
    this.phase = phase;
    this.emit({ type: 'snapshot', snapshot: this.snapshot() });
  }

  private hooks(signal: AbortSignal) {
    return {
      signal,
      onProgress: (progress: RunProgress) => {
        this.progress = progress;
        this.emit({ type: 'progress', progress });
      },
      onLog: (entry: LogEntry) => {
        this.logs.push({ level: entry.level, message: entry.message });
        if (this.logs.length > MAX_LOGS) this.logs.splice(0, this.logs.length - MAX_LOGS);
        this.emit({ type: 'log', entry });
      },
    };
  }

  private begin(phase: GuiPhase, written: WrittenOptions | undefined): AbortSignal {
    if (this.phase === 'planning' || this.phase === 'running') throw new BusyError(`A ${this.phase === 'planning' ? 'preview' : 'run'} is in progress.`);
    this.written = written;
    this.controller = new AbortController();
    this.progress = undefined;
    this.summary = undefined;
    this.error = undefined;
    this.logs = [];
    this.enter(phase);
    return this.controller.signal;
  }

  /** The dry run: `options` are forced to `dryRun`, so nothing is written under the output. */
  async preview(options: AnonymizeOptions, written?: WrittenOptions): Promise<RunPlan> {
    const signal = this.begin('planning', written);
    const dry = { ...options, dryRun: true, json: false };
    // Until this preview succeeds there is no reviewed plan to start.
    this.plan = undefined;
    this.planOptions = undefined;
    const planning = this.api.planAnonymization(dry, this.hooks(signal));
    this.running = planning;
    try {
      this.plan = await planning;
      this.planOptions = options;
      this.enter('planned');
      return this.plan;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
      this.enter('failed');
      throw error;
    } finally {
      this.running = undefined;
    }
  }

  /** Starts the real run and returns at once; the page follows it through events. */
  start(options: AnonymizeOptions, written?: WrittenOptions): void {
    const signal = this.begin('running', written);
    this.runOptions = { ...options, dryRun: false, json: false };
    const run = this.api.runAnonymization(this.runOptions, this.hooks(signal)).then(
      (summary) => {
        this.summary = summary;
        this.enter('finished');
      },
      (error: unknown) => {
        this.error = error instanceof Error ? error.message : String(error);
        this.enter('failed');
      },
    );
    this.running = run.finally(() => {
      this.running = undefined;
    });
  }

  /** Asks the preview or run in flight to stop; the files in flight finish, the state resumes. */
  stop(): boolean {
    if (this.controller === undefined || (this.phase !== 'running' && this.phase !== 'planning')) return false;
    this.controller.abort();
    return true;
  }
}
