// Paces a producer to a target rate: after each chunk it waits until the
// wall clock catches up with how much has been sent. Without a rate it
// never waits (as fast as possible).

export interface Pacer {
  /** Records to send before the next pause. */
  readonly chunkSize: number;
  /** Called after `sent` records in total; resolves when it is time to send more. */
  pace(sent: number): Promise<void>;
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function createPacer(ratePerSecond: number | undefined, maxChunk: number, clock: Clock = systemClock): Pacer {
  if (ratePerSecond === undefined) return { chunkSize: maxChunk, pace: () => Promise.resolve() };
  // About 50 chunks a second keeps the rate smooth without tiny sends.
  const chunkSize = Math.max(1, Math.min(maxChunk, Math.floor(ratePerSecond / 50)));
  const start = clock.now();
  return {
    chunkSize,
    async pace(sent) {
      const due = start + (sent / ratePerSecond) * 1000;
      const wait = due - clock.now();
      if (wait > 1) await clock.sleep(wait);
    },
  };
}
