// The region's active-version pointer (`active.json`). Promotion and rollback
// are one atomic object write each; files are never touched, so rolling back
// is as fast as writing this object. The edge resolves its version from a
// pinned INDEX_VERSION var first (the wrangler ops path), then from here.
import { z } from 'zod';
import { toFieldErrors, type FieldError } from '../events/field-errors.js';
import { err, ok, type Result } from '../result.js';
import { isVersionId } from './version-id.js';

export const POINTER_FORMAT = 1;

const versionField = (what: string) =>
  z.string({ error: `${what} must be a string` }).refine(isVersionId, { error: `${what} must be a version id (idx-YYYYMMDDTHHMMSSZ-<6 hex>)` });

export const pointerSchema = z
  .looseObject({
    format: z.literal(POINTER_FORMAT, { error: `format must be ${POINTER_FORMAT}` }),
    version: versionField('version'),
    /** What a rollback returns to; null after a rollback or on the first promotion. */
    previous: versionField('previous').nullable(),
    promoted_at: z.iso.datetime({ error: 'promoted_at must be an ISO 8601 UTC time' }),
    reason: z.string({ error: 'reason must be a string' }).min(1, { error: 'reason must not be empty' }),
    /** True when a failed check (drift, shrink) was overridden with --force; `reason` says why. */
    forced: z.boolean({ error: 'forced must be true or false' }),
    /** Set by a rollback: the version that was taken out of service. */
    rolled_back_from: versionField('rolled_back_from').optional(),
    /** Check results recorded at promotion (drift overlap, smoke answer...). */
    checks: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.previous === p.version) ctx.addIssue({ code: 'custom', path: ['previous'], message: 'previous must differ from version' });
  });

export type ActivePointer = z.output<typeof pointerSchema>;

export function decodePointer(text: string): Result<ActivePointer, FieldError[]> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return err([{ field: '', message: `active.json is not JSON: ${(e as Error).message}` }]);
  }
  const parsed = pointerSchema.safeParse(value);
  return parsed.success ? ok(parsed.data) : err(toFieldErrors(parsed.error));
}

export function encodePointer(pointer: ActivePointer): string {
  return `${JSON.stringify(pointer, null, 2)}\n`;
}

export type ResolvedVersion =
  | { readonly ok: true; readonly version: string; readonly source: 'pinned' | 'pointer' }
  | { readonly ok: false; readonly reason: string };

/**
 * Which index version the edge serves: a pinned `INDEX_VERSION` (set per
 * wrangler environment) wins; otherwise the region's pointer. `pointerText` is
 * the body of `active.json`, or null when the object does not exist.
 */
export function resolveIndexVersion(pinned: string | undefined, pointerText: string | null): ResolvedVersion {
  if (pinned !== undefined && pinned !== '') {
    return isVersionId(pinned) ? { ok: true, version: pinned, source: 'pinned' } : { ok: false, reason: `INDEX_VERSION "${pinned}" is not a version id` };
  }
  if (pointerText === null) return { ok: false, reason: 'no INDEX_VERSION pinned and no active.json in the artifact store: nothing has been promoted' };
  const pointer = decodePointer(pointerText);
  if (!pointer.ok) return { ok: false, reason: `active.json is invalid: ${pointer.error.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ')}` };
  return { ok: true, version: pointer.value.version, source: 'pointer' };
}
