// A binary min-heap keyed by a number, ties broken by insertion order so that
// simulations built on it are deterministic.

export class MinHeap<T> {
  private keys: number[] = [];
  private seqs: number[] = [];
  private values: T[] = [];
  private seq = 0;

  get size(): number {
    return this.values.length;
  }

  peekKey(): number {
    return this.values.length > 0 ? this.keys[0]! : Infinity;
  }

  push(key: number, value: T): void {
    this.keys.push(key);
    this.seqs.push(this.seq++);
    this.values.push(value);
    this.up(this.values.length - 1);
  }

  pop(): T | undefined {
    const n = this.values.length;
    if (n === 0) return undefined;
    const top = this.values[0]!;
    const lastKey = this.keys.pop()!;
    const lastSeq = this.seqs.pop()!;
    const lastValue = this.values.pop()!;
    if (n > 1) {
      this.keys[0] = lastKey;
      this.seqs[0] = lastSeq;
      this.values[0] = lastValue;
      this.down(0);
    }
    return top;
  }

  private less(i: number, j: number): boolean {
    const a = this.keys[i]!;
    const b = this.keys[j]!;
    return a < b || (a === b && this.seqs[i]! < this.seqs[j]!);
  }

  private swap(i: number, j: number): void {
    [this.keys[i], this.keys[j]] = [this.keys[j]!, this.keys[i]!];
    [this.seqs[i], this.seqs[j]] = [this.seqs[j]!, this.seqs[i]!];
    [this.values[i], this.values[j]] = [this.values[j]!, this.values[i]!];
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.values.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < n && this.less(l, smallest)) smallest = l;
      if (r < n && this.less(r, smallest)) smallest = r;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}
