/**
 * Who may talk to the local server: only this machine's browser, only through the printed URL.
 * The token in that URL is traded once for an HttpOnly, SameSite=Strict cookie (CONTRACT.md, `gui`).
 * Host and Origin are checked on every request so a web page elsewhere cannot reach the server by
 * DNS rebinding or cross-site requests.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/** The cookie the token buys: HttpOnly, SameSite=Strict, for the whole server. */
export const SESSION_COOKIE = 'dicomveil_session';

/** The secrets of one server: the token printed in the URL and the cookie value it buys. */
export interface GuiSecrets {
  token: string;
  session: string;
}

/** Fresh random secrets (256 bits each). */
export function newSecrets(): GuiSecrets {
  return { token: randomBytes(32).toString('base64url'), session: randomBytes(32).toString('base64url') };
}

function sameSecret(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the comparison time says nothing about the secret.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** `127.0.0.1:PORT` or `localhost:PORT`, nothing else (no other port, no other name). */
export function isLocalHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function isLocalOrigin(origin: string, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

function refuse(status: 401 | 403 | 415, message: string): Response {
  return new Response(JSON.stringify({ error: message }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/**
 * Refuses foreign Host/Origin (403), wrong tokens (403), requests with neither token nor cookie
 * (401), and state-changing requests that are not JSON (415, which forces a CORS preflight on
 * any cross-site attempt). A right token sets the cookie and redirects to the same path without it.
 * `port` is read per request: the server learns its port only once it listens.
 */
export function guard(secrets: GuiSecrets, port: () => number): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const host = c.req.header('host') ?? url.host;
    if (!isLocalHost(host, port())) return refuse(403, 'This server only answers on 127.0.0.1 or localhost.');
    const origin = c.req.header('origin');
    if (origin !== undefined && !isLocalOrigin(origin, port())) return refuse(403, 'Foreign origin.');
    // Another port of this machine is the same site: SameSite cookies ride along, so the browser's
    // own account of where a request comes from is checked too.
    const site = c.req.header('sec-fetch-site');
    if (site === 'cross-site' || site === 'same-site') return refuse(403, 'Request from another site.');

    const token = url.searchParams.get('token');
    if (token !== null) {
      if (!sameSecret(token, secrets.token)) return refuse(403, 'Wrong token: use the URL printed by `dicomveil gui`.');
      setCookie(c, SESSION_COOKIE, secrets.session, { httpOnly: true, sameSite: 'Strict', path: '/' });
      url.searchParams.delete('token');
      return c.redirect(url.pathname + url.search, 303);
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie === undefined) return refuse(401, 'Open the URL printed by `dicomveil gui` (it holds the token).');
    if (!sameSecret(cookie, secrets.session)) return refuse(403, 'Stale session: open the URL printed by `dicomveil gui` again.');

    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const type = c.req.header('content-type') ?? '';
      if (!type.startsWith('application/json')) return refuse(415, 'Send JSON.');
    }
    await next();
  };
}

/** Headers every answer carries: nothing from elsewhere, no caching, no referrer (the token). */
/** Where the page opens the last run's report.html and report-private.html. */
export const REPORTS_PATH = '/reports/';

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  c.header(
    'content-security-policy',
    // The run's report pages carry their style inline and run nothing.
    c.req.path.startsWith(REPORTS_PATH)
      ? "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
      : "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  );
  c.header('x-content-type-options', 'nosniff');
  c.header('referrer-policy', 'no-referrer');
  c.header('cache-control', 'no-store');
  c.header('x-frame-options', 'DENY');
};
