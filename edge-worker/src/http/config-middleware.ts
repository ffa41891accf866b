// Middleware that parses the HTTP config once per isolate and puts it (and
// the credential checkers built from it) on the context. A misconfigured
// worker answers 500 with the problems on every route but the exempt ones
// (/healthz), so it is loudly broken rather than silently open.
import type { MiddlewareHandler } from 'hono';
import { parseHttpConfig, type HttpConfig, type HttpEnv } from './config.js';
import type { HttpHonoEnv } from './context.js';
import { createCredentials, type Credentials } from './credentials.js';
import { createCursorKey, type CursorKey } from './cursor.js';
import { jsonResponse, type Problem } from './problems.js';

type Parsed =
  | { ok: true; config: HttpConfig; credentials: Credentials; cursorKey: () => Promise<CursorKey> }
  | { ok: false; problems: Problem[] };

const ENV_FIELDS = ['API_KEYS', 'ADMIN_TOKEN', 'CORS_ORIGINS', 'RATE_LIMIT_PER_MINUTE', 'INGEST_URL', 'INGEST_TOKEN', 'CURSOR_SECRET'] as const;

/**
 * One-entry cache keyed by the raw values: the env of an isolate does not
 * change between requests, so this parses once; tests that build apps with
 * other envs still get their own config.
 */
function createConfigCache(): (env: HttpEnv) => Parsed {
  let lastFingerprint: string | undefined;
  let last: Parsed | undefined;
  return (env) => {
    const fingerprint = ENV_FIELDS.map((name) => String(env[name] ?? '')).join('\u0000');
    if (last !== undefined && fingerprint === lastFingerprint) return last;
    const parsed = parseHttpConfig(env);
    if (parsed.ok) {
      const config = parsed.value;
      let key: Promise<CursorKey> | undefined;
      last = { ok: true, config, credentials: createCredentials(config), cursorKey: () => (key ??= createCursorKey(config.cursorSecret)) };
    } else last = { ok: false, problems: parsed.error };
    lastFingerprint = fingerprint;
    return last;
  };
}

export interface HttpConfigOptions {
  /** Paths served even when the config is broken (liveness must not depend on secrets). Default ["/healthz"]. */
  readonly exemptPaths?: readonly string[];
}

export function httpConfig(options: HttpConfigOptions = {}): MiddlewareHandler<HttpHonoEnv> {
  const exempt = new Set(options.exemptPaths ?? ['/healthz']);
  const load = createConfigCache();
  return async function httpConfig(c, next) {
    const parsed = load(c.env ?? {});
    if (parsed.ok) {
      c.set('httpConfig', parsed.config);
      c.set('credentials', parsed.credentials);
      c.set('cursorKey', parsed.cursorKey);
      return next();
    }
    if (exempt.has(c.req.path)) return next();
    console.error(JSON.stringify({ msg: 'http config invalid', problems: parsed.problems }));
    return jsonResponse(500, {
      error: 'misconfigured',
      problem: `the worker's configuration is invalid: ${parsed.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      problems: parsed.problems,
    });
  };
}
