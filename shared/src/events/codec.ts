// Decoding records from the wire (Kafka values, HTTP bodies) into validated
// domain objects, and encoding them back. Never throws on user input: every
// failure is a list of field errors that names what is wrong.
import type { z } from 'zod';
import { err, ok, type Result } from '../result.js';
import { catalogItemSchema, type CatalogItem } from './catalog-item.js';
import { engagementEventSchema, type EngagementEvent } from './engagement-event.js';
import { fastValidateEvent } from './fast-validate.js';
import { toFieldErrors, type FieldError } from './field-errors.js';
import { userProfileSchema, type UserProfile } from './user-profile.js';

/** Events are small; anything bigger is a bug or an attack, and is rejected before parsing. */
export const MAX_EVENT_BYTES = 16 * 1024;
export const MAX_CATALOG_ITEM_BYTES = 256 * 1024;

export type Decoded<T> = Result<T, FieldError[]>;

const textDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function validate<S extends z.ZodType>(schema: S, input: unknown): Decoded<z.output<S>> {
  const parsed = schema.safeParse(input);
  return parsed.success ? ok(parsed.data) : err(toFieldErrors(parsed.error));
}

function parseJson(raw: string | Uint8Array, maxBytes: number): Decoded<unknown> {
  const size = typeof raw === 'string' ? raw.length : raw.byteLength;
  if (size > maxBytes) return err([{ field: '', message: `record is ${size} bytes; the limit is ${maxBytes}` }]);
  let text: string;
  try {
    text = typeof raw === 'string' ? raw : textDecoder.decode(raw);
  } catch {
    return err([{ field: '', message: 'record is not valid UTF-8' }]);
  }
  if (text.trim() === '') return err([{ field: '', message: 'record is empty' }]);
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return err([{ field: '', message: 'record must be a JSON object' }]);
    }
    return ok(value);
  } catch (e) {
    return err([{ field: '', message: `record is not valid JSON: ${(e as Error).message}` }]);
  }
}

export function validateEvent(input: unknown): Decoded<EngagementEvent> {
  // The fast path accepts what the schema would accept; the schema decides (and explains) the rest.
  const fast = fastValidateEvent(input);
  return fast ? ok(fast) : validate(engagementEventSchema, input);
}
export const validateCatalogItem = (input: unknown): Decoded<CatalogItem> => validate(catalogItemSchema, input);
export const validateUserProfile = (input: unknown): Decoded<UserProfile> => validate(userProfileSchema, input);

export function decodeEvent(raw: string | Uint8Array): Decoded<EngagementEvent> {
  const json = parseJson(raw, MAX_EVENT_BYTES);
  return json.ok ? validateEvent(json.value) : json;
}

export function decodeCatalogItem(raw: string | Uint8Array): Decoded<CatalogItem> {
  const json = parseJson(raw, MAX_CATALOG_ITEM_BYTES);
  return json.ok ? validateCatalogItem(json.value) : json;
}

export const encodeEvent = (event: EngagementEvent): string => JSON.stringify(event);
export const encodeCatalogItem = (item: CatalogItem): string => JSON.stringify(item);
