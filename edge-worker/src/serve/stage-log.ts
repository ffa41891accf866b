// What a request's stages did: their durations (→ the Server-Timing header)
// and the ladder's fallbacks (→ `degraded` in the response, and the
// per-stage fallback counters of this isolate, R15's monitored SLO).
export type Stage = 'bundle' | 'features' | 'retrieval' | 'ranking' | 'rerank';
export const STAGES: readonly Stage[] = ['bundle', 'features', 'retrieval', 'ranking', 'rerank'];

export interface Degradation {
  readonly stage: Stage;
  /** Stable code, e.g. "features_timeout", "ranker_failed", "index_unavailable". */
  readonly code: string;
  readonly detail?: string;
}

export class StageLog {
  readonly timings: { stage: Stage | 'total'; ms: number }[] = [];
  readonly degraded: Degradation[] = [];

  time(stage: Stage | 'total', ms: number): void {
    this.timings.push({ stage, ms });
  }

  degrade(stage: Stage, code: string, detail?: string): void {
    this.degraded.push(detail === undefined ? { stage, code } : { stage, code, detail });
  }

  serverTiming(): string {
    return this.timings.map((t) => `${t.stage};dur=${t.ms.toFixed(2)}`).join(', ');
  }
}

/** Per-isolate counters: served lists and fallbacks per stage and code. */
export class FallbackCounters {
  private served = 0;
  private readonly byCode = new Map<string, number>();

  record(log: StageLog): void {
    this.served++;
    for (const d of log.degraded) {
      const key = `${d.stage}\u0000${d.code}`;
      this.byCode.set(key, (this.byCode.get(key) ?? 0) + 1);
    }
  }

  snapshot(): { served: number; fallbacks: { stage: string; code: string; count: number }[] } {
    return {
      served: this.served,
      fallbacks: [...this.byCode].map(([key, count]) => {
        const [stage, code] = key.split('\u0000') as [string, string];
        return { stage, code, count };
      }),
    };
  }
}
