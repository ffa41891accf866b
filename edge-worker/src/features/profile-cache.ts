// Last-known user profiles, per isolate (R15: feature store slow or down →
// the profile this isolate last read for the user). Bounded in entries and
// age; least recently used entries go first.
import type { FeatureValues } from '@freshet/shared/ranking/assemble';

export class ProfileCache {
  private readonly entries = new Map<string, { values: FeatureValues; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(userId: string): { values: FeatureValues; ageMs: number } | null {
    const entry = this.entries.get(userId);
    if (!entry) return null;
    const ageMs = this.now() - entry.at;
    this.entries.delete(userId);
    if (ageMs > this.ttlMs) return null;
    this.entries.set(userId, entry); // most recently used last
    return { values: entry.values, ageMs };
  }

  set(userId: string, values: FeatureValues): void {
    if (this.capacity === 0) return;
    this.entries.delete(userId);
    this.entries.set(userId, { values, at: this.now() });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
