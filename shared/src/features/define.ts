// The feature vocabulary. A feature names its entity and windows, reads
// declared state (whose `write` says what each event writes), and computes its
// value at time t from that state alone — the same function online (edge,
// snapshot publisher) and offline (training sets, parity checks).
import type { EntityState } from './state/entity-state.js';
import type { Entity, StateSpec } from './state/specs.js';

export type { Entity };

export interface Feature<V> {
  readonly name: string;
  readonly entity: Entity;
  readonly description: string;
  /** Event-time windows, for documentation: '30m', '7d', 'all', ... */
  readonly windows: readonly string[];
  /** The state this feature reads; what events write to it is declared there. */
  readonly reads: readonly StateSpec[];
  /** The value as of t: never uses events after t. */
  readonly value: (state: EntityState, t: number) => V;
}

export const defineFeature = <V>(feature: Feature<V>): Feature<V> => feature;

/** Rounds to 6 decimal places: values are for models and logs, not for accounting. */
export const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
