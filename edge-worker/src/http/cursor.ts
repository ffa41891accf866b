// Pagination cursors: opaque, URL-safe and tamper-evident. A cursor carries
// what page N+1 needs to never repeat pages 1..N — the ids already served
// (as 32-bit hashes), the offset, the first page's request id (it seeds
// exploration so pages agree) and the index version — signed with HMAC-SHA-256
// over the bytes *and* the user id and surface it was issued for, so it can be
// neither edited nor replayed for another user.
//
// Layout (big-endian): version u8 | issued_at u32 (epoch s) | offset u16 |
// request_id (u8 length + UTF-8) | index_version (u8 length + UTF-8) |
// served count u16 | served hashes u32… | tag (first 16 bytes of the HMAC).
// A hash collision can only hide an unseen item, never repeat a served one.
import { err, ok, type Result } from '@freshet/shared';
import { fnv1a32 } from '@freshet/shared/util/hash';
import { decodeBase64url, encodeBase64url } from './base64url.js';
import { constantTimeEqual } from './credentials.js';

export const CURSOR_VERSION = 1;
/** How deep pagination goes: past this many served items there is no next page (the cursor stays ≤ ~5.5 KB). */
export const MAX_SERVED_ITEMS = 1000;
export const MAX_CURSOR_FIELD_BYTES = 255;
export const DEFAULT_CURSOR_MAX_AGE_MS = 3600_000;
const TAG_BYTES = 16;
const MIN_BYTES = 1 + 4 + 2 + 1 + 1 + 2 + TAG_BYTES;
const MAX_BYTES = MIN_BYTES + 2 * MAX_CURSOR_FIELD_BYTES + 4 * MAX_SERVED_ITEMS;
/** Longest cursor text accepted before any decoding work. */
export const MAX_CURSOR_CHARS = Math.ceil((MAX_BYTES * 4) / 3);
/** What a cursor query parameter may look like (the OpenAPI document and the query schema use it). */
export const CURSOR_PATTERN = /^[A-Za-z0-9_-]+$/;

export interface CursorState {
  /** Request id of the first page. */
  readonly requestId: string;
  /** Items served so far: the next page starts here. */
  readonly offset: number;
  readonly indexVersion: string;
  /** servedItemHash() of every item already served, at most MAX_SERVED_ITEMS. */
  readonly servedItemHashes: readonly number[];
  /** When the cursor was issued, epoch ms (kept to whole seconds). */
  readonly issuedAt: number;
}

/** What a cursor is valid for; a cursor presented with another binding fails verification. */
export interface CursorBinding {
  readonly userId: string;
  readonly surface: string;
}

export type CursorErrorCode = 'malformed' | 'unsupported_version' | 'invalid_signature' | 'expired' | 'too_large';

export interface CursorError {
  readonly code: CursorErrorCode;
  readonly message: string;
}

export interface CursorKey {
  readonly hmac: CryptoKey;
}

export const servedItemHash = (itemId: string): number => fnv1a32(itemId);

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Derives the signing key from a secret (CURSOR_SECRET, or API_KEYS) under a fixed label, so it is never the secret itself. */
export async function createCursorKey(secret: string): Promise<CursorKey> {
  const material = await crypto.subtle.digest('SHA-256', encoder.encode(`freshet/cursor/v${CURSOR_VERSION}\u0000${secret}`));
  const hmac = await crypto.subtle.importKey('raw', material, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return { hmac };
}

async function tagOf(key: CursorKey, body: Uint8Array, binding: CursorBinding): Promise<Uint8Array> {
  const bound = encoder.encode(`${binding.userId}\u0000${binding.surface}\u0000`);
  const message = new Uint8Array(bound.length + body.length);
  message.set(bound, 0);
  message.set(body, bound.length);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key.hmac, message)).subarray(0, TAG_BYTES);
}

const failure = (code: CursorErrorCode, message: string) => err<CursorError>({ code, message });

export async function encodeCursor(state: CursorState, binding: CursorBinding, key: CursorKey): Promise<Result<string, CursorError>> {
  const requestId = encoder.encode(state.requestId);
  const indexVersion = encoder.encode(state.indexVersion);
  if (requestId.length > MAX_CURSOR_FIELD_BYTES || indexVersion.length > MAX_CURSOR_FIELD_BYTES) {
    return failure('too_large', `requestId and indexVersion must be at most ${MAX_CURSOR_FIELD_BYTES} bytes of UTF-8`);
  }
  if (state.servedItemHashes.length > MAX_SERVED_ITEMS) {
    return failure('too_large', `pagination stops after ${MAX_SERVED_ITEMS} served items`);
  }
  if (!Number.isInteger(state.offset) || state.offset < 0 || state.offset > 0xffff) {
    return failure('too_large', 'offset must be an integer from 0 to 65535');
  }
  const issuedSeconds = Math.floor(state.issuedAt / 1000);
  if (!Number.isInteger(issuedSeconds) || issuedSeconds < 0 || issuedSeconds > 0xffffffff) {
    return failure('too_large', 'issuedAt must be epoch milliseconds between 1970 and 2106');
  }
  const size = MIN_BYTES - TAG_BYTES + requestId.length + indexVersion.length + 4 * state.servedItemHashes.length;
  const bytes = new Uint8Array(size + TAG_BYTES);
  const view = new DataView(bytes.buffer);
  let at = 0;
  view.setUint8(at, CURSOR_VERSION);
  view.setUint32((at += 1), issuedSeconds);
  view.setUint16((at += 4), state.offset);
  view.setUint8((at += 2), requestId.length);
  bytes.set(requestId, (at += 1));
  view.setUint8((at += requestId.length), indexVersion.length);
  bytes.set(indexVersion, (at += 1));
  view.setUint16((at += indexVersion.length), state.servedItemHashes.length);
  at += 2;
  for (const hash of state.servedItemHashes) {
    view.setUint32(at, hash >>> 0);
    at += 4;
  }
  bytes.set(await tagOf(key, bytes.subarray(0, size), binding), size);
  return ok(encodeBase64url(bytes));
}

