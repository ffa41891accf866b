// A value fetched from the KV store and kept in the isolate for a short TTL
// (the item snapshot, a fresh-item delta). Past the TTL the old value is still
// served while one background fetch replaces it, so requests never wait for a
// refresh; only an isolate that has nothing yet waits, within its deadline.
import { withDeadline } from '../serve/deadline.js';

export interface Cached<T> {
  readonly value: T | null;
  /** Milliseconds since the value was fetched (null: nothing cached). */
  readonly ageMs: number | null;
  /** Why there is no value, when there is none. */
  readonly problem: string | null;
}

export class Refreshing<T> {
  private value: T | null = null;
  private fetchedAt = -Infinity;
  private inFlight: Promise<void> | null = null;
  private lastError: string | null = null;

  constructor(
    private readonly ttlMs: number,
    private readonly fetch: () => Promise<T | null>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(deadlineMs: number, waitUntil: (p: Promise<unknown>) => void): Promise<Cached<T>> {
    const age = this.now() - this.fetchedAt;
    if (this.value !== null && age < this.ttlMs) return { value: this.value, ageMs: age, problem: null };
    const refresh = this.refresh();
    waitUntil(refresh);
    if (this.value !== null) return { value: this.value, ageMs: age, problem: null };
    const waited = await withDeadline(deadlineMs, () => refresh);
    if (this.value !== null) return { value: this.value, ageMs: this.now() - this.fetchedAt, problem: null };
    return { value: null, ageMs: null, problem: waited.ok ? (this.lastError ?? 'absent from the KV store') : 'not fetched within the deadline' };
  }

  private refresh(): Promise<void> {
    this.inFlight ??= this.fetch()
      .then((value) => {
        if (value !== null) this.value = value;
        this.fetchedAt = this.now();
        this.lastError = value === null ? 'absent from the KV store' : null;
      })
      .catch((error: unknown) => {
        this.lastError = (error as Error).message;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }
}
