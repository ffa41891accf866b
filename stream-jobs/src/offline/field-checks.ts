// Field-by-field checks of input lines with the shared schemas' own rules
// (ids, epoch milliseconds), reporting each problem against its field.
import { epochMsSchema, idSchema, toFieldErrors, type FieldError } from '@freshet/shared';

type Schema = ReturnType<typeof idSchema> | ReturnType<typeof epochMsSchema>;

function check(schema: Schema, field: string, value: unknown, errors: FieldError[]): void {
  if (value === undefined) {
    errors.push({ field, message: `${field} is required` });
    return;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) for (const e of toFieldErrors(parsed.error)) errors.push({ field: e.field ? `${field}.${e.field}` : field, message: e.message });
}

/** An id (user, item, request): the same rules as in events. */
export const checkId = (record: Record<string, unknown>, field: string, errors: FieldError[], path = field): void =>
  check(idSchema(path), path, record[field], errors);

/** A time: UTC epoch milliseconds, as everywhere in the platform. */
export const checkTime = (record: Record<string, unknown>, field: string, errors: FieldError[]): void =>
  check(epochMsSchema(field), field, record[field], errors);
