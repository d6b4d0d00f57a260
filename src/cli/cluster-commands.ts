/** The commands past one machine: scan and anonymize shards, plan, merge (CONTRACT.md "Commands"). */
import { resolve } from 'node:path';
import { type AnonymizeOptions, OPTION_SPECS } from '../core/options/schema.ts';
import { mergeShards } from '../node/cluster/merge.ts';
import { planCluster } from '../node/cluster/plan-step.ts';
import { parseShard } from '../node/cluster/shard.ts';
import { anonymizeShard, planForCommand, scanShard } from '../node/cluster/shard-run.ts';
import { jsonSummary } from './commands.ts';
import { describeFailure } from './errors-to-exit.ts';
import type { CliIo } from './main.ts';
import { createReporter } from './progress-reporter.ts';

/** The flags only a shard takes; the rest of its options come from plan.json. */
export interface ShardFlags {
  plan?: string;
  shard?: string;
  shards?: string;
}

/** What a shard takes from its command line: the rest is the plan's (plan-run.json). */
const SHARD_OWN: ReadonlySet<keyof AnonymizeOptions> = new Set(['input', 'output', 'jobs']);

/**
 * The flags written on a shard's command line that the plan decides (its --private-dir only when
 * it is not the plan's folder): a shard would run without them, so it refuses them instead.
 */
function planDecided(written: readonly (keyof AnonymizeOptions)[], options: AnonymizeOptions, plan: string): string[] {
  return OPTION_SPECS.filter(
    (spec) => written.includes(spec.key) && !SHARD_OWN.has(spec.key) && !(spec.key === 'privateDir' && resolve(options.privateDir) === resolve(plan, '..')),
  ).map((spec) => `--${spec.flag}`);
}

function reporterFor(io: CliIo) {
  return createReporter({ stderr: io.stderr, stderrIsTTY: io.stderrIsTTY, ...(io.columns === undefined ? {} : { columns: io.columns }) });
}

/** Runs `body`; a refusal is its message and exit 2, like every other command's. */
async function guarded(io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    const failure = describeFailure(error);
    io.stderr(failure.text);
    return failure.exitCode;
  }
}

export function scanCommand(options: Pick<AnonymizeOptions, 'input' | 'output' | 'privateDir' | 'jobs'>, shard: string, shards: string | undefined, io: CliIo): Promise<number> {
  return guarded(io, async () => {
    const spec = parseShard(shard, process.env, shards);
    const reporter = reporterFor(io);
    const files = await scanShard(options, spec, { onProgress: reporter.onProgress, onLog: reporter.onLog });
    reporter.finish();
    io.stderr(`Scanned shard ${spec.index}/${spec.count}: ${files} file(s) → ${options.privateDir}\n`);
    return 0;
  });
}

export function planCommand(options: AnonymizeOptions, io: CliIo): Promise<number> {
  return guarded(io, async () => {
    const reporter = reporterFor(io);
    const { plan, files } = await planCluster(options, { onProgress: reporter.onProgress, onLog: reporter.onLog });
    reporter.finish();
    for (const warning of plan.warnings) io.stderr(`warning: ${warning}\n`);
    io.stderr(`Plan: ${plan.patients.length} patients, ${files} file(s) to write → plan.json in ${options.privateDir}\n`);
    return 0;
  });
}

/** `written`: the options the command line gave (not their defaults). */
export function shardCommand(options: AnonymizeOptions, written: readonly (keyof AnonymizeOptions)[], flags: ShardFlags, io: CliIo): Promise<number> {
  return guarded(io, async () => {
    if (flags.plan === undefined || flags.shard === undefined) {
      io.stderr(`dicomveil: ${flags.plan === undefined ? '--shard needs --plan <private-dir>/plan.json' : '--plan needs --shard K/N or --shard auto'}\n`);
      return 2;
    }
    const decided = planDecided(written, options, flags.plan);
    if (decided.length > 0) {
      io.stderr(`dicomveil: ${decided.join(', ')}: a shard runs with the options of its plan (${flags.plan}); give them to dicomveil plan (--json to merge), and to a shard only <input>, --output, --plan, --shard and --jobs\n`);
      return 2;
    }
    const spec = parseShard(flags.shard, process.env, flags.shards);
    const plan = planForCommand(flags.plan, options);
    const reporter = reporterFor(io);
    const outcome = await anonymizeShard(plan, spec, options.jobs, { onProgress: reporter.onProgress, onLog: reporter.onLog, ...(io.signal ? { signal: io.signal } : {}) });
    reporter.finish();
    if (outcome.stopped && io.signal?.aborted && outcome.exitCode === 0) return 130;
    return outcome.exitCode;
  });
}

export function mergeCommand(output: string, privateDir: string, json: boolean, io: CliIo): Promise<number> {
  return guarded(io, async () => {
    const reporter = reporterFor(io);
    const summary = await mergeShards(output, privateDir, { onLog: reporter.onLog });
    reporter.finish();
    const f = summary.files;
    io.stderr(`Merged: ${summary.patients} patients; files: ${f.anonymized} anonymized, ${f.unchanged} unchanged, ${f.ignored} ignored, ${f.skipped} skipped, ${f.quarantined} quarantined → ${summary.output}\n`);
    if (json) io.stdout(`${JSON.stringify(jsonSummary(summary))}\n`);
    return summary.exitCode;
  });
}
