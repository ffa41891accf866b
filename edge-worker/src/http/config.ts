// The HTTP surface's configuration: which secrets and vars it reads from the
// worker's env (HttpEnv) and the checked, typed form the middleware uses
// (HttpConfig). Parsing is strict: a worker with a missing or weak secret is
// misconfigured and must refuse traffic, never run open.
import { ID_MAX_LENGTH, ID_PATTERN, err, ok, toFieldErrors, type Result } from '@freshet/shared';
import { z } from 'zod';
import type { Problem } from './problems.js';

/** The bindings the HTTP pieces read. Secrets are set with `wrangler secret put`, never in wrangler.toml. */
export interface HttpEnv {
  /** Secret. JSON object {client app name: API key}, e.g. {"tv-app":"…","web":"…"}. */
  API_KEYS?: string;
  /** Secret. Bearer token for ops endpoints (/version details, debug output). */
  ADMIN_TOKEN?: string;
  /** Allowed browser origins: "*" or a comma list of origins ("https://app.example.com,https://tv.example.com"). Unset: none. */
  CORS_ORIGINS?: string;
  /** Requests per minute per API key (token bucket, per isolate). Default 600. */
  RATE_LIMIT_PER_MINUTE?: string | number;
  /** Base URL of the ingestion gateway; unset, POST /v1/interactions and /v1/impressions answer 503. */
  INGEST_URL?: string;
  /** Secret. Bearer token the gateway expects; required when INGEST_URL is set. */
  INGEST_TOKEN?: string;
  /** Secret. Signs pagination cursors; unset, a key derived from API_KEYS is used. */
  CURSOR_SECRET?: string;
}

export interface HttpConfig {
  /** Client app name → API key. */
  readonly apiKeys: ReadonlyMap<string, string>;
  readonly adminToken: string;
  /** "*" (any origin) or the exact origins allowed; an empty list allows no cross-origin browser calls. */
  readonly corsOrigins: '*' | readonly string[];
  readonly rateLimitPerMinute: number;
  /** Absent when ingestion is not configured. */
  readonly ingest?: { readonly url: string; readonly token: string };
  /** Secret material the cursor key is derived from, and where it came from. */
  readonly cursorSecret: string;
  readonly cursorSecretSource: 'CURSOR_SECRET' | 'API_KEYS';
}

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
export const MAX_RATE_LIMIT_PER_MINUTE = 1_000_000;
/** Shorter secrets can be guessed or were typed by hand; 16 characters is the floor, 32+ random ones the advice. */
export const MIN_SECRET_LENGTH = 16;
export const MAX_SECRET_LENGTH = 512;

/** Empty strings count as unset: `wrangler dev` and dashboards often leave vars as "". */
const optional = (value: string | number | undefined): string | undefined => {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
};

const secretSchema = (name: string) =>
  z
    .string()
    .min(MIN_SECRET_LENGTH, { error: `${name} must be at least ${MIN_SECRET_LENGTH} characters` })
    .max(MAX_SECRET_LENGTH, { error: `${name} must be at most ${MAX_SECRET_LENGTH} characters` })
    .regex(/^[\x21-\x7e]+$/, { error: `${name} must be printable ASCII without spaces` });

// Messages never echo secret values: they end up in responses and logs.
const apiKeysSchema = z
  .record(
    z
      .string()
      .max(ID_MAX_LENGTH, { error: `API_KEYS app names must be at most ${ID_MAX_LENGTH} characters` })
      .regex(ID_PATTERN, { error: 'API_KEYS app names may contain only letters, digits and _ . : @ - (starting with a letter or digit)' }),
    z.string({ error: 'API_KEYS values must be strings (the keys)' }).pipe(secretSchema('each API key')),
    { error: 'API_KEYS must be a JSON object {"client app name": "key"}' },
  )
  .superRefine((keys, ctx) => {
    const values = Object.values(keys);
    if (values.length === 0) ctx.addIssue({ code: 'custom', message: 'API_KEYS must name at least one client app' });
    if (new Set(values).size !== values.length) {
      ctx.addIssue({ code: 'custom', message: 'API_KEYS gives the same key to two apps; each app needs its own key' });
    }
  });

const originSchema = z.string().refine(
  (text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
    } catch {
      return false;
    }
  },
  { error: 'not an origin' },
);
const ORIGIN_HINT = 'CORS_ORIGINS entries must look like https://app.example.com (scheme, host, optional port; no path or trailing slash)';

const ingestUrlSchema = z.string().refine(
  (text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.search === '' && url.hash === '';
    } catch {
      return false;
    }
  },
  { error: 'INGEST_URL must be an http(s) URL without query or fragment, e.g. https://ingest.example.com' },
);

function problemsAt(field: string, error: z.ZodError): Problem[] {
  return toFieldErrors(error).map((p) => ({ field: p.field ? `${field}.${p.field}` : field, message: p.message }));
}

