// The bindings the edge worker receives from wrangler.toml (vars, secrets, R2, ...).
import type * as MainModule from './index.js';

export interface Env {
  /** Region this deployment serves, e.g. "eu-west"; "local" under wrangler dev. */
  REGION: string;
  /** The region's artifact store: index bundles and the active.json pointer (docs/shipping.md). */
  ARTIFACTS: R2Bucket;
  /** Pins the index version for this deployment; unset, the worker follows active.json. */
  INDEX_VERSION?: string;
  /** The regional KV store's Upstash REST endpoint and token (a secret in production). */
  KV_REST_URL?: string;
  KV_REST_TOKEN?: string;
  /** Serving configuration as JSON (deadlines, quotas, weights, re-ranking rules); see config/serving-config.ts. */
  SERVING_CONFIG?: string;
  /** Client apps' API keys as JSON {app: key} (a secret); see http/. */
  API_KEYS?: string;
  /** Token for ops endpoints (a secret). */
  ADMIN_TOKEN?: string;
  /** Allowed CORS origins: "*" or a comma list. */
  CORS_ORIGINS?: string;
  /** Requests per minute per API key (per isolate). */
  RATE_LIMIT_PER_MINUTE?: string;
  /** Where interactions, impressions and impression logs are forwarded (the ingestion gateway); unset → 503. */
  INGEST_URL?: string;
  INGEST_TOKEN?: string;
  /** Key for pagination cursors' MACs (a secret; defaults to one derived from API_KEYS). */
  CURSOR_SECRET?: string;
  /** The last-resort list bundled with the deployment: comma-separated item ids (set by `index deploy-plan`). */
  LAST_RESORT_ITEMS?: string;
}

type WorkerEnv = Env;

// Tell workers-types what the main module exports and which bindings exist, so
// `env` and `exports` from cloudflare:test / cloudflare:workers are typed.
// Declaration merging into workers-types' global namespace is the only way.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Cloudflare {
    interface GlobalProps {
      mainModule: typeof MainModule;
    }
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Env extends WorkerEnv {}
  }
}
