// Runs validated commands on Redis through ioredis and returns Redis's raw
// replies, telling command errors (the caller's problem) from Redis being down.
import { Command, Pipeline } from 'ioredis';
import type { Redis } from 'ioredis';
import type { RedisCommand } from './commands.js';
import { HttpError } from './http-error.js';

// ioredis reshapes some replies (HGETALL becomes an object) and can decode
// strings; the REST API must return Redis's own shape, byte for byte.
class RawCommand extends Command {
  constructor(command: RedisCommand) {
    super(command.name, [...command.args], { replyEncoding: null });
  }

  override transformReply(result: Buffer | Buffer[]): Buffer | Buffer[] {
    return result;
  }
}

export type Outcome = { readonly result: unknown } | { readonly error: string };

/** An error Redis itself replied with (wrong type, syntax, unknown command...). */
export function isReplyError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'ReplyError';
}

function unavailable(error: unknown): HttpError {
  const message = error instanceof Error ? error.message : String(error);
  return new HttpError(503, `Redis is unavailable: ${message}`);
}

/** Runs one command; a Redis error reply rejects with that ReplyError. */
export async function runCommand(redis: Redis, command: RedisCommand): Promise<unknown> {
  const raw = new RawCommand(command);
  void redis.sendCommand(raw);
  try {
    return (await raw.promise) as unknown;
  } catch (error) {
    if (isReplyError(error)) throw error;
    throw unavailable(error);
  }
}

async function execPipeline(redis: Redis, commands: readonly RedisCommand[]): Promise<[Error | null, unknown][]> {
  // One ioredis Pipeline writes every command in a single socket write.
  const pipeline = new Pipeline(redis);
  for (const command of commands) void pipeline.sendCommand(new RawCommand(command));
  const results = (await pipeline.exec()) as [Error | null, unknown][] | null;
  if (results === null) throw unavailable(new Error('the pipeline returned no results'));
  return results;
}

/**
 * Runs commands in order on the shared connection (other callers' commands may
 * interleave, as with Upstash). Each command gets its own result or error.
 */
export async function runPipeline(redis: Redis, commands: readonly RedisCommand[]): Promise<Outcome[]> {
  const results = await execPipeline(redis, commands);
  return results.map(([error, result]) => {
    if (error === null) return { result };
    if (isReplyError(error)) return { error: error.message };
    throw unavailable(error);
  });
}

/**
 * Runs commands as MULTI ... EXEC. The connection must be dedicated to this
 * call: anything else sent on it meanwhile would join the transaction.
 * A command Redis refuses to queue aborts the whole transaction (HTTP 400);
 * a command that fails while running reports its error in its own slot.
 */
export async function runTransaction(redis: Redis, commands: readonly RedisCommand[]): Promise<Outcome[]> {
  const multi: RedisCommand = { name: 'multi', args: [] };
  const exec: RedisCommand = { name: 'exec', args: [] };
  const results = await execPipeline(redis, [multi, ...commands, exec]);
  for (const [error] of results) {
    if (error !== null && !isReplyError(error)) throw unavailable(error);
  }
  const [execError, execResult] = results[results.length - 1] ?? [null, null];
  if (execError !== null) {
    const queued = results.slice(1, -1).findIndex(([error]) => error !== null);
    const queueError = results[queued + 1]?.[0];
    const detail =
      queued >= 0 && queueError
        ? ` (command ${queued + 1} [${commands[queued]?.name ?? '?'}]: ${queueError.message})`
        : '';
    throw new HttpError(400, `${execError.message}${detail}`);
  }
  if (!Array.isArray(execResult)) {
    throw new HttpError(400, 'the transaction was aborted: EXEC returned no results');
  }
  return execResult.map((value: unknown) => (value instanceof Error ? { error: value.message } : { result: value }));
}

/** PING with a deadline, for /healthz. */
export async function ping(redis: Redis, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no PING reply within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([runCommand(redis, { name: 'ping', args: [] }), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