export interface DecodeCursorOptions {
  /** Epoch ms; Date.now by default. */
  readonly now?: number;
  readonly maxAgeMs?: number;
}

/** Verifies and reads a cursor. Never throws: every failure is a CursorError saying what is wrong. */
export async function decodeCursor(
  text: string,
  binding: CursorBinding,
  key: CursorKey,
  options: DecodeCursorOptions = {},
): Promise<Result<CursorState, CursorError>> {
  try {
    if (typeof text !== 'string' || text.length === 0) return failure('malformed', 'cursor is empty');
    if (text.length > MAX_CURSOR_CHARS) return failure('malformed', `cursor is longer than ${MAX_CURSOR_CHARS} characters`);
    const bytes = decodeBase64url(text);
    if (bytes === undefined) return failure('malformed', 'cursor is not canonical base64url');
    if (bytes.length < MIN_BYTES) return failure('malformed', 'cursor is too short');
    if (bytes[0] !== CURSOR_VERSION) return failure('unsupported_version', `cursor version ${bytes[0]} is not supported (expected ${CURSOR_VERSION})`);
    const size = bytes.length - TAG_BYTES;
    // Verify before parsing: nothing of an unsigned cursor is trusted, not even its lengths.
    const expected = await tagOf(key, bytes.subarray(0, size), binding);
    if (!constantTimeEqual(expected, bytes.subarray(size))) {
      return failure('invalid_signature', 'cursor is not valid for this request (altered, or issued for another user_id or surface)');
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 1;
    const issuedAt = view.getUint32(at) * 1000;
    const offset = view.getUint16((at += 4));
    const requestIdLength = view.getUint8((at += 2));
    const requestId = decoder.decode(bytes.subarray((at += 1), (at += requestIdLength)));
    if (at >= size) return failure('malformed', 'cursor is truncated');
    const indexVersionLength = view.getUint8(at);
    const indexVersion = decoder.decode(bytes.subarray((at += 1), (at += indexVersionLength)));
    if (at + 2 > size) return failure('malformed', 'cursor is truncated');
    const count = view.getUint16(at);
    at += 2;
    if (at + 4 * count !== size) return failure('malformed', 'cursor length does not match its served-item count');
    const servedItemHashes: number[] = [];
    for (let i = 0; i < count; i++, at += 4) servedItemHashes.push(view.getUint32(at));
    const now = options.now ?? Date.now();
    if (now - issuedAt > (options.maxAgeMs ?? DEFAULT_CURSOR_MAX_AGE_MS)) {
      return failure('expired', 'cursor has expired; request the first page again');
    }
    return ok({ requestId, offset, indexVersion, servedItemHashes, issuedAt });
  } catch (e) {
    return failure('malformed', `cursor could not be read (${e instanceof Error ? e.message : 'unknown error'})`);
  }
}

/** The state after a page: the items it served are added, the offset moves on; undefined when pagination must stop. */
export function advanceCursor(
  previous: CursorState | undefined,
  page: { readonly requestId: string; readonly indexVersion: string; readonly servedItemIds: readonly string[]; readonly now: number },
): CursorState | undefined {
  const served = new Set(previous?.servedItemHashes ?? []);
  for (const id of page.servedItemIds) served.add(servedItemHash(id));
  if (served.size > MAX_SERVED_ITEMS) return undefined;
  return {
    requestId: previous?.requestId ?? page.requestId,
    offset: (previous?.offset ?? 0) + page.servedItemIds.length,
    indexVersion: page.indexVersion,
    servedItemHashes: [...served],
    issuedAt: Math.floor(page.now / 1000) * 1000,
  };
}

/** A predicate for the serving path: true for items an earlier page already served (drop them). */
export function servedBefore(state: CursorState | undefined): (itemId: string) => boolean {
  if (state === undefined) return () => false;
  const served = new Set(state.servedItemHashes);
  return (itemId) => served.has(servedItemHash(itemId));
}
