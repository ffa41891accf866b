// The Redis connections behind the endpoint: one shared, pipelined connection
// for plain commands and pipelines, and a small pool of dedicated connections
// lent to one transaction at a time.
import { Redis } from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

export interface ConnectionSettings {
  readonly redisUrl: string;
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
}

function baseOptions(settings: ConnectionSettings, name: string): RedisOptions {
  return {
    connectionName: name,
    commandTimeout: settings.commandTimeoutMs,
    // Fail requests fast while Redis is down instead of queueing them for long.
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    // Re-sending an in-flight INCR after a reconnect could apply it twice; the
    // caller gets an error instead and decides, as it would with Upstash.
    autoResendUnfulfilledCommands: false,
  };
}

// Log an outage once, not once per reconnect attempt.
function watch(redis: Redis, logger: Logger, role: string): Redis {
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) logger.warn({ err: error, role }, 'redis connection error');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info({ role }, 'redis connection restored');
    down = false;
  });
  return redis;
}

export function createSharedConnection(settings: ConnectionSettings): Redis {
  // The offline queue lets requests that arrive while Redis is still starting wait for it.
  return watch(new Redis(settings.redisUrl, baseOptions(settings, 'kv-rest')), settings.logger, 'shared');
}

/** Lends each connection to one user at a time; creates up to `max` lazily. */
export class DedicatedConnections {
  readonly #settings: ConnectionSettings;
  readonly #max: number;
  readonly #all: Redis[] = [];
  readonly #idle: Redis[] = [];
  readonly #waiting: { resolve: (connection: Redis) => void; reject: (error: Error) => void }[] = [];
  #closed = false;

  constructor(settings: ConnectionSettings, max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`kv-rest: need at least 1 transaction connection, got ${max}`);
    this.#settings = settings;
    this.#max = max;
  }

  async use<T>(fn: (connection: Redis) => Promise<T>): Promise<T> {
    const connection = await this.#acquire();
    try {
      return await fn(connection);
    } finally {
      this.#release(connection);
    }
  }

  async #acquire(): Promise<Redis> {
    if (this.#closed) throw new Error('kv-rest: the server is closing');
    const idle = this.#idle.pop();
    if (idle) return idle;
    if (this.#all.length < this.#max) {
      const options: RedisOptions = {
        ...baseOptions(this.#settings, 'kv-rest-tx'),
        lazyConnect: true,
        // Commands must never wait in an offline queue where a reconnect could
        // split a transaction; if Redis is away the request fails instead.
        enableOfflineQueue: false,
      };
      const connection = watch(new Redis(this.#settings.redisUrl, options), this.#settings.logger, 'transaction');
      this.#all.push(connection);
      try {
        await connection.connect();
      } catch {
        // ioredis keeps reconnecting on its own; this request will report the outage.
      }
      return connection;
    }
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  #release(connection: Redis): void {
    const next = this.#waiting.shift();
    if (next) next.resolve(connection);
    else this.#idle.push(connection);
  }

  close(): void {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error('kv-rest: the server is closing'));
    for (const connection of this.#all) connection.disconnect();
  }
}
