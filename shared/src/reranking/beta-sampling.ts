// Draws from Beta posteriors for Thompson sampling, from an injected uniform
// source so a seeded generator makes exploration reproducible.
// Beta(a, b) = X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b); Gamma by
// Marsaglia & Tsang's squeeze method (about one normal and one uniform per
// draw, no tables). Thousands of draws run per exploring request, so the
// normals come in Box–Muller pairs and the spare is kept.

export type Uniform = () => number;

export class BetaSampler {
  private spare = Number.NaN;

  constructor(private readonly random: Uniform) {}

  /** Standard normal. */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = Number.NaN;
      return z;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.random())); // 1 − u ∈ (0, 1]: the log stays finite
    const angle = 2 * Math.PI * this.random();
    this.spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Gamma(shape, 1) for shape > 0. */
  gamma(shape: number): number {
    if (!(shape > 0) || !Number.isFinite(shape)) throw new RangeError(`gamma shape must be a positive finite number (got ${shape})`);
    // Shapes below 1 boost from shape + 1: Gamma(a) = Gamma(a + 1) · U^(1/a).
    if (shape < 1) return this.gamma(shape + 1) * Math.pow(1 - this.random(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.random();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Beta(alpha, beta), alpha and beta > 0. */
  beta(alpha: number, beta: number): number {
    const x = this.gamma(alpha);
    const y = this.gamma(beta);
    // Both can underflow to 0 for tiny shapes; the mean is the honest answer then.
    return x + y > 0 ? x / (x + y) : alpha / (alpha + beta);
  }
}
