// The load: N clients, each an async loop sending one request at a time over a keep-alive
// connection (node:http with an Agent of ≥ N sockets, so every client keeps its own
// connection), until the duration or the request cap is reached. Every response is read to
// its end and recorded: client-side latency, status, `degraded` codes, Server-Timing stages.
// A request written on a REUSED keep-alive connection that the server closes without answering
// (ECONNRESET / socket hang up) is sent again once, as browsers and proxies do for an idempotent
// GET: workerd closes a kept-alive connection it has not read the next request from within its
// pipeline timeout (~5 s when its one isolate is saturated), and wrangler dev's proxy retried
// those for the client. The retry is counted (Sample.retries) and its wait is in the latency.
import { Agent, request } from 'node:http';
import { parseServerTiming } from './server-timing.js';

export interface Sample {
  /** Which user pool the request came from (warm / cold). */
  readonly kind: string;
  readonly latencyMs: number;
  /** HTTP status; 0 for a network error. */
  readonly status: number;
  readonly degraded: readonly string[];
  readonly stages: ReadonlyMap<string, number>;
  readonly items: number;
  readonly error?: string;
  /** Times the request was re-sent after a reused connection was closed unanswered (0 or 1). */
  readonly retries: number;
}

export interface LoadOptions {
  readonly baseUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly clients: number;
  readonly durationMs: number;
  readonly maxRequests: number;
  /** The next request's path and query, and its kind (for per-kind figures). */
  readonly next: () => { readonly path: string; readonly kind: string };
  readonly onProgress?: (done: number, elapsedMs: number) => void;
}

export interface LoadResult {
  readonly samples: Sample[];
  readonly elapsedMs: number;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.clients, maxFreeSockets: o.clients });
  const url = new URL(o.baseUrl);
  const samples: Sample[] = [];
  let started = 0;
  const t0 = performance.now();
  const progress = setInterval(() => o.onProgress?.(samples.length, performance.now() - t0), 10_000);
  const client = async () => {
    while (performance.now() - t0 < o.durationMs && started < o.maxRequests) {
      started++;
      const { path, kind } = o.next();
      samples.push(await once(agent, url, path, o.headers, kind));
    }
  };
  try {
    await Promise.all(Array.from({ length: o.clients }, client));
  } finally {
    clearInterval(progress);
    agent.destroy();
  }
  return { samples, elapsedMs: performance.now() - t0 };
}

/** Errors with which a server closes a reused keep-alive connection before answering. */
const STALE_CONNECTION = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE']);

async function once(agent: Agent, url: URL, path: string, headers: Readonly<Record<string, string>>, kind: string): Promise<Sample> {
  const start = performance.now();
  const first = await attempt(agent, url, path, headers, kind, start, 0);
  if (first.staleConnection) return attempt(agent, url, path, headers, kind, start, 1).then((s) => s.sample);
  return first.sample;
}

function attempt(
  agent: Agent, url: URL, path: string, headers: Readonly<Record<string, string>>, kind: string, start: number, retries: number,
): Promise<{ sample: Sample; staleConnection: boolean }> {
  return new Promise((resolveAttempt) => {
    const resolveSample = (sample: Omit<Sample, 'retries'>) => resolveAttempt({ sample: { ...sample, retries }, staleConnection: false });
    const fail = (status: number, error: string) =>
      resolveSample({ kind, latencyMs: performance.now() - start, status, degraded: [], stages: new Map(), items: 0, error });
    let answered = false;
    const req = request({ agent, host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => fail(res.statusCode ?? 0, e.message));
      res.on('end', () => {
        const latencyMs = performance.now() - start;
        const status = res.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        let body: { degraded?: unknown; items?: unknown; error?: unknown; problem?: unknown } = {};
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          return resolveSample({ kind, latencyMs, status, degraded: [], stages: new Map(), items: 0, error: `body is not JSON: ${text.slice(0, 120)}` });
        }
        const degraded = Array.isArray(body.degraded) ? body.degraded.filter((d): d is string => typeof d === 'string') : [];
        const items = Array.isArray(body.items) ? body.items.length : 0;
        const stages = parseServerTiming([res.headers['server-timing'] ?? []].flat().join(', '));
        const error = status === 200 ? undefined : `${String(body.error ?? status)}: ${String(body.problem ?? '')}`;
        resolveSample({ kind, latencyMs, status, degraded, stages, items, ...(error !== undefined && { error }) });
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      // Only a request never answered on a reused connection is safe to send again.
      const stale = retries === 0 && req.reusedSocket && !answered && STALE_CONNECTION.has(e.code ?? '');
      if (stale) resolveAttempt({ sample: { kind, latencyMs: 0, status: 0, degraded: [], stages: new Map(), items: 0, error: e.message, retries }, staleConnection: true });
      else fail(0, e.message);
    });
    req.end();
  });
}
