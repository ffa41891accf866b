// Event-time units and bucketing. All feature windows are in event time (UTC
// epoch milliseconds); a bucket is the integer floor(t / width).

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

export const bucketOf = (timeMs: number, widthMs: number): number => Math.floor(timeMs / widthMs);

/**
 * Long-term user state lives in one key per 13-week epoch (a whole number of weeks and of
 * days, so its buckets never straddle two epochs). A window of up to one epoch ending at t
 * needs the epoch of t and the one before; older epochs expire with their key's TTL, so
 * dimensions a user stopped touching (creators, above all) do not pile up.
 */
export const LONG_TERM_EPOCH_MS = 13 * WEEK;
export const epochOf = (timeMs: number): number => Math.floor(timeMs / LONG_TERM_EPOCH_MS);

/**
 * "Now" in event time: the newest event time applied, advanced by the wall
 * time that passed since it was observed. Live, this is the wall clock; after
 * a historical replay it keeps windows sliding instead of freezing them.
 */
export function eventNow(clock: number, observedAtWallMs: number, wallNowMs: number): number {
  return clock + Math.max(0, wallNowMs - observedAtWallMs);
}
