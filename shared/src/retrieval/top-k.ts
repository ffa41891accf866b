// Bounded top-k selection over (score, id) pairs for the JS reference searches.
// A min-heap of size k keyed by score; ties are broken towards the smaller id so
// the result of a reference search is fully determined by its input.

export interface TopKResult {
  /** Ids (row or item indices), best first. */
  readonly ids: Uint32Array;
  /** Scores matching `ids`, descending. */
  readonly scores: Float64Array;
}

export class TopK {
  private readonly heapScores: Float64Array;
  private readonly heapIds: Uint32Array;
  private size = 0;

  constructor(readonly k: number) {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
    this.heapScores = new Float64Array(k);
    this.heapIds = new Uint32Array(k);
  }

  /** True when (a, ia) ranks below (b, ib): lower score, or equal score and larger id. */
  private static worse(a: number, ia: number, b: number, ib: number): boolean {
    return a < b || (a === b && ia > ib);
  }

  push(score: number, id: number): void {
    const s = this.heapScores;
    const ids = this.heapIds;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!TopK.worse(score, id, s[parent]!, ids[parent]!)) break;
        s[i] = s[parent]!;
        ids[i] = ids[parent]!;
        i = parent;
      }
      s[i] = score;
      ids[i] = id;
      return;
    }
    if (!TopK.worse(s[0]!, ids[0]!, score, id)) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.k) break;
      const r = l + 1;
      const c = r < this.k && TopK.worse(s[r]!, ids[r]!, s[l]!, ids[l]!) ? r : l;
      if (!TopK.worse(s[c]!, ids[c]!, score, id)) break;
      s[i] = s[c]!;
      ids[i] = ids[c]!;
      i = c;
    }
    s[i] = score;
    ids[i] = id;
  }

  /** The ids currently kept, in heap order (a live view: copy it to keep it). */
  keptIds(): Uint32Array {
    return this.heapIds.subarray(0, this.size);
  }

  /** The kept pairs, best first. */
  result(): TopKResult {
    const order = Array.from({ length: this.size }, (_, i) => i);
    order.sort((a, b) => this.heapScores[b]! - this.heapScores[a]! || this.heapIds[a]! - this.heapIds[b]!);
    return {
      ids: Uint32Array.from(order, (i) => this.heapIds[i]!),
      scores: Float64Array.from(order, (i) => this.heapScores[i]!),
    };
  }
}
