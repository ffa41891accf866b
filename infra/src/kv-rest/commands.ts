// Turns request bodies into Redis commands, with errors precise enough to fix
// the request, and refuses commands that must not run over a shared connection.
import { HttpError } from './http-error.js';

export interface RedisCommand {
  /** As sent by the caller; Redis itself is case-insensitive. */
  readonly name: string;
  readonly args: readonly (string | Buffer)[];
}

export type CommandListKind = 'pipeline' | 'transaction';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `a ${typeof value}`;
}

// A blocking command would park the shared connection and stall every other
// caller behind it; Upstash's HTTP API has no long-poll either.
const BLOCKING = new Set([
  'BLPOP', 'BRPOP', 'BRPOPLPUSH', 'BLMOVE', 'BLMPOP', 'BZPOPMIN', 'BZPOPMAX', 'BZMPOP', 'WAIT', 'WAITAOF',
]);
// These turn the connection into a stream of pushes, which a request/reply
// endpoint cannot carry.
const STREAMING = new Set([
  'SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE', 'UNSUBSCRIBE', 'PUNSUBSCRIBE', 'SUNSUBSCRIBE', 'MONITOR', 'SYNC', 'PSYNC',
  'REPLCONF',
]);
// Sent on the shared connection these would swallow other callers' commands
// into a transaction; /multi-exec runs them on a dedicated connection instead.
const TRANSACTION = new Set(['MULTI', 'EXEC', 'DISCARD', 'WATCH', 'UNWATCH']);
// Per-connection state that would leak into every other caller's commands.
const CONNECTION_STATE = new Set(['SELECT', 'QUIT', 'RESET', 'HELLO', 'AUTH']);
const CLIENT_STATE = new Set(['REPLY', 'TRACKING', 'CACHING', 'NO-EVICT', 'NO-TOUCH']);

/** Why this command is refused by the endpoint, or undefined when it may run. */
export function refusal(name: string, args: readonly (string | Buffer)[]): string | undefined {
  const upper = name.toUpperCase();
  if (BLOCKING.has(upper)) {
    return `${upper} is a blocking command and is not supported by this endpoint (it would hold a shared Redis connection); use the non-blocking form, e.g. LPOP instead of BLPOP`;
  }
  if ((upper === 'XREAD' || upper === 'XREADGROUP') && hasBlockOption(args)) {
    return `${upper} with BLOCK is a blocking command and is not supported by this endpoint; call ${upper} without BLOCK and poll`;
  }
  if (STREAMING.has(upper)) {
    return `${upper} needs a streaming connection and is not supported by this endpoint`;
  }
  if (TRANSACTION.has(upper)) {
    return `${upper} is not supported as a separate command: send the whole transaction as an array of commands to POST /multi-exec`;
  }
  if (CONNECTION_STATE.has(upper)) {
    return `${upper} would change the state of a shared Redis connection and is not supported by this endpoint`;
  }
  const sub = args[0];
  if (upper === 'CLIENT' && typeof sub === 'string' && CLIENT_STATE.has(sub.toUpperCase())) {
    return `CLIENT ${sub.toUpperCase()} would change the state of a shared Redis connection and is not supported by this endpoint`;
  }
  return undefined;
}

function hasBlockOption(args: readonly (string | Buffer)[]): boolean {
  for (const arg of args) {
    if (typeof arg !== 'string') continue;
    const upper = arg.toUpperCase();
    if (upper === 'STREAMS') return false; // keys and ids follow; a key may be named "block"
    if (upper === 'BLOCK') return true;
  }
  return false;
}

/**
 * Validates one command array (`["SET", "k", "v"]`). Numbers and booleans are
 * accepted because @upstash/redis sends them unquoted (`set(k, 1)`,
 * `set(k, true)`); they reach Redis as their JSON text.
 */
export function parseCommand(value: unknown, where = ''): RedisCommand {
  if (!Array.isArray(value)) {
    throw new HttpError(400, `${where}expected a JSON array like ["SET","key","value"], got ${describe(value)}`);
  }
  if (value.length === 0) {
    throw new HttpError(400, `${where}the command array is empty; expected ["COMMAND", ...arguments]`);
  }
  const [name, ...rest] = value as unknown[];
  if (typeof name !== 'string' || name.length === 0) {
    throw new HttpError(400, `${where}element 0 (the command name) must be a non-empty string, got ${describe(name)}`);
  }
  const args: string[] = new Array<string>(rest.length);
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (typeof arg === 'string') args[i] = arg;
    else if (typeof arg === 'number' || typeof arg === 'boolean') args[i] = String(arg);
    else {
      throw new HttpError(400, `${where}element ${i + 1} must be a string, number or boolean, got ${describe(arg)}`);
    }
  }
  const refused = refusal(name, args);
  if (refused !== undefined) throw new HttpError(400, `${where}${refused}`);
  return { name, args };
}

/** Validates the body of /pipeline or /multi-exec: a non-empty array of command arrays. */
export function parseCommandList(value: unknown, kind: CommandListKind): RedisCommand[] {
  const example = '[["SET","k","v"],["GET","k"]]';
  if (!Array.isArray(value)) {
    throw new HttpError(400, `the ${kind} body must be a JSON array of commands like ${example}, got ${describe(value)}`);
  }
  if (value.length === 0) {
    throw new HttpError(400, `the ${kind} is empty; expected an array of commands like ${example}`);
  }
  return (value as unknown[]).map((command, i) => parseCommand(command, `command ${i + 1} of the ${kind}: `));
}

/** Parses a JSON request body, naming the JSON problem rather than failing generically. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) throw new HttpError(400, 'the request body is empty; expected a JSON array');
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (error) {
    throw new HttpError(400, `the request body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * The path form of the REST API: `/set/key/value`, URL-encoded segments. A
 * POST/PUT body becomes the last argument, byte for byte, and query
 * parameters (other than `_token`) follow it: `POST /set/k?EX=100`.
 */
export function parsePathCommand(path: string, query: URLSearchParams | undefined, body: Buffer): RedisCommand {
  let segments: string[];
  try {
    segments = path.slice(1).split('/').map(decodeURIComponent);
  } catch {
    throw new HttpError(400, `the path ${path} is not valid percent-encoding`);
  }
  const [name = '', ...rest] = segments;
  if (!/^[A-Za-z][A-Za-z0-9_.|-]*$/.test(name)) {
    throw new HttpError(404, `no endpoint at ${path}: expected POST /, POST /pipeline, POST /multi-exec, GET /healthz or /<command>/<arg>/...`);
  }
  const args: (string | Buffer)[] = rest;
  if (body.length > 0) args.push(body);
  if (query !== undefined) {
    for (const [key, value] of query) {
      if (key === '_token') continue;
      args.push(key);
      if (value !== '') args.push(value);
    }
  }
  const refused = refusal(name, args);
  if (refused !== undefined) throw new HttpError(400, refused);
  return { name, args };
}
