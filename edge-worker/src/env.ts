// The bindings the edge worker receives from wrangler.toml (vars, secrets, R2, ...).
import type * as MainModule from './index.js';

export interface Env {
  /** Region this deployment serves, e.g. "eu-west"; "local" under wrangler dev. */
  REGION: string;
  /** The region's artifact store: index bundles and the active.json pointer (docs/shipping.md). */
  ARTIFACTS: R2Bucket;
  /** Pins the index version for this deployment; unset, the worker follows active.json. */
  INDEX_VERSION?: string;
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
