// The error bodies of the HTTP API, in one place so every route answers the
// same shapes: 400 {error: 'invalid_request', problems: [{field, message}]},
// and {error: <code>, problem: <one sentence>} for everything else.
import type { FieldError } from '@freshet/shared';

/** One thing wrong with a request: which field ("" for the request as a whole) and why. */
export type Problem = FieldError;

export interface InvalidRequestBody {
  readonly error: 'invalid_request';
  readonly problems: readonly Problem[];
}

export interface ErrorBody {
  readonly error: string;
  readonly problem: string;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=UTF-8' } as const;

/** A JSON response built without a Hono context, so middleware and helpers share it. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

export function invalidRequest(problems: readonly Problem[]): Response {
  const body: InvalidRequestBody = { error: 'invalid_request', problems };
  return jsonResponse(400, body);
}

export function errorResponse(status: number, error: string, problem: string, headers: Record<string, string> = {}): Response {
  const body: ErrorBody = { error, problem };
  return jsonResponse(status, body, headers);
}
