// Event-time units and bucketing. All feature windows are in event time (UTC
// epoch milliseconds); a bucket is the integer floor(t / width).

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

export const bucketOf = (timeMs: number, widthMs: number): number => Math.floor(timeMs / widthMs);

/**
 * "Now" in event time: the newest event time applied, advanced by the wall
 * time that passed since it was observed. Live, this is the wall clock; after
 * a historical replay it keeps windows sliding instead of freezing them.
 */
export function eventNow(clock: number, observedAtWallMs: number, wallNowMs: number): number {
  return clock + Math.max(0, wallNowMs - observedAtWallMs);
}
