/** Calls to the local server. The session cookie rides along by itself (same origin). */
import type { SessionEvent } from '../api-types.ts';

/** An answer other than 2xx, with the server's message and body. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}

async function answer<T>(response: Response): Promise<T> {
  const body = (await response.json().catch(() => ({}))) as unknown;
  if (!response.ok) {
    const message = (body as { error?: string }).error ?? `The server answered ${response.status}.`;
    throw new ApiError(message, response.status, body);
  }
  return body as T;
}

/** GETs JSON from the local server; throws {@link ApiError} on any non-2xx answer. */
export async function getJson<T>(path: string): Promise<T> {
  return answer<T>(await fetch(path, { headers: { accept: 'application/json' } }));
}

/** POSTs JSON to the local server; throws {@link ApiError} on any non-2xx answer. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return answer<T>(await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

/** Follows the session's event stream; the browser reconnects by itself after a drop. */
export function followEvents(onEvent: (event: SessionEvent) => void): EventSource {
  const source = new EventSource('/api/events');
  for (const type of ['snapshot', 'progress', 'log']) {
    source.addEventListener(type, (message) => onEvent(JSON.parse((message as MessageEvent<string>).data) as SessionEvent));
  }
  return source;
}
