// Client-app authentication: every /v1 call carries its app's API key in
// `x-api-key` or `Authorization: Bearer <key>`. The app name it belongs to is
// set on the context (rate limiting and logs use it). Requires httpConfig().
import type { Context, MiddlewareHandler } from 'hono';
import type { HttpHonoEnv } from './context.js';
import { errorResponse } from './problems.js';

/** Longer values are not keys we issue; refusing them early bounds the hashing work per request. */
export const MAX_PRESENTED_SECRET_LENGTH = 1024;

const CHALLENGE = { 'www-authenticate': 'Bearer realm="freshet"' };

export type PresentedSecret = { ok: true; value: string } | { ok: false; problem: string } | { ok: 'absent' };

/** Reads the bearer token of an Authorization header: absent, malformed, or the token. */
export function bearerToken(header: string | undefined): PresentedSecret {
  if (header === undefined) return { ok: 'absent' };
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header);
  if (!match) return { ok: false, problem: 'the Authorization header must be "Bearer <key>"' };
  return { ok: true, value: match[1]! };
}

export function presentedApiKey(c: Context): PresentedSecret {
  const headerKey = c.req.header('x-api-key');
  const bearer = bearerToken(c.req.header('authorization'));
  if (bearer.ok === false) return bearer;
  if (headerKey !== undefined && bearer.ok === true && bearer.value !== headerKey.trim()) {
    return { ok: false, problem: 'x-api-key and Authorization: Bearer carry different keys; send one' };
  }
  const value = headerKey !== undefined ? headerKey.trim() : bearer.ok === true ? bearer.value : undefined;
  if (value === undefined) return { ok: 'absent' };
  if (value === '') return { ok: false, problem: 'the x-api-key header is empty' };
  if (value.length > MAX_PRESENTED_SECRET_LENGTH) return { ok: false, problem: `the API key is longer than ${MAX_PRESENTED_SECRET_LENGTH} characters` };
  return { ok: true, value };
}

export function apiKeyAuth(): MiddlewareHandler<HttpHonoEnv> {
  return async function apiKeyAuth(c, next) {
    const presented = presentedApiKey(c);
    if (presented.ok === 'absent') {
      return errorResponse(401, 'unauthorized', 'missing API key: send it in the x-api-key header or as Authorization: Bearer <key>', CHALLENGE);
    }
    if (presented.ok === false) return errorResponse(401, 'unauthorized', presented.problem, CHALLENGE);
    const app = await c.var.credentials.clientAppFor(presented.value);
    if (app === undefined) return errorResponse(401, 'unauthorized', 'the API key is not recognised', CHALLENGE);
    c.set('clientApp', app);
    return next();
  };
}
