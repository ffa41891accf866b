// Served feature snapshots, the parity monitor's input: what the edge logged
// it served for one request — the user's features, and each candidate item's
// (item and creator) features — and when (t, the request time).
import type { FieldError, Result } from '@freshet/shared';
import { checkId, checkTime } from './field-checks.js';
import { asObject, readJsonLines, type JsonLines } from './jsonl.js';

export type FeatureValues = Readonly<Record<string, unknown>>;

export interface ServedSnapshot {
  readonly request_id: string;
  readonly user_id: string;
  readonly item_ids?: readonly string[];
  readonly t: number;
  readonly features: {
    readonly user: FeatureValues;
    /** Item id → that item's item and creator features. */
    readonly items?: Readonly<Record<string, FeatureValues>>;
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateSnapshot(input: unknown): Result<ServedSnapshot, FieldError[]> {
  const object = asObject(input);
  if (!object.ok) return object;
  const record = object.value;
  const errors: FieldError[] = [];
  checkId(record, 'request_id', errors);
  checkId(record, 'user_id', errors);
  checkTime(record, 't', errors);
  if (record.item_ids !== undefined) {
    if (!Array.isArray(record.item_ids)) errors.push({ field: 'item_ids', message: 'item_ids must be an array of item ids' });
    else record.item_ids.forEach((_, i) => checkId(record.item_ids as unknown as Record<string, unknown>, String(i), errors, `item_ids.${i}`));
  }
  const features = record.features;
  if (!isObject(features)) {
    errors.push({ field: 'features', message: features === undefined ? 'features is required' : 'features must be an object {user, items?}' });
  } else {
    if (!isObject(features.user)) errors.push({ field: 'features.user', message: 'features.user must be an object of feature name → value' });
    if (features.items !== undefined) {
      if (!isObject(features.items)) errors.push({ field: 'features.items', message: 'features.items must be an object of item id → features' });
      else {
        for (const [itemId, values] of Object.entries(features.items)) {
          checkId({ [itemId]: itemId }, itemId, errors, `features.items.${itemId}`);
          if (!isObject(values)) errors.push({ field: `features.items.${itemId}`, message: 'must be an object of feature name → value' });
        }
      }
    }
  }
  return errors.length > 0 ? { ok: false, error: errors } : { ok: true, value: record as unknown as ServedSnapshot };
}

export const readSnapshots = (file: string): Promise<JsonLines<ServedSnapshot>> => readJsonLines(file, validateSnapshot);
