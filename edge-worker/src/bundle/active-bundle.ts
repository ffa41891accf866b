// Which bundle this isolate serves, and switching it blue/green. The active
// version comes from INDEX_VERSION (pinned per deployment) or the region's
// active.json pointer, re-read at most every pointer_ttl_ms. A new version is
// loaded in full next to the old one and swapped in by one assignment; a
// request takes the bundle once and uses only it, so no response ever mixes
// two versions (R8). A version that fails to load is not retried for a while
// (backoff) and the previous bundle keeps serving.
import { resolveIndexVersion } from '@freshet/shared/artifacts/pointer';
import { POINTER_KEY } from '@freshet/shared/artifacts/keys';
import { loadBundle, type ServingBundle } from './load-bundle.js';

export interface BundleState {
  /** The bundle to serve, or null when none could be loaded yet. */
  readonly bundle: ServingBundle | null;
  /** Why the wanted version is not (yet) what `bundle` is, when it is not. */
  readonly problem: string | null;
}

export interface ActiveBundleOptions {
  readonly pointerTtlMs: number;
  /** Wait for a first load at most this long; the load goes on in the background after. */
  readonly firstLoadMs: number;
  readonly retryAfterMs?: number;
  readonly now?: () => number;
  readonly load?: typeof loadBundle;
  /** Further checks of a loaded bundle (e.g. retrieval's own consistency check); throwing refuses it. */
  readonly check?: (bundle: ServingBundle) => void;
}

interface Failure {
  readonly version: string;
  readonly at: number;
  readonly message: string;
}

export class ActiveBundle {
  private current: ServingBundle | null = null;
  private loading: { version: string; promise: Promise<void> } | null = null;
  private wanted: { version: string | null; problem: string | null; at: number } | null = null;
  private failure: Failure | null = null;
  private readonly now: () => number;
  private readonly load: typeof loadBundle;

  constructor(private readonly options: ActiveBundleOptions) {
    this.now = options.now ?? Date.now;
    this.load = options.load ?? loadBundle;
  }

  /** The bundle for one request. Never throws: trouble is reported in `problem`. */
  async get(bucket: R2Bucket, pinned: string | undefined, waitUntil: (p: Promise<unknown>) => void): Promise<BundleState> {
    const wanted = await this.wantedVersion(bucket, pinned);
    if (wanted.version === null) return { bundle: this.current, problem: wanted.problem };
    if (this.current?.version === wanted.version) return { bundle: this.current, problem: null };
    const failed = this.failure;
    if (failed && failed.version === wanted.version && this.now() - failed.at < (this.options.retryAfterMs ?? 30_000)) {
      return { bundle: this.current, problem: `version ${failed.version} does not load: ${failed.message}` };
    }
    const pending = this.startLoad(bucket, wanted.version);
    waitUntil(pending);
    if (this.current !== null) return { bundle: this.current, problem: `switching to ${wanted.version}` };
    // A cold isolate waits for its first bundle, up to a deadline.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.options.firstLoadMs)));
    const outcome = await Promise.race([pending.then(() => 'done' as const), timeout]);
    if (timer !== undefined) clearTimeout(timer);
    if (this.current !== null && (this.current as ServingBundle).version === wanted.version) return { bundle: this.current, problem: null };
    if (outcome === 'timeout') return { bundle: null, problem: `version ${wanted.version} is still loading` };
    return { bundle: this.current, problem: this.failure ? `version ${this.failure.version} does not load: ${this.failure.message}` : 'no bundle' };
  }

  /** What /version reports. */
  describe(): { serving: string | null; loaded_at: string | null; load_ms: number | null; wanted: string | null; problem: string | null } {
    return {
      serving: this.current?.version ?? null,
      loaded_at: this.current ? new Date(this.current.loadedAt).toISOString() : null,
      load_ms: this.current?.loadMs ?? null,
      wanted: this.wanted?.version ?? null,
      problem: this.failure?.message ?? this.wanted?.problem ?? null,
    };
  }

  private startLoad(bucket: R2Bucket, version: string): Promise<void> {
    if (this.loading?.version === version) return this.loading.promise;
    const promise = this.load(bucket, version, this.now)
      .then((bundle) => {
        this.options.check?.(bundle);
        this.current = bundle; // the swap: one assignment
        this.failure = null;
      })
      .catch((error: unknown) => {
        this.failure = { version, at: this.now(), message: (error as Error).message };
        console.error(JSON.stringify({ msg: 'bundle load failed', version, error: (error as Error).message }));
      })
      .finally(() => {
        if (this.loading?.version === version) this.loading = null;
      });
    this.loading = { version, promise };
    return promise;
  }

  private async wantedVersion(bucket: R2Bucket, pinned: string | undefined): Promise<{ version: string | null; problem: string | null }> {
    const at = this.now();
    if (this.wanted && at - this.wanted.at < this.options.pointerTtlMs) return this.wanted;
    let pointerText: string | null = null;
    if (pinned === undefined || pinned === '') {
      try {
        pointerText = (await (await bucket.get(POINTER_KEY))?.text()) ?? null;
      } catch (error) {
        // The store is unreachable: keep what we had (and look again next time).
        return this.wanted ?? { version: null, problem: `the artifact store does not answer: ${(error as Error).message}` };
      }
    }
    const resolved = resolveIndexVersion(pinned, pointerText);
    this.wanted = resolved.ok ? { version: resolved.version, problem: null, at } : { version: null, problem: resolved.reason, at };
    return this.wanted;
  }
}
