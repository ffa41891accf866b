// The implicit-MF baseline's user side: with the item factors Y trained on
// the training period fixed, a user's factor as of t is the exact
// weighted-least-squares solution over their history as of t (Hu, Koren &
// Volinsky 2008, eq. 4):
//   (YᵀY + λI + Σ_{i∈N(u)} (c_ui − 1) y_i y_iᵀ) x_u = Σ_{i∈N(u)} c_ui p_ui y_i
// solved by Cholesky (dim is small). Scores are then Y x_u over the catalog.

export interface FoldInEntry {
  readonly item: number;
  /** Preference p ∈ {0, 1}. */
  readonly pref: number;
  /** Confidence c ≥ 1. */
  readonly conf: number;
}

/** YᵀY + λI of an items × dim row-major factor matrix. */
export function regularizedGram(items: Float64Array, dim: number, lambda: number): Float64Array {
  if (items.length % dim !== 0) throw new RangeError(`factor matrix of ${items.length} values is not a whole number of ${dim}-d rows`);
  const rows = items.length / dim;
  const g = new Float64Array(dim * dim);
  for (let r = 0; r < rows; r++) {
    for (let a = 0; a < dim; a++) {
      const ya = items[r * dim + a]!;
      if (ya === 0) continue;
      for (let b = a; b < dim; b++) g[a * dim + b]! += ya * items[r * dim + b]!;
    }
  }
  for (let a = 0; a < dim; a++) {
    g[a * dim + a]! += lambda;
    for (let b = 0; b < a; b++) g[a * dim + b] = g[b * dim + a]!;
  }
  return g;
}

/** Solves A x = b for a symmetric positive definite A (dim × dim, row-major); A and b are not changed. */
export function solveSpd(a: Float64Array, b: Float64Array, dim: number): Float64Array {
  const l = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * dim + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * dim + k]! * l[j * dim + k]!;
      if (i === j) {
        if (!(sum > 0)) throw new RangeError(`matrix is not positive definite (pivot ${i} is ${sum})`);
        l[i * dim + i] = Math.sqrt(sum);
      } else {
        l[i * dim + j] = sum / l[j * dim + j]!;
      }
    }
  }
  const y = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * dim + k]! * y[k]!;
    y[i] = sum / l[i * dim + i]!;
  }
  const x = new Float64Array(dim);
  for (let i = dim - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < dim; k++) sum -= l[k * dim + i]! * x[k]!;
    x[i] = sum / l[i * dim + i]!;
  }
  return x;
}

/** The user factor for `entries` against fixed item factors; `gram` is regularizedGram(items, dim, λ). */
export function foldInUser(items: Float64Array, dim: number, gram: Float64Array, entries: readonly FoldInEntry[]): Float64Array {
  const a = Float64Array.from(gram);
  const b = new Float64Array(dim);
  for (const { item, pref, conf } of entries) {
    if (!(conf >= 1)) throw new RangeError(`confidence of item ${item} is ${conf}; it must be ≥ 1`);
    const base = item * dim;
    if (base + dim > items.length || item < 0) throw new RangeError(`item ${item} has no factor row`);
    for (let p = 0; p < dim; p++) {
      const yp = items[base + p]!;
      b[p]! += conf * pref * yp;
      const w = (conf - 1) * yp;
      if (w === 0) continue;
      for (let q = 0; q < dim; q++) a[p * dim + q]! += w * items[base + q]!;
    }
  }
  return solveSpd(a, b, dim);
}

/** Y x for every item row: the full-catalog scores. */
export function scoreAllItems(items: Float64Array, dim: number, user: Float64Array, out = new Float64Array(items.length / dim)): Float64Array {
  for (let r = 0; r < out.length; r++) {
    let s = 0;
    for (let p = 0; p < dim; p++) s += items[r * dim + p]! * user[p]!;
    out[r] = s;
  }
  return out;
}
