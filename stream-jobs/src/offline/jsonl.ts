// Line-by-line JSONL input for the offline CLIs: each line parsed and
// validated on its own, so a bad line is reported with its number and field
// and skipped, never fatal.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { formatFieldErrors, type FieldError, type Result } from '@freshet/shared';
import { OfflineStoreError } from './errors.js';

export interface RejectedLine {
  readonly line: number;
  /** "t: t must be UTC epoch milliseconds ..." */
  readonly reason: string;
}

export interface JsonLines<T> {
  readonly records: T[];
  /** Line number (1-based) of each record, in the same order. */
  readonly lines: number[];
  readonly rejected: RejectedLine[];
}

/** Reads a JSONL file; blank lines are skipped, each other line must be a JSON value the validator accepts. */
export async function readJsonLines<T>(file: string, validate: (value: unknown) => Result<T, FieldError[]>): Promise<JsonLines<T>> {
  const out: JsonLines<T> = { records: [], lines: [], rejected: [] };
  const stream = createReadStream(file, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (error) {
    throw new OfflineStoreError(file, `cannot read: ${(error as Error).message}`);
  }
  let line = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      out.rejected.push({ line, reason: `not valid JSON: ${(error as Error).message}` });
      continue;
    }
    const checked = validate(value);
    if (checked.ok) {
      out.records.push(checked.value);
      out.lines.push(line);
    } else {
      out.rejected.push({ line, reason: formatFieldErrors(checked.error) });
    }
  }
  return out;
}

/** Requires a plain JSON object, the one shape every input line has. */
export function asObject(value: unknown): Result<Record<string, unknown>, FieldError[]> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: [{ field: '', message: 'line must be a JSON object' }] };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
