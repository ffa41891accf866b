// Bootstrap confidence intervals over users for the freshness ablation: each
// user contributes one paired observation (the mean of a metric over their
// requests under system A and under system B); resampling users with
// replacement gives the distribution of the relative change of the means.
// Seeded: the same inputs and seed give the same interval.
import { Rng } from '../workloads/synthetic/rng.js';

export class BootstrapInputError extends Error {
  override readonly name = 'BootstrapInputError';
}

export interface RelativeChange {
  /** (mean(treatment) − mean(control)) / mean(control) on all users; NaN when the control mean is 0. */
  readonly estimate: number;
  /** Percentile interval of the resampled estimates (resamples with a zero control mean are dropped). */
  readonly low: number;
  readonly high: number;
  readonly resamples: number;
  readonly users: number;
}

const mean = (xs: ArrayLike<number>, picks?: Uint32Array): number => {
  let sum = 0;
  const n = picks ? picks.length : xs.length;
  for (let i = 0; i < n; i++) sum += xs[picks ? picks[i]! : i]!;
  return sum / n;
};

/** Linear-interpolation quantile of sorted values (q in [0, 1]). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new BootstrapInputError('quantile of no values');
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

/**
 * Relative change of treatment over control with a (1 − alpha) percentile interval. `control[i]`
 * and `treatment[i]` belong to the same user.
 */
export function bootstrapRelativeChange(control: readonly number[], treatment: readonly number[], o: { readonly resamples?: number; readonly seed?: number; readonly alpha?: number } = {}): RelativeChange {
  const resamples = o.resamples ?? 1000;
  const alpha = o.alpha ?? 0.05;
  if (control.length !== treatment.length) throw new BootstrapInputError(`paired samples differ in length: ${control.length} control, ${treatment.length} treatment`);
  if (control.length === 0) throw new BootstrapInputError('no users to resample');
  if (!Number.isInteger(resamples) || resamples < 1) throw new BootstrapInputError(`resamples must be a positive integer (got ${resamples})`);
  if (!(alpha > 0 && alpha < 1)) throw new BootstrapInputError(`alpha must be in (0, 1) (got ${alpha})`);
  for (const [name, xs] of [['control', control], ['treatment', treatment]] as const) {
    const bad = xs.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new BootstrapInputError(`${name}[${bad}] is ${xs[bad]} (values must be finite)`);
  }
  const n = control.length;
  const relative = (c: number, t: number) => (c === 0 ? Number.NaN : (t - c) / c);
  const rng = Rng.for(o.seed ?? 1, 'bootstrap');
  const picks = new Uint32Array(n);
  const estimates: number[] = [];
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) picks[i] = rng.int(n);
    const value = relative(mean(control, picks), mean(treatment, picks));
    if (Number.isFinite(value)) estimates.push(value);
  }
  estimates.sort((a, b) => a - b);
  const estimate = relative(mean(control), mean(treatment));
  if (estimates.length === 0) return { estimate, low: Number.NaN, high: Number.NaN, resamples, users: n };
  return { estimate, low: quantileSorted(estimates, alpha / 2), high: quantileSorted(estimates, 1 - alpha / 2), resamples, users: n };
}