/** Checks the env and returns the config, or every problem found (never the secret values). */
export function parseHttpConfig(env: HttpEnv): Result<HttpConfig, Problem[]> {
  const problems: Problem[] = [];

  let apiKeys = new Map<string, string>();
  const rawKeys = optional(env.API_KEYS);
  if (rawKeys === undefined) {
    problems.push({ field: 'API_KEYS', message: 'API_KEYS is not set (wrangler secret put API_KEYS)' });
  } else {
    let json: unknown;
    try {
      json = JSON.parse(rawKeys);
    } catch {
      problems.push({ field: 'API_KEYS', message: 'API_KEYS is not valid JSON; expected {"client app name": "key"}' });
    }
    if (json !== undefined) {
      const parsed = apiKeysSchema.safeParse(json);
      if (parsed.success) apiKeys = new Map(Object.entries(parsed.data));
      else problems.push(...problemsAt('API_KEYS', parsed.error));
    }
  }

  const adminToken = optional(env.ADMIN_TOKEN);
  if (adminToken === undefined) {
    problems.push({ field: 'ADMIN_TOKEN', message: 'ADMIN_TOKEN is not set (wrangler secret put ADMIN_TOKEN)' });
  } else {
    const parsed = secretSchema('ADMIN_TOKEN').safeParse(adminToken);
    if (!parsed.success) problems.push(...problemsAt('ADMIN_TOKEN', parsed.error));
    // An API key that is also the admin token would give a client app the ops endpoints.
    if ([...apiKeys.values()].includes(adminToken)) {
      problems.push({ field: 'ADMIN_TOKEN', message: 'ADMIN_TOKEN must differ from every API key' });
    }
  }

  let corsOrigins: '*' | string[] = [];
  const rawOrigins = optional(env.CORS_ORIGINS);
  if (rawOrigins === '*') corsOrigins = '*';
  else if (rawOrigins !== undefined) {
    const list = rawOrigins.split(',').map((o) => o.trim());
    list.forEach((origin, i) => {
      if (origin === '*') problems.push({ field: `CORS_ORIGINS.${i}`, message: 'CORS_ORIGINS is "*" alone or a list of origins, not both' });
      else if (!originSchema.safeParse(origin).success) {
        problems.push({ field: `CORS_ORIGINS.${i}`, message: `"${origin}" is not an origin: ${ORIGIN_HINT}` });
      }
    });
    corsOrigins = list;
  }

  let rateLimitPerMinute = DEFAULT_RATE_LIMIT_PER_MINUTE;
  const rawRate = optional(env.RATE_LIMIT_PER_MINUTE);
  if (rawRate !== undefined) {
    const n = /^\d+$/.test(rawRate) ? Number(rawRate) : NaN;
    if (!Number.isSafeInteger(n) || n < 1 || n > MAX_RATE_LIMIT_PER_MINUTE) {
      problems.push({
        field: 'RATE_LIMIT_PER_MINUTE',
        message: `RATE_LIMIT_PER_MINUTE must be a whole number from 1 to ${MAX_RATE_LIMIT_PER_MINUTE} (got "${rawRate}")`,
      });
    } else rateLimitPerMinute = n;
  }

  let ingest: HttpConfig['ingest'];
  const rawIngestUrl = optional(env.INGEST_URL);
  const ingestToken = optional(env.INGEST_TOKEN);
  if (rawIngestUrl !== undefined) {
    const parsed = ingestUrlSchema.safeParse(rawIngestUrl);
    if (!parsed.success) problems.push(...problemsAt('INGEST_URL', parsed.error));
    if (ingestToken === undefined) {
      problems.push({ field: 'INGEST_TOKEN', message: 'INGEST_TOKEN is required when INGEST_URL is set (wrangler secret put INGEST_TOKEN)' });
    } else {
      const token = secretSchema('INGEST_TOKEN').safeParse(ingestToken);
      if (!token.success) problems.push(...problemsAt('INGEST_TOKEN', token.error));
    }
    if (parsed.success && ingestToken !== undefined) ingest = { url: rawIngestUrl.replace(/\/+$/, ''), token: ingestToken };
  }

  const rawCursorSecret = optional(env.CURSOR_SECRET);
  if (rawCursorSecret !== undefined) {
    const parsed = secretSchema('CURSOR_SECRET').safeParse(rawCursorSecret);
    if (!parsed.success) problems.push(...problemsAt('CURSOR_SECRET', parsed.error));
  }

  if (problems.length > 0) return err(problems);
  return ok({
    apiKeys,
    adminToken: adminToken!,
    corsOrigins,
    rateLimitPerMinute,
    ...(ingest ? { ingest } : {}),
    cursorSecret: rawCursorSecret ?? rawKeys!,
    cursorSecretSource: rawCursorSecret !== undefined ? 'CURSOR_SECRET' : 'API_KEYS',
  });
}
