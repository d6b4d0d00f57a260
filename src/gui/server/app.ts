/**
 * The GUI's HTTP surface as a hono app, runnable in process (`app.request(...)`) or behind
 * `serve.ts`. Every route sits behind {@link guard}: the page, its assets, the JSON API and the
 * progress stream (server-sent events).
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { DicomveilError } from '../../core/errors.ts';
import { buildProfile, profileTable } from '../../core/profiles/index.ts';
import { type AnonymizeOptions, OPTION_SPECS, type WrittenOptions, validateOptions } from '../../core/options/schema.ts';
import type { LinkChoiceRequest, OptionsRequest, ProfileAnswer, SchemaAnswer, ValidateAnswer } from '../api-types.ts';
import { listFolder } from './browse.ts';
import { ChangesRefusal, fileChanges, listChangedFiles } from './changes.ts';
import { toolVersion } from '../../node/run/version.ts';
import { type GuiSecrets, guard, REPORTS_PATH, securityHeaders } from './guard.ts';
import { LINKS_FILE, readLinks, saveLinks } from './links-file.ts';
import { openExternal } from './open-external.ts';
import { pageAssets } from './page.ts';
import { framePixels } from './pixels.ts';
import { gatherResult } from './result.ts';
import type { RunApi, RunPlan } from './run-api.ts';
import { BusyError, RunSession } from './run-session.ts';
import { followSession } from './sse.ts';

/** What the app needs from its host: secrets, its port, the run functions. */
export interface GuiAppOptions {
  secrets: GuiSecrets;
  /** The port the server listens on (Host and Origin must name it); read per request. */
  port: () => number;
  run: RunApi;
  cpuCount: number;
  /** Opens a folder in the file manager; injectable so tests do not start one. */
  openFolder?: (path: string) => Promise<boolean>;
}

/** The app and its session (tests watch the session's events). */
export interface GuiApp {
  app: Hono;
  session: RunSession;
}

function problem(status: 400 | 404 | 409 | 500, message: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error: message, ...extra }, { status });
}

/** Said when the page asks to act on options other than those of the plan it showed. */
export const STALE_PLAN = 'The folders or options changed since the preview. Preview again to see the plan that will run, then start.';

/** Whether two validated option sets would run the same plan. */
function sameOptions(a: AnonymizeOptions | undefined, b: AnonymizeOptions): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A refusal as the page shows it: a message that starts with the option it concerns (as the CLI
 * words it) is given to that field, in words without the flag.
 */
function refusal(message: string): Response {
  const named = /^(<input>|--([a-z-]+)): ([\s\S]*)$/.exec(message);
  const spec = named === null ? undefined : OPTION_SPECS.find((s) => (named[1] === '<input>' ? s.key === 'input' : s.flag === named[2]));
  if (named === null || spec === undefined) return problem(400, message);
  const text = named[3] ?? message;
  return problem(400, text, { errors: [{ key: spec.key, flag: spec.flag, message }] });
}

/**
 * The ambiguous patients of `plan` that no saved link choice settles: equally close rows are the
 * user's to choose between, so the GUI starts no run that would leave one unlinked unasked.
 */
async function unchosenLinks(plan: RunPlan | undefined, options: AnonymizeOptions): Promise<string[]> {
  const ambiguous = (plan?.patients ?? []).filter((p) => p.link.status === 'ambiguous');
  if (ambiguous.length === 0) return [];
  const chosen = new Set((await readLinks(options.links ?? join(options.privateDir, LINKS_FILE))).map((c) => c.dicomName));
  return ambiguous.filter((p) => !chosen.has(p.name) && !p.spellings.some((s) => chosen.has(s))).map((p) => p.id);
}

