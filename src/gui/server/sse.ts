/**
 * The progress stream: one server-sent event per session event, a snapshot first. Progress is
 * coalesced (only the latest waiting one is sent) so a slow page never builds a backlog.
 */
import type { SSEStreamingApi } from 'hono/streaming';
import type { RunProgress } from './run-api.ts';
import type { SessionEvent } from '../api-types.ts';
import type { RunSession } from './run-session.ts';

/** A comment line now and then notices a page that went away. */
const KEEP_ALIVE_MS = 15_000;

/** Streams `session`'s events to one page until the page goes away. */
export async function followSession(session: RunSession, stream: SSEStreamingApi): Promise<void> {
  const queue: SessionEvent[] = [];
  let progress: RunProgress | undefined;
  let wake: (() => void) | undefined;
  const unsubscribe = session.subscribe((event) => {
    if (event.type === 'progress') progress = event.progress;
    else queue.push(event);
    wake?.();
  });
  stream.onAbort(() => wake?.());
  try {
    await stream.writeSSE({ event: 'snapshot', data: JSON.stringify({ type: 'snapshot', snapshot: session.snapshot() }) });
    while (!stream.aborted && !stream.closed) {
      if (progress !== undefined) {
        const event: SessionEvent = { type: 'progress', progress };
        progress = undefined;
        await stream.writeSSE({ event: 'progress', data: JSON.stringify(event) });
        continue;
      }
      const next = queue.shift();
      if (next !== undefined) {
        await stream.writeSSE({ event: next.type, data: JSON.stringify(next) });
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      const woken = await new Promise<boolean>((resolve) => {
        wake = () => resolve(true);
        timer = setTimeout(() => resolve(false), KEEP_ALIVE_MS);
      });
      clearTimeout(timer);
      wake = undefined;
      if (!woken && !stream.aborted) await stream.write(': keep-alive\n\n');
    }
  } finally {
    unsubscribe();
  }
}
