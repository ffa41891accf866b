// CORS for browser clients, from CORS_ORIGINS: "*" allows any origin, a list
// allows exactly those, unset allows none (server-to-server callers need no
// CORS). Put it before apiKeyAuth(): preflights carry no API key.
// Requires httpConfig() before it.
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { ADMIN_HEADER } from './admin-auth.js';
import type { HttpHonoEnv } from './context.js';

export const CORS_ALLOW_HEADERS = ['x-api-key', 'authorization', 'content-type', ADMIN_HEADER];
export const CORS_EXPOSE_HEADERS = [
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'ratelimit-policy',
  'retry-after',
  'server-timing',
];
/** Browsers cache a preflight this long (seconds). */
export const CORS_MAX_AGE = 600;

export function corsFromConfig(): MiddlewareHandler<HttpHonoEnv> {
  return cors({
    origin: (origin, c) => {
      const allowed = (c.var as Partial<HttpHonoEnv['Variables']>).httpConfig?.corsOrigins ?? [];
      if (allowed === '*') return '*';
      return allowed.includes(origin) ? origin : null;
    },
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: CORS_ALLOW_HEADERS,
    exposeHeaders: CORS_EXPOSE_HEADERS,
    maxAge: CORS_MAX_AGE,
  });
}
