/** The commands' bodies: each returns its exit code and writes only through the given io. */
import { type AnonymizeOptions, validateOptions } from '../core/options/schema.ts';
import { buildProfile, profileTable, renderProfileTable } from '../core/profiles/index.ts';
import { toolVersion } from '../node/run/version.ts';
import { type RunSummary, runAnonymization, verifyOutput } from '../node/run/index.ts';
import { describeFailure } from './errors-to-exit.ts';
import type { CliIo } from './main.ts';
import { createReporter } from './progress-reporter.ts';

/** The contract's `--json` summary object (CONTRACT.md), no more and no less. */
export function jsonSummary(summary: RunSummary): Record<string, unknown> {
  const { status, patients, ambiguous, suggested, files, output, privateDir, error } = summary;
  return { status, patients, ambiguous, suggested, files, output, privateDir, ...(error === undefined ? {} : { error }) };
}

function humanSummary(summary: RunSummary, dryRun: boolean): string {
  const f = summary.files;
  if (summary.status === 'refused') return `Refused: ${summary.error ?? 'see above'}. Nothing was written.\n`;
  const counts = [`${f.anonymized} anonymized`, `${f.unchanged} unchanged`, `${f.ignored} ignored`, `${f.skipped} skipped`, `${f.quarantined} quarantined`];
  const head = dryRun ? 'Plan' : summary.status === 'complete' ? 'Done' : summary.status !== 'stopped' ? 'Finished with problems' : f.quarantined > 0 ? 'Stopped at a file whose name could not be removed (see above; running again stops there too, --on-residue quarantine goes on)' : 'Stopped (run again to resume)';
  const ambiguous = summary.ambiguous > 0 ? `, ${summary.ambiguous} with an ambiguous demographics link (resolve in links.csv)` : '';
  const suggested = summary.suggested > 0 ? `, ${summary.suggested} with a suggested demographics row (confirm in links.csv or the GUI)` : '';
  const where = dryRun ? `plan.json in ${summary.privateDir}` : `${summary.output} (private: ${summary.privateDir}, never share it)`;
  const flags = Object.entries(summary.riskFlags ?? {}).map(([flag, n]) => `${flag} ${n}`);
  const review = flags.length > 0 ? `  Look at these by eye (text drawn into pixels cannot be searched): ${flags.join(', ')}; see report.json.\n` : '';
  return `${head}: ${summary.patients} patients${ambiguous}${suggested}; files: ${counts.join(', ')}.\n${review}  → ${where}\n`;
}

export async function anonymizeCommand(options: AnonymizeOptions, io: CliIo): Promise<number> {
  const reporter = createReporter({ stderr: io.stderr, stderrIsTTY: io.stderrIsTTY, ...(io.columns === undefined ? {} : { columns: io.columns }) });
  const summary = await runAnonymization(options, { onProgress: reporter.onProgress, onLog: reporter.onLog, ...(io.signal ? { signal: io.signal } : {}) });
  reporter.finish();
  if (summary.status === 'refused' && summary.error !== undefined) io.stderr(`dicomveil: ${summary.error}\n`);
  else io.stderr(humanSummary(summary, options.dryRun));
  if (options.json) io.stdout(`${JSON.stringify(jsonSummary(summary))}\n`);
  // Stopped by Ctrl-C: the shell's convention, unless the data itself already called for a code.
  if (summary.status === 'stopped' && io.signal?.aborted && summary.exitCode === 0) return 130;
  return summary.exitCode;
}

export async function verifyCommand(dir: string, privateDir: string, json: boolean, io: CliIo): Promise<number> {
  const { findings } = await verifyOutput(dir, privateDir);
  if (json) io.stdout(`${JSON.stringify({ findings })}\n`);
  else for (const finding of findings) io.stdout(`${finding}\n`);
  io.stderr(findings.length === 0 ? `verify: no finding in ${dir}\n` : `verify: ${findings.length} finding(s) in ${dir}\n`);
  return findings.length === 0 ? 0 : 1;
}

export async function guiCommand(settings: { port: number; open: boolean }, io: CliIo): Promise<number> {
  // Loaded on demand: the server's dependencies cost start-up time every other command would pay.
  const { startGui } = await import('../gui/server/serve.ts');
  const gui = await startGui({ port: settings.port, open: settings.open });
  io.stdout(`${gui.url}\n`);
  io.stderr('dicomveil gui: open the URL above in a browser on this computer; Ctrl-C to stop.\n');
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
    gui.closed.then(resolve, resolve);
  });
  await gui.close();
  return 0;
}

export async function exampleCommand(dir: string, json: boolean, io: CliIo): Promise<number> {
  const { runExample } = await import('./example-command.ts');
  try {
    return await runExample(dir, json, io);
  } catch (error) {
    const failure = describeFailure(error);
    io.stderr(failure.text);
    return failure.exitCode;
  }
}

/** `dicomveil profile`: the resolved action table, from the same option schema and rules a run uses. */
export function profileCommand(values: { profile: string; retain?: string[]; clean?: string[]; privateTags?: string; json?: boolean }, io: CliIo): number {
  const { options, errors } = validateOptions(
    { input: '-', output: '-', profile: values.profile, retain: values.retain, clean: values.clean, privateTags: values.privateTags },
    { cpuCount: 1 },
  );
  if (!options) {
    for (const problem of errors) io.stderr(`dicomveil: ${problem.message}\n`);
    return 2;
  }
  const profile = buildProfile({ ...options, version: toolVersion() });
  if (values.json) io.stdout(`${JSON.stringify({ profile: profile.name, retain: profile.retain, clean: profile.clean, privateTags: options.privateTags, rules: profileTable(profile) })}\n`);
  else io.stdout(`${renderProfileTable(profile)}\n`);
  return 0;
}
