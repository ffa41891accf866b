// Ops endpoints (/version details, debug output) sit behind ADMIN_TOKEN, a
// secret separate from every client app's key, sent as `x-admin-token`
// (Authorization stays free for the API key). Missing → 401, wrong → 403.
import type { Context, MiddlewareHandler } from 'hono';
import { MAX_PRESENTED_SECRET_LENGTH } from './api-key-auth.js';
import type { HttpHonoEnv } from './context.js';
import { errorResponse } from './problems.js';

export const ADMIN_HEADER = 'x-admin-token';

export type AdminCheck = 'admin' | 'missing' | 'invalid';

/** For handlers that only unlock extras (e.g. ?debug=true) for admins. Requires httpConfig(). */
export async function checkAdmin(c: Context<HttpHonoEnv>): Promise<AdminCheck> {
  const token = c.req.header(ADMIN_HEADER)?.trim();
  if (token === undefined || token === '') return 'missing';
  if (token.length > MAX_PRESENTED_SECRET_LENGTH) return 'invalid';
  return (await c.var.credentials.isAdminToken(token)) ? 'admin' : 'invalid';
}

/** The response for a failed check: 401 when no token was sent, 403 when it was wrong. */
export function adminRefusal(check: Exclude<AdminCheck, 'admin'>, what = 'this endpoint'): Response {
  return check === 'missing'
    ? errorResponse(401, 'unauthorized', `${what} needs the admin token in the ${ADMIN_HEADER} header`)
    : errorResponse(403, 'forbidden', `the admin token is not valid for ${what}`);
}

export function adminAuth(): MiddlewareHandler<HttpHonoEnv> {
  return async function adminAuth(c, next) {
    const check = await checkAdmin(c);
    return check === 'admin' ? next() : adminRefusal(check);
  };
}
