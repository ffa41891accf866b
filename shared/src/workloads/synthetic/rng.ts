// Seeded, fast, deterministic randomness: sfc32 for sequences, and a
// hash-based seeding so any item or user can be generated on its own (random
// access) without generating the ones before it. The project's one seeded
// PRNG: the synthetic workload, and the index builder's training (ALS
// initialisation, MLP weights and shuffles, sampling, k-means, gate queries),
// each use it with their own stream name, so a seed replays bit for bit.
import { fnv1a32 } from '../../util/hash.js';

/** 32-bit FNV-1a of a string: turns a textual seed into a number. */
export const hashString = fnv1a32;

/** splitmix32 finaliser: a well-mixed 32-bit value from any 32-bit input. */
export function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A generator for (seed, stream, index): e.g. ('42', 'item', 1234) always gives the same sequence. */
  static for(seed: number, stream: string, index = 0): Rng {
    const s = mix32(seed ^ hashString(stream));
    return new Rng(mix32(s ^ index), mix32(s + index * 0x632be5ab), mix32(~s ^ index), mix32(index ^ 0x1b873593 ^ s));
  }

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    for (let i = 0; i < 12; i++) this.uint32(); // leave the weak initial states behind
  }

  /** sfc32 step. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Standard normal (Box–Muller; one of the pair is enough here). */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log(0) would be −∞
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and shape (sigma of the underlying normal). */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** A copy of `values` in random order (Fisher–Yates). */
  shuffled<T>(values: readonly T[]): T[] {
    const out = [...values];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

/** A numeric seed from a number or a string. */
export function seedOf(seed: number | string): number {
  return typeof seed === 'number' ? mix32(seed >>> 0) : hashString(seed);
}
