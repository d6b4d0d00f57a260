/**
 * `dicomveil gui`: serves the app on 127.0.0.1 only, with fresh secrets, and opens the browser on
 * the tokenized URL unless told not to. `close()` (the CLI calls it on Ctrl-C) stops a run in
 * flight, which stays resumable, and closes the server so the process ends by itself.
 */
import { availableParallelism } from 'node:os';
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { UsageError } from '../../core/errors.ts';
import { createGuiApp } from './app.ts';
import { newSecrets } from './guard.ts';
import { openExternal } from './open-external.ts';
import { pageAssets } from './page.ts';
import type { RunApi } from './run-api.ts';

export interface GuiOptions {
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Open the default browser on the URL. */
  open: boolean;
  /** The run functions; the pipeline's by default. */
  run?: RunApi;
  /** Close on SIGINT/SIGTERM by itself (default false: the CLI wires signals to `close`). */
  handleSignals?: boolean;
}

export interface RunningGui {
  /** `http://127.0.0.1:PORT/?token=…`: the only way in. */
  url: string;
  /** Stops a run in flight, waits for it, and closes the server. Safe to call twice. */
  close(): Promise<void>;
  /** Settles once the server is closed, whoever closed it. */
  closed: Promise<void>;
}

async function defaultRunApi(): Promise<RunApi> {
  // Loaded lazily so the server's own tests need not load the pipeline.
  const run = await import('../../node/run/index.ts');
  return { planAnonymization: run.planAnonymization, runAnonymization: run.runAnonymization };
}

/**
 * Starts the GUI server and resolves once it listens.
 * @example
 * const gui = await startGui({ open: false });
 * console.log(gui.url);
 * await gui.close();
 */
export async function startGui(options: GuiOptions): Promise<RunningGui> {
  const run = options.run ?? (await defaultRunApi());
  await pageAssets(); // a broken page fails now, not on the first request
  const secrets = newSecrets();
  let port = 0;
  const { app, session } = createGuiApp({ secrets, port: () => port, run, cpuCount: availableParallelism() });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 }, (info) => {
      port = info.port;
      resolve(s as Server);
    }) as Server;
    s.once('error', (error: NodeJS.ErrnoException) => {
      const port = options.port ?? 0;
      if (error.code === 'EADDRINUSE') reject(new UsageError('E_PORT_IN_USE', `--port ${port} is already in use: choose another, or leave --port out to take a free one`, {}, { cause: error }));
      else if (error.code === 'EACCES') reject(new UsageError('E_PORT_DENIED', `--port ${port} needs privileges: choose a port above 1023`, {}, { cause: error }));
      else reject(error);
    });
  });
  const url = `http://127.0.0.1:${port}/?token=${secrets.token}`;

  let closing: Promise<void> | undefined;
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const onSignal = () => void close();
  const close = (): Promise<void> => {
    closing ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      session.stop();
      await session.running?.catch(() => undefined);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Progress streams never end by themselves.
        server.closeAllConnections();
      });
      markClosed();
    })();
    return closing;
  };
  if (options.handleSignals === true) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  if (options.open) void openExternal(url);
  return { url, close, closed };
}
