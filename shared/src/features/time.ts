// Event-time units and bucketing. All feature windows are in event time (UTC
// epoch milliseconds); a bucket is the integer floor(t / width).

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;

export const bucketOf = (timeMs: number, widthMs: number): number => Math.floor(timeMs / widthMs);
