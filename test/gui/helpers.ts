/**
 * In-process access to the GUI app: a request carries the Host a browser on 127.0.0.1 would send,
 * and, once logged in, the session cookie the token bought.
 */
import type { Hono } from 'hono';
import { SESSION_COOKIE } from '../../src/gui/server/guard.ts';

export const PORT = 48213;
export const ORIGIN = `http://127.0.0.1:${PORT}`;

/** A request to `app` as the page would make it (same origin, cookie when given). */
export function call(app: Hono, path: string, init: { method?: string; body?: unknown; cookie?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { host: `127.0.0.1:${PORT}`, ...init.headers };
  if (init.cookie !== undefined) headers.cookie = `${SESSION_COOKIE}=${init.cookie}`;
  const request: RequestInit = { method: init.method ?? (init.body === undefined ? 'GET' : 'POST'), headers };
  if (init.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers.origin ??= ORIGIN;
    request.body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  }
  return Promise.resolve(app.request(`${ORIGIN}${path}`, request));
}