/** Builds the app and the run session it drives. */
export function createGuiApp(config: GuiAppOptions): GuiApp {
  const session = new RunSession(config.run);
  const app = new Hono();
  const validate = (written: WrittenOptions | undefined): ValidateAnswer => validateOptions(written ?? {}, { cpuCount: config.cpuCount });

  app.use('*', securityHeaders, guard(config.secrets, config.port));

  app.onError((error) => {
    if (error instanceof BusyError) return problem(409, error.message);
    if (error instanceof ChangesRefusal) return problem(error.status, error.message);
    if (error instanceof DicomveilError) return refusal(error.message);
    if (error instanceof SyntaxError) return problem(400, 'The request is not valid JSON.');
    return problem(500, error instanceof Error ? error.message : String(error));
  });

  app.get('/', async (c) => c.html((await pageAssets()).html));
  app.get('/assets/main.js', async (c) => c.body((await pageAssets()).script, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/assets/style.css', async (c) => c.body((await pageAssets()).style, 200, { 'content-type': 'text/css; charset=utf-8' }));

  app.get('/api/schema', (c) => c.json({ specs: OPTION_SPECS, cpuCount: config.cpuCount, home: homedir() } satisfies SchemaAnswer));

  app.get('/api/browse', async (c) => c.json(await listFolder(c.req.query('path') ?? '')));

  app.post('/api/validate', async (c) => {
    const body = (await c.req.json()) as OptionsRequest;
    const { errors, options } = validate(body.options);
    return c.json((options === undefined ? { errors } : { errors, options }) satisfies ValidateAnswer);
  });

  app.post('/api/profile', async (c) => {
    // The table `dicomveil profile` prints, from the form's profile fields alone: no folder is needed.
    const written = ((await c.req.json()) as OptionsRequest).options ?? {};
    const { errors, options } = validate({ input: '-', output: '-', profile: written.profile, retain: written.retain, clean: written.clean, privateTags: written.privateTags, remove: written.remove });
    if (options === undefined) return c.json({ errors }, 400);
    const profile = buildProfile({ ...options, version: toolVersion() });
    return c.json({ profile: { id: profile.name, retain: [...profile.retain], clean: [...profile.clean], rows: profileTable(profile) } } satisfies ProfileAnswer);
  });

  app.post('/api/preview', async (c) => {
    const body = (await c.req.json()) as OptionsRequest;
    const { errors, options } = validate(body.options);
    if (options === undefined) return c.json({ errors }, 400);
    return c.json({ plan: await session.preview(options, body.options), options });
  });

  app.post('/api/links', async (c) => {
    const body = (await c.req.json()) as LinkChoiceRequest;
    const { errors, options } = validate(body.options);
    if (options === undefined) return c.json({ errors }, 400);
    // Choices are made on a plan: they go to that plan's private folder, or nowhere.
    if (!sameOptions(session.planOptions, options)) return problem(409, STALE_PLAN, { stale: true });
    const choices = (body.choices ?? []).filter((choice) => typeof choice.dicomName === 'string' && choice.dicomName !== '');
    const written = choices.map((choice) => ({ dicomName: choice.dicomName, demographicsName: choice.demographicsName ?? '' }));
    const path = await saveLinks(options.privateDir, written, options.links);
    return c.json({ path, saved: choices.length });
  });

  app.post('/api/start', async (c) => {
    const body = (await c.req.json()) as OptionsRequest;
    const { errors, options } = validate(body.options);
    if (options === undefined) return c.json({ errors }, 400);
    // What runs is what was reviewed: the options of the last preview, unchanged.
    if (!sameOptions(session.planOptions, options)) return problem(409, STALE_PLAN, { stale: true });
    const unchosen = await unchosenLinks(session.plan, options);
    if (unchosen.length > 0) {
      return problem(409, `Choose a link first for ${unchosen.join(', ')}: one of the rows, another row, or "No demographics row".`, { unchosen });
    }
    session.start(options, body.options);
    return c.json({ started: true }, 202);
  });

  app.post('/api/stop', (c) => c.json({ stopping: session.stop() }));

  app.get('/api/status', (c) => c.json(session.snapshot()));

  app.get('/api/result', async (c) => {
    const summary = session.snapshot().summary;
    if (summary === undefined) return problem(404, 'No run has finished yet.');
    // The preview's plan describes this run only if it was made for the same folders.
    const planned = session.planOptions;
    const run = session.runOptions;
    const samePlan = planned !== undefined && run !== undefined && planned.input === run.input && planned.output === run.output && planned.privateDir === run.privateDir;
    return c.json(await gatherResult(summary, samePlan ? session.plan : undefined));
  });

  app.get('/api/changed-files', (c) => {
    const options = session.runOptions;
    if (options === undefined || session.snapshot().summary === undefined) return problem(404, 'No run has finished yet.');
    return c.json(listChangedFiles(options));
  });

  app.get('/api/changes', async (c) => {
    // The path names a file of the last run's output; changes.ts opens only files files.csv lists there.
    const options = session.runOptions;
    if (options === undefined || session.snapshot().summary === undefined) return problem(404, 'No run has finished yet.');
    return c.json(await fileChanges(options, c.req.query('path') ?? ''));
  });

  app.get('/api/pixels', (c) => {
    const options = session.runOptions;
    if (options === undefined || session.snapshot().summary === undefined) return problem(404, 'No run has finished yet.');
    return framePixels(options, c.req.query('path') ?? '');
  });

  app.get(`${REPORTS_PATH}:name`, async (c) => {
    // Only the last run's two report pages, by their fixed names: never a path the request names.
    const options = session.runOptions;
    const name = c.req.param('name');
    const folder = name === 'report.html' ? options?.output : name === 'report-private.html' ? options?.privateDir : undefined;
    if (folder === undefined) return problem(404, 'Not found.');
    const html = await readFile(join(folder, name), 'utf8').catch(() => undefined);
    return html === undefined ? problem(404, `The run wrote no ${name}.`) : c.html(html);
  });

  app.post('/api/open', async (c) => {
    const { which } = (await c.req.json()) as { which?: string };
    // Only the folders of the last run can be opened: never a path the request names.
    const options = session.runOptions ?? session.planOptions;
    if (options === undefined) return problem(404, 'No run yet.');
    const folder = which === 'private' ? options.privateDir : which === 'output' ? options.output : undefined;
    if (folder === undefined) return problem(400, 'Say "output" or "private".');
    const opened = await (config.openFolder ?? openExternal)(folder);
    return c.json({ opened, folder });
  });

  app.get('/api/events', (c) => streamSSE(c, (stream) => followSession(session, stream)));

  app.notFound(() => problem(404, 'Not found.'));
  return { app, session };
}
