// Turns schema issues into field-level errors that name the offending field,
// e.g. { field: "context.local_hour", message: "local_hour must be ..." }.
import type { z } from 'zod';

export interface FieldError {
  /** Dotted path of the field ("context.local_hour", "categories.2"); "" means the record as a whole. */
  readonly field: string;
  readonly message: string;
}

export function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** One line, for logs and dead-letter reasons: `context.local_hour: must be ...; event_id: ...`. */
export function formatFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ');
}
