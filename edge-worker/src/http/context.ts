// The Hono environment of the HTTP pieces: the bindings they read and the
// variables they set on the context for later handlers.
import type { HttpConfig, HttpEnv } from './config.js';
import type { Credentials } from './credentials.js';
import type { CursorKey } from './cursor.js';

export interface HttpVariables {
  /** Set by httpConfig(): the parsed configuration of this isolate. */
  httpConfig: HttpConfig;
  /** Set by httpConfig(): constant-time checkers for the configured secrets. */
  credentials: Credentials;
  /** Set by httpConfig(): the pagination cursor key of this config (derived once, on first use). */
  cursorKey: () => Promise<CursorKey>;
  /** Set by apiKeyAuth(): the client app the API key belongs to. */
  clientApp: string;
}

/** Use as `new Hono<HttpHonoEnv>()`, or intersect with the worker's own Env. */
export interface HttpHonoEnv {
  Bindings: HttpEnv;
  Variables: HttpVariables;
}
