// The one blocking wait of the builder's synchronous worker pools (ALS rows,
// content embeddings): workers count finished ranges (and failures) in a
// shared Int32Array and notify; this thread sleeps on the counter. Its own
// event loop does not run meanwhile, so a failure is only heard through the
// failure slot, and a worker that never starts only through the deadline.

export type WaitOutcome = 'done' | 'failed' | 'timeout';

/** Blocks until status[slots.done] ≥ target, status[slots.failed] > 0, or Date.now() passes `deadline`. */
export function blockUntilCount(status: Int32Array, slots: { readonly done: number; readonly failed: number }, target: number, deadline: number): WaitOutcome {
  for (;;) {
    if (Atomics.load(status, slots.failed) > 0) return 'failed';
    const seen = Atomics.load(status, slots.done);
    if (seen >= target) return 'done';
    const left = deadline - Date.now();
    if (left <= 0) return 'timeout';
    // Woken by the workers' notify on the done slot (failures notify it too); re-checks every second regardless.
    Atomics.wait(status, slots.done, seen, Math.min(left, 1000));
  }
}
