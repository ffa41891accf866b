// Popularity baselines, updated online as the replay applies events:
// all-time popularity (positive interactions before t) and recent popularity
// (positive interactions in the trailing window [t − window, t), a trending
// list as of t). Items are integer indexes into a fixed catalog.

export class PopularityCounts {
  readonly scores: Float64Array;
  constructor(itemCount: number) {
    this.scores = new Float64Array(itemCount);
  }

  add(item: number): void {
    this.scores[item]!++;
  }
}

export class WindowedPopularity {
  readonly scores: Float64Array;
  private readonly items: number[] = [];
  private readonly times: number[] = [];
  private head = 0;

  constructor(
    itemCount: number,
    readonly windowMs: number,
  ) {
    if (!(windowMs > 0)) throw new RangeError(`windowMs must be > 0 (got ${windowMs})`);
    this.scores = new Float64Array(itemCount);
  }

  /** Events must arrive in time order (the replay's order). */
  add(item: number, time: number): void {
    if (this.times.length > this.head && time < this.times.at(-1)!) throw new RangeError(`events must arrive in time order: ${time} after ${this.times.at(-1)}`);
    this.items.push(item);
    this.times.push(time);
    this.scores[item]!++;
  }

  /** Forgets events older than t − window: the scores are then counts over [t − window, ∞). */
  advance(t: number): void {
    while (this.head < this.times.length && this.times[this.head]! < t - this.windowMs) {
      this.scores[this.items[this.head]!]!--;
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.times.length) {
      this.items.splice(0, this.head);
      this.times.splice(0, this.head);
      this.head = 0;
    }
  }
}
