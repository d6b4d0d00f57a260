/**
 * The command line: `anonymize`, `verify`, `gui`, `profile`, `example`, and past one machine `scan`,
 * `plan`, `anonymize --plan … --shard`, `merge`. {@link runMain} is the only code
 * that reads argv or exits; {@link runCli} does the work and returns the exit code, so tests call
 * it in process.
 */
import { availableParallelism } from 'node:os';
import { Command, CommanderError } from 'commander';
import { type AnonymizeOptions, defaultPrivateDir, validateOptions } from '../core/options/schema.ts';
import { refusedSummary } from '../node/run/run-anonymization.ts';
import { toolVersion } from '../node/run/version.ts';
import { BUG_EXIT_CODE, describeFailure } from './errors-to-exit.ts';
import { addAnonymizeFlags, writtenOptions } from './flags.ts';
import { mergeCommand, planCommand, type ShardFlags, scanCommand, shardCommand } from './cluster-commands.ts';
import { anonymizeCommand, exampleCommand, guiCommand, jsonSummary, profileCommand, verifyCommand } from './commands.ts';

/** What a command may touch of the outside world. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  stderrIsTTY: boolean;
  columns?: number;
  cpuCount: number;
  /** Aborted on Ctrl-C: a run stops after the files in flight and stays resumable. */
  signal?: AbortSignal;
}

