// The point-in-time training-set builder: for each labelled example (user,
// item, t, label), every user, item and creator feature as of t, computed by
// the shared `value` functions from state replayed out of the offline store
// (see point-in-time.ts for what "as of t" means, catalog included). No event
// after t can reach an example at t. Creator features are null when the
// catalog as of t does not know the item (so its creator is unknown).
import type { LabelledExample } from './examples.js';
import { featureVectorAsOf, statesAsOf } from './as-of-features.js';
import { writeAtomically } from './atomic-file.js';
import { replayAsOf, type ReplayOptions, type ReplayStats } from './point-in-time.js';

export interface TrainingRow<E extends LabelledExample = LabelledExample> {
  readonly example: E;
  /** Feature name → value as JSON (null where the value is missing). */
  readonly features: Readonly<Record<string, unknown>>;
}

export interface TrainingSet<E extends LabelledExample = LabelledExample> {
  /** In the order of the input examples. */
  readonly rows: TrainingRow<E>[];
  readonly stats: ReplayStats;
}

export async function buildTrainingSet<E extends LabelledExample>(
  offlineDir: string,
  examples: readonly E[],
  options: ReplayOptions = {},
): Promise<TrainingSet<E>> {
  const rows = new Array<TrainingRow<E>>(examples.length);
  // Each example reads its user's, its item's and the item's creator's state only.
  const only = { users: new Set(examples.map((e) => e.user_id)), items: new Set(examples.map((e) => e.item_id)) };
  const stats = await replayAsOf(
    offlineDir,
    examples,
    (example, index, store) => {
      rows[index] = { example, features: featureVectorAsOf(statesAsOf(store), example.user_id, example.item_id, example.t) };
    },
    { only, ...options },
  );
  return { rows, stats };
}

/** One JSONL line: the example as given, plus `features`. */
export const trainingLine = (row: TrainingRow): string => JSON.stringify({ ...row.example, features: row.features });

export async function writeTrainingJsonl(file: string, rows: readonly TrainingRow[]): Promise<void> {
  function* lines() {
    // Lines in chunks: one write per line would be slow, one string for all of them too big.
    for (let i = 0; i < rows.length; i += 2000) yield rows.slice(i, i + 2000).map((r) => `${trainingLine(r)}\n`).join('');
  }
  await writeAtomically(file, lines());
}
