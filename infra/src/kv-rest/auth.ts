// Bearer-token check for the REST endpoint. Tokens are compared through
// fixed-length digests so the comparison time says nothing about the token.
import { createHash, timingSafeEqual } from 'node:crypto';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export type TokenCheck = (provided: string | undefined) => boolean;

export function createTokenCheck(token: string): TokenCheck {
  if (token.length === 0) throw new Error('kv-rest: the token must not be empty');
  const expected = digest(token);
  return (provided) => provided !== undefined && timingSafeEqual(digest(provided), expected);
}

/**
 * The token from `Authorization: Bearer <token>`, else from the `_token` query
 * parameter (Upstash accepts both; the SDK only sends the header).
 */
export function extractToken(authorization: string | undefined, query: URLSearchParams | undefined): string | undefined {
  if (authorization !== undefined) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
    return match?.[1];
  }
  return query?.get('_token') ?? undefined;
}
