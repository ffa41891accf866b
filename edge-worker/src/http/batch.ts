// Bodies that carry one record or a batch of them (a JSON object or an array
// of 1..max objects), validated record by record, with every problem named
// by its place in the batch ("3.item_id"). The problem list is capped so a
// 500-record batch of garbage cannot produce a multi-megabyte answer.
import { err, ok, type FieldError, type Result } from '@freshet/shared';
import type { Problem } from './problems.js';

export const MAX_PROBLEMS_REPORTED = 50;

export function validateBatch<T>(
  body: unknown,
  validate: (record: unknown) => Result<T, FieldError[]>,
  what: string,
  maxRecords: number,
): Result<T[], Problem[]> {
  const isArray = Array.isArray(body);
  if (!isArray && (typeof body !== 'object' || body === null)) {
    return err([{ field: '', message: `the body must be one ${what} (a JSON object) or an array of 1 to ${maxRecords}` }]);
  }
  const records: unknown[] = isArray ? body : [body];
  if (records.length === 0) return err([{ field: '', message: `the batch is empty; send 1 to ${maxRecords} ${what}s` }]);
  if (records.length > maxRecords) {
    return err([{ field: '', message: `the batch has ${records.length} ${what}s; the limit is ${maxRecords}` }]);
  }
  const valid: T[] = [];
  const problems: Problem[] = [];
  let total = 0;
  records.forEach((record, i) => {
    const checked = validate(record);
    if (checked.ok) {
      valid.push(checked.value);
      return;
    }
    for (const p of checked.error) {
      total += 1;
      if (problems.length >= MAX_PROBLEMS_REPORTED) continue;
      const field = isArray ? (p.field ? `${i}.${p.field}` : String(i)) : p.field;
      problems.push({ field, message: p.message });
    }
  });
  if (total > problems.length) problems.push({ field: '', message: `${total - problems.length} more problems not listed` });
  return problems.length > 0 ? err(problems) : ok(valid);
}
