// Deadlines for the fallback ladder: a stage either answers in time or the
// request moves on without it. The late work is not cancelled (fetch and WASM
// calls cannot all be), its result is simply ignored.
export type Timed<T> =
  | { readonly ok: true; readonly value: T; readonly ms: number }
  | { readonly ok: false; readonly reason: 'timeout' | 'error'; readonly error?: string; readonly ms: number };

export async function withDeadline<T>(ms: number, run: () => Promise<T> | T, now: () => number = () => performance.now()): Promise<Timed<T>> {
  const started = now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    const work = Promise.resolve().then(run);
    work.catch(() => undefined); // a late failure must not surface as unhandled
    const outcome = await Promise.race([work.then((value) => ({ value })), timeout]);
    if (outcome === 'timeout') return { ok: false, reason: 'timeout', ms: now() - started };
    return { ok: true, value: outcome.value, ms: now() - started };
  } catch (error) {
    return { ok: false, reason: 'error', error: error instanceof Error ? error.message : String(error), ms: now() - started };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
