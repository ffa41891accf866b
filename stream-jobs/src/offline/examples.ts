// Labelled examples, the training-set builder's input: which user saw which
// item at time t, and what happened (the label). Extra fields are carried
// through to the output untouched (ids for joins, weights, ...).
import type { FieldError, Result } from '@freshet/shared';
import { checkId, checkTime } from './field-checks.js';
import { asObject, readJsonLines, type JsonLines } from './jsonl.js';

export interface LabelledExample {
  readonly user_id: string;
  readonly item_id: string;
  /** When the example happened (the features are as of then), UTC epoch ms. */
  readonly t: number;
  readonly label: number | boolean;
  readonly [extra: string]: unknown;
}

export function validateExample(input: unknown): Result<LabelledExample, FieldError[]> {
  const object = asObject(input);
  if (!object.ok) return object;
  const record = object.value;
  const errors: FieldError[] = [];
  checkId(record, 'user_id', errors);
  checkId(record, 'item_id', errors);
  checkTime(record, 't', errors);
  const label = record.label;
  if (label === undefined) errors.push({ field: 'label', message: 'label is required' });
  else if (typeof label !== 'boolean' && !(typeof label === 'number' && Number.isFinite(label))) {
    errors.push({ field: 'label', message: 'label must be a number or true/false' });
  }
  if ('features' in record) errors.push({ field: 'features', message: 'features is reserved for the output; rename the field' });
  return errors.length > 0 ? { ok: false, error: errors } : { ok: true, value: record as LabelledExample };
}

export const readExamples = (file: string): Promise<JsonLines<LabelledExample>> => readJsonLines(file, validateExample);
