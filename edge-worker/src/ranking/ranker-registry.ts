// The ranker sessions of one isolate: at most one session per model version,
// created once and shared by every request (concurrent callers await the same
// pending creation). When a version finishes loading, the sessions of other
// versions are released (after their runs in flight), so a blue/green switch
// never holds two models for long. A failed creation is remembered for a
// backoff (callers get the same error at once, without re-fetching) and then
// retried; the backoff doubles per consecutive failure up to a ceiling.
//
// Module state outlives a request in a Worker, so the registry is an explicit
// object; index.ts holds the isolate's one instance.
import { RankerError, RankerLoadError } from './errors.js';
import { loadEdgeRanker, type EdgeRanker, type RankerExpectations } from './edge-ranker.js';

export type RankerLoader = (version: string, model: Uint8Array, heads: readonly string[]) => Promise<EdgeRanker>;

export interface RankerRegistryOptions {
  /** First wait after a failed creation (ms); default 1,000. */
  readonly retryAfterMs?: number;
  /** Longest wait between attempts (ms); default 60,000. */
  readonly maxRetryAfterMs?: number;
  /** Clock (ms since the epoch); default Date.now. */
  readonly now?: () => number;
  /** Turns bytes into a ranker; default loadEdgeRanker with `expect`. */
  readonly load?: RankerLoader;
  readonly expect?: RankerExpectations;
}

export interface RankerRegistry {
  /**
   * The ranker for `version`, creating its session on first use. `modelBytes` is called only when
   * a session must be created (e.g. reads ranker.onnx from the artifact store). Rejects with a
   * RankerError (RankerLoadError for creation failures, remembered until the backoff ends).
   */
  get(version: string, modelBytes: () => Promise<Uint8Array>, heads: readonly string[]): Promise<EdgeRanker>;
  /** What the registry holds, for /version and tests. */
  status(): RankerRegistryStatus;
  /** Releases every session (tests; isolate shutdown needs nothing). */
  clear(): Promise<void>;
}

export interface RankerRegistryStatus {
  readonly loaded: readonly string[];
  readonly loading: readonly string[];
  readonly failed: readonly { readonly version: string; readonly attempts: number; readonly retryAt: number; readonly message: string }[];
  /** Sessions created since the registry started (a reused session does not count). */
  readonly created: number;
}

interface Failure {
  readonly error: RankerError;
  readonly attempts: number;
  readonly retryAt: number;
}

export function createRankerRegistry(options: RankerRegistryOptions = {}): RankerRegistry {
  const retryAfterMs = options.retryAfterMs ?? 1_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const now = options.now ?? Date.now;
  const load: RankerLoader = options.load ?? ((version, model, heads) => loadEdgeRanker(version, model, heads, options.expect));

  const loaded = new Map<string, EdgeRanker>();
  const pending = new Map<string, Promise<EdgeRanker>>();
  const failures = new Map<string, Failure>();
  let created = 0;

  const releaseAllBut = (keep: string): void => {
    for (const [version, ranker] of loaded) {
      if (version === keep) continue;
      loaded.delete(version);
      void ranker.release();
    }
  };

  const create = async (version: string, modelBytes: () => Promise<Uint8Array>, heads: readonly string[]): Promise<EdgeRanker> => {
    let bytes: Uint8Array;
    try {
      bytes = await modelBytes();
    } catch (error) {
      throw new RankerLoadError(version, 'bytes_unavailable', `cannot read the model bytes: ${(error as Error).message ?? String(error)}`, { cause: error });
    }
    return load(version, bytes, heads);
  };

  return {
    get(version, modelBytes, heads) {
      const ready = loaded.get(version);
      if (ready) return Promise.resolve(ready);
      const inProgress = pending.get(version);
      if (inProgress) return inProgress;
      const failure = failures.get(version);
      if (failure && now() < failure.retryAt) return Promise.reject(failure.error);

      const attempt = create(version, modelBytes, heads).then(
        (ranker) => {
          pending.delete(version);
          failures.delete(version);
          created++;
          loaded.set(version, ranker);
          releaseAllBut(version);
          return ranker;
        },
        (error: unknown) => {
          pending.delete(version);
          const rankerError = error instanceof RankerError
            ? error
            : new RankerLoadError(version, 'runtime_unavailable', `unexpected failure: ${(error as Error)?.message ?? String(error)}`, { cause: error });
          const attempts = (failures.get(version)?.attempts ?? 0) + 1;
          const wait = Math.min(maxRetryAfterMs, retryAfterMs * 2 ** (attempts - 1));
          failures.set(version, { error: rankerError, attempts, retryAt: now() + wait });
          throw rankerError;
        },
      );
      pending.set(version, attempt);
      return attempt;
    },
    status() {
      return {
        loaded: [...loaded.keys()],
        loading: [...pending.keys()],
        failed: [...failures].map(([version, f]) => ({ version, attempts: f.attempts, retryAt: f.retryAt, message: f.error.message })),
        created,
      };
    },
    async clear() {
      const all = [...loaded.values()];
      loaded.clear();
      failures.clear();
      await Promise.all(all.map((r) => r.release()));
    },
  };
}