/** Runs one command line (without `node` and the script) and returns its exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  /** The options of `anonymize` and `plan` checked against the schema; each problem said on stderr. */
  const validated = (input: string, values: Record<string, unknown>) => {
    const { options, errors } = validateOptions(writtenOptions(input, values), { cpuCount: io.cpuCount });
    for (const problem of options ? [] : errors) io.stderr(`dicomveil: ${problem.message}\n`);
    if (!options && values.json === true) {
      // A refusal is a summary too: `--json` promises one object on stdout, whatever stops the run.
      const output = typeof values.output === 'string' ? values.output : '';
      const privateDir = typeof values.privateDir === 'string' ? values.privateDir : output === '' ? '' : defaultPrivateDir(output);
      io.stdout(`${JSON.stringify(jsonSummary(refusedSummary({ output, privateDir }, { message: errors.map((problem) => problem.message).join('; ') })))}\n`);
    }
    return options;
  };
  const program = new Command('dicomveil')
    .description('Share a research DICOM dataset without sharing who the patients are.')
    .version(toolVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text) })
    .showHelpAfterError('(run with --help for usage)');

  addAnonymizeFlags(program.command('anonymize').description('Write an anonymized copy of a DICOM dataset and verify every file'))
    .option('--plan <file>', 'Past one machine: the <private-dir>/plan.json written by `dicomveil plan`; its options are used')
    .option('--shard <K/N|auto>', 'With --plan: write only the files of shard K of N (auto: from the Slurm array or Kubernetes Indexed Job)')
    .option('--shards <n>', 'With --shard auto in a Kubernetes Indexed Job: the number of shards (the job\'s completions)')
    .exitOverride()
    .action(async (input: string, values: Record<string, unknown>) => {
      const options = validated(input, values);
      if (!options) {
        exitCode = 2;
        return;
      }
      const shard = values as ShardFlags;
      const written = Object.keys(writtenOptions(input, values)) as (keyof AnonymizeOptions)[];
      exitCode = shard.plan !== undefined || shard.shard !== undefined ? await shardCommand(options, written, shard, io) : await anonymizeCommand(options, io);
    });

  program
    .command('scan')
    .description('Past one machine: read the headers of shard K of N into the private dir')
    .argument('<input>', 'The folder (or .zip) of patients')
    .requiredOption('--output <dir>', 'The output folder the run will write')
    .option('--private-dir <dir>', 'The private dir (default: <output>-private)')
    .requiredOption('--shard <K/N|auto>', 'Shard K of N (auto: from the Slurm array or Kubernetes Indexed Job)')
    .option('--shards <n>', 'With --shard auto in a Kubernetes Indexed Job: the number of shards')
    .option('--jobs <n>', 'Threads reading headers', '1')
    .exitOverride()
    .action(async (input: string, values: { output: string; privateDir?: string; shard: string; shards?: string; jobs: string }) => {
      const jobs = Number(values.jobs);
      if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) {
        io.stderr(`dicomveil: --jobs: expected 1 to 256, got "${values.jobs}"\n`);
        exitCode = 2;
        return;
      }
      const privateDir = values.privateDir ?? defaultPrivateDir(values.output);
      exitCode = await scanCommand({ input, output: values.output, privateDir, jobs }, values.shard, values.shards, io);
    });

  addAnonymizeFlags(program.command('plan').description('Past one machine: join the scans, group patients, link, issue ids; writes <private-dir>/plan.json'))
    .exitOverride()
    .action(async (input: string, values: Record<string, unknown>) => {
      const options = validated(input, values);
      if (!options) {
        exitCode = 2;
        return;
      }
      exitCode = await planCommand(options, io);
    });

  program
    .command('merge')
    .description('Past one machine: once every shard is done, write report.json and the CSVs')
    .requiredOption('--output <dir>', 'The output folder the shards wrote')
    .option('--private-dir <dir>', 'The private dir (default: <output>-private)')
    .option('--json', 'One JSON summary on stdout at the end')
    .exitOverride()
    .action(async (values: { output: string; privateDir?: string; json?: boolean }) => {
      exitCode = await mergeCommand(values.output, values.privateDir ?? defaultPrivateDir(values.output), values.json === true, io);
    });

  program
    .command('verify')
    .description('Check an anonymized output again against the private mapping; changes nothing')
    .argument('<dir>', 'The output folder to check')
    .option('--private-dir <dir>', 'The private dir of that output (default: <dir>-private)')
    .option('--json', 'One JSON object with the findings on stdout')
    .exitOverride()
    .action(async (dir: string, values: { privateDir?: string; json?: boolean }) => {
      exitCode = await verifyCommand(dir, values.privateDir ?? defaultPrivateDir(dir), values.json === true, io);
    });

  program
    .command('gui')
    .description('Open the local web interface (127.0.0.1 only) with the same options')
    .option('--port <n>', 'Port to listen on (default: any free port)')
    .option('--no-open', 'Do not open a browser; just print the URL')
    .exitOverride()
    .action(async (values: { port?: string; open: boolean }) => {
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        io.stderr(`dicomveil: --port: expected a port number, got "${values.port}"\n`);
        exitCode = 2;
        return;
      }
      exitCode = await guiCommand({ port, open: values.open }, io);
    });

  program
    .command('profile')
    .description('Print the action table the profile options give (keyword, tag, action, origin); reads no data')
    .option('--profile <name>', 'research or basic', 'research')
    .option('--retain <option,...>', 'With --profile basic: the standard\'s Retain options', (value: string, previous: string[] = []) => [...previous, value])
    .option('--clean <option,...>', 'With --profile basic: the standard\'s Clean options', (value: string, previous: string[] = []) => [...previous, value])
    .option('--private-tags <keep|remove>', 'Private elements (default: keep under research, remove under basic)')
    .option('--json', 'The table as JSON on stdout')
    .exitOverride()
    .action((values: { profile: string; retain?: string[]; clean?: string[]; privateTags?: string; json?: boolean }) => {
      exitCode = profileCommand(values, io);
    });

  program
    .command('example')
    .description('Generate a synthetic dataset in example/input and anonymize it to example/output')
    .option('--dir <dir>', 'Where to put input/ and output/', 'example')
    .option('--json', 'One JSON summary on stdout at the end')
    .exitOverride()
    .action(async (values: { dir: string; json?: boolean }) => {
      exitCode = await exampleCommand(values.dir, values.json === true, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are answers; anything else commander rejects is a usage error.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? 0 : 2;
    }
    const failure = describeFailure(error);
    io.stderr(failure.text);
    return failure.exitCode;
  }
}

/** The process entry point (entry.ts): wires signals and streams, then exits. */
export async function runMain(argv: readonly string[]): Promise<void> {
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    interrupts += 1;
    if (interrupts === 1) {
      process.stderr.write('\nStopping after the files in progress (Ctrl-C again to quit now)…\n');
      controller.abort();
    } else process.exit(130);
  });
  let code: number;
  try {
    code = await runCli(argv, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      stderrIsTTY: process.stderr.isTTY === true,
      columns: process.stderr.columns,
      cpuCount: availableParallelism(),
      signal: controller.signal,
    });
  } catch (error) {
    process.stderr.write(describeFailure(error).text);
    code = BUG_EXIT_CODE;
  }
  // Exit only once stdout is flushed: a piped `--json` summary must not be cut short.
  process.stdout.write('', () => process.exit(code));
}
