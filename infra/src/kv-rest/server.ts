// A dev-only endpoint speaking Upstash's Redis REST API in front of a local
// redis-server, so the edge worker's @upstash/redis client runs unchanged.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { createTokenCheck, extractToken } from './auth.js';
import { readBody } from './body.js';
import { parseCommand, parseCommandList, parseJsonBody, parsePathCommand } from './commands.js';
import type { RedisCommand } from './commands.js';
import { DedicatedConnections, createSharedConnection } from './connections.js';
import { encodeReply } from './encode.js';
import { isReplyError, ping, runCommand, runPipeline, runTransaction } from './execute.js';
import type { Outcome } from './execute.js';
import { HttpError } from './http-error.js';

export interface KvRestServerOptions {
  readonly redisUrl: string;
  readonly token: string;
  readonly logger?: Logger;
  /** Larger bodies get 413. Default 10 MiB. */
  readonly maxBodyBytes?: number;
  /** A Redis reply slower than this fails the request with 503. Default 10 s. */
  readonly commandTimeoutMs?: number;
  /** Transactions running at once, each on its own connection. Default 4. */
  readonly transactionConnections?: number;
}

export interface KvRestServer {
  /** Resolves to the bound port (pass 0 for any free port). */
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
const HEALTH_TIMEOUT_MS = 1000;
const UNKNOWN_COMMAND = /^ERR unknown command/;

type Route = 'command' | 'pipeline' | 'transaction' | 'path';

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  // Encode once: the length header and the write then share the same bytes.
  const json = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': json.length, ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : json);
}

function route(path: string, method: string): Route {
  const only = (wanted: Route): Route => {
    if (method === 'POST') return wanted;
    throw new HttpError(405, `${method} is not allowed on ${path}; use POST`, { allow: 'POST' });
  };
  if (path === '/') return only('command');
  if (path === '/pipeline') return only('pipeline');
  if (path === '/multi-exec') return only('transaction');
  if (method === 'GET' || method === 'HEAD' || method === 'POST' || method === 'PUT') return 'path';
  throw new HttpError(405, `${method} is not allowed on ${path}`, { allow: 'GET, HEAD, POST, PUT' });
}

function encodeOutcomes(outcomes: readonly Outcome[], base64: boolean): unknown[] {
  return outcomes.map((outcome) =>
    'error' in outcome ? { error: outcome.error } : { result: encodeReply(outcome.result, base64) },
  );
}

export function createKvRestServer(options: KvRestServerOptions): KvRestServer {
  const logger = options.logger ?? pino({ level: 'silent' });
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const tokenIsValid = createTokenCheck(options.token);
  const settings = { redisUrl: options.redisUrl, commandTimeoutMs: options.commandTimeoutMs ?? 10_000, logger };
  const shared = createSharedConnection(settings);
  const transactions = new DedicatedConnections(settings, options.transactionConnections ?? 4);

  async function health(res: ServerResponse): Promise<void> {
    try {
      await ping(shared, HEALTH_TIMEOUT_MS);
      send(res, 200, { status: 'ok' });
    } catch (error) {
      send(res, 503, { status: 'unavailable', error: (error as Error).message });
    }
  }

  /** Runs the request's commands and replies; returns how many commands it ran. */
  async function execute(
    kind: Route,
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    query: URLSearchParams | undefined,
  ): Promise<number> {
    const encoding = req.headers['upstash-encoding'];
    const base64 = typeof encoding === 'string' && encoding.toLowerCase() === 'base64';
    const body = await readBody(req, maxBodyBytes);
    if (kind === 'pipeline' || kind === 'transaction') {
      const commands = parseCommandList(parseJsonBody(body), kind);
      const outcomes =
        kind === 'pipeline'
          ? await runPipeline(shared, commands)
          : await transactions.use((connection) => runTransaction(connection, commands));
      send(res, 200, encodeOutcomes(outcomes, base64));
      return commands.length;
    }
    const command: RedisCommand = kind === 'command' ? parseCommand(parseJsonBody(body)) : parsePathCommand(path, query, body);
    try {
      send(res, 200, { result: encodeReply(await runCommand(shared, command), base64) });
    } catch (error) {
      if (kind === 'path' && isReplyError(error) && UNKNOWN_COMMAND.test(error.message)) {
        throw new HttpError(404, `no endpoint at ${path}: ${error.message.trim()}`);
      }
      throw error;
    }
    return 1;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark === -1 ? url : url.slice(0, mark);
    const query = mark === -1 ? undefined : new URLSearchParams(url.slice(mark + 1));
    let commands = 0;
    let failure: string | undefined;
    try {
      if (path === '/healthz') {
        if (method !== 'GET' && method !== 'HEAD') {
          throw new HttpError(405, `${method} is not allowed on /healthz`, { allow: 'GET, HEAD' });
        }
        await health(res);
      } else {
        const kind = route(path, method);
        if (!tokenIsValid(extractToken(req.headers.authorization, query))) {
          const missing = req.headers.authorization === undefined && !query?.has('_token');
          throw new HttpError(401, missing ? 'Unauthorized: missing Authorization: Bearer <token> header' : 'Unauthorized');
        }
        commands = await execute(kind, req, res, path, query);
      }
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
      if (res.headersSent) {
        logger.warn({ err: error, method, path }, 'kv-rest failed after replying');
      } else if (error instanceof HttpError) {
        send(res, error.status, { error: error.message }, error.headers);
      } else if (isReplyError(error)) {
        send(res, 400, { error: error.message });
      } else {
        logger.warn({ err: error, method, path }, 'kv-rest request failed');
        send(res, 500, { error: `internal error: ${(error as Error).message}` });
      }
    }
    const status = res.statusCode;
    const ms = Math.round((performance.now() - started) * 1000) / 1000;
    const line = { method, path, status, commands, ms, ...(failure === undefined ? {} : { error: failure }) };
    if (status >= 500 || status === 401) logger.warn(line, 'request');
    else logger.debug(line, 'request');
  }

  const server = createServer({ noDelay: true, keepAlive: true }, (req, res) => {
    void handle(req, res);
  });
  // Longer than undici's and workerd's idle timeouts, so the client, not the
  // server, closes idle keep-alive sockets and never races a reused socket.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  return {
    listen(port, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          logger.info({ url: `http://${host}:${address.port}`, redis: redactUrl(options.redisUrl) }, 'kv-rest listening');
          resolve(address.port);
        });
      });
    },
    async close() {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), 2000);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      });
      transactions.close();
      shared.disconnect();
    },
  };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid redis url>';
  }
}
