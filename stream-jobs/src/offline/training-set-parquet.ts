// A training set as Parquet, for tools that want columns: the example's
// user_id, item_id, t and label, then one column per feature (numbers as
// DOUBLE, strings as VARCHAR, non-scalar values as JSON text; see
// feature-columns.ts). Extra example fields stay in the JSONL output only.
import { writeAtomically } from './atomic-file.js';
import { FEATURE_COLUMNS } from './feature-columns.js';
import { encodeParquet } from './parquet-codec.js';
import type { ColumnSpec } from './schema.js';
import type { TrainingRow } from './training-set.js';

export function trainingSetParquet(rows: readonly TrainingRow[]): Uint8Array {
  // A boolean label stays boolean; numbers (or a mix) become DOUBLE with true = 1.
  const booleanLabels = rows.length > 0 && rows.every((r) => typeof r.example.label === 'boolean');
  const specs: ColumnSpec[] = [
    { name: 'user_id', kind: 'utf8', nullable: false },
    { name: 'item_id', kind: 'utf8', nullable: false },
    { name: 't', kind: 'timestamp', nullable: false },
    { name: 'label', kind: booleanLabels ? 'bool' : 'float64', nullable: false },
    ...FEATURE_COLUMNS.map((f): ColumnSpec => ({ name: f.name, kind: f.kind === 'number' ? 'float64' : 'utf8', nullable: true })),
  ];
  const columns: Record<string, unknown[]> = {
    user_id: rows.map((r) => r.example.user_id),
    item_id: rows.map((r) => r.example.item_id),
    t: rows.map((r) => r.example.t),
    label: rows.map((r) => (booleanLabels ? r.example.label : Number(r.example.label))),
  };
  for (const f of FEATURE_COLUMNS) {
    columns[f.name] = rows.map((r) => {
      const value = r.features[f.name] ?? null;
      return f.kind === 'json' && value !== null ? JSON.stringify(value) : value;
    });
  }
  return encodeParquet(specs, columns, rows.length, { kind: 'training-set' });
}

export async function writeTrainingParquet(file: string, rows: readonly TrainingRow[]): Promise<void> {
  await writeAtomically(file, [trainingSetParquet(rows)]);
}
