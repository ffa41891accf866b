// The one error the plot renderer throws: bad input (no values, a NaN, an interval that does not
// contain its value, log axis over non-positive values) named precisely, never drawn as garbage.

export class PlotInputError extends Error {
  override readonly name = 'PlotInputError';
}

/** Throws unless `values` is non-empty and every value is a finite number; `what` names the input in the message. */
export function requireFinite(what: string, values: readonly number[]): void {
  if (values.length === 0) throw new PlotInputError(`${what}: no values (a plot needs at least one)`);
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new PlotInputError(`${what}: value ${i} is ${String(v)} (every value must be a finite number)`);
  });
}

/** Throws unless every value is > 0 (a log axis cannot place zero or negatives). */
export function requirePositive(what: string, values: readonly number[]): void {
  values.forEach((v, i) => {
    if (!(v > 0)) throw new PlotInputError(`${what}: value ${i} is ${v}, but a log axis needs every value > 0`);
  });
}
