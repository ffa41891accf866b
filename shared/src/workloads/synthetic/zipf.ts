// Zipf-distributed ranks over 1..n in O(1) time and memory per sample, so
// popularity can be drawn over catalogs of millions of items without a table.
// Method: rejection-inversion (W. Hörmann and G. Derflinger, "Rejection-
// inversion to generate variates from monotone discrete distributions", 1996).
import type { Rng } from './rng.js';

// (log1p(x))/x and (expm1(x))/x, accurate near 0 where the exponent is 1.
const helper1 = (x: number) => (Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3 - 0.25 * x)));
const helper2 = (x: number) => (Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + x * (1 / 3) * (1 + 0.25 * x)));

export interface ZipfSampler {
  /** A 0-based rank: 0 is the most popular. */
  sample(rng: Rng): number;
  readonly n: number;
  readonly exponent: number;
}

export function createZipf(n: number, exponent: number): ZipfSampler {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Zipf needs n >= 1, got ${n}`);
  if (!(exponent > 0)) throw new RangeError(`Zipf needs an exponent > 0, got ${exponent}`);
  const s = exponent;
  const h = (x: number) => Math.exp(-s * Math.log(x));
  const hIntegral = (x: number) => {
    const logX = Math.log(x);
    return helper2((1 - s) * logX) * logX;
  };
  const hIntegralInverse = (x: number) => {
    let t = x * (1 - s);
    if (t < -1) t = -1; // numerical guard: the true value is >= -1
    return Math.exp(helper1(t) * x);
  };
  const hIntegralX1 = hIntegral(1.5) - 1;
  const hIntegralN = hIntegral(n + 0.5);
  const squeeze = 2 - hIntegralInverse(hIntegral(2.5) - h(2));

  return {
    n,
    exponent,
    sample(rng) {
      for (;;) {
        const u = hIntegralN + rng.next() * (hIntegralX1 - hIntegralN);
        const x = hIntegralInverse(u);
        let k = Math.floor(x + 0.5);
        if (k < 1) k = 1;
        else if (k > n) k = n;
        if (k - x <= squeeze || u >= hIntegral(k + 0.5) - h(k)) return k - 1;
      }
    },
  };
}
