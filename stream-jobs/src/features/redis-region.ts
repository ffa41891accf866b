// One region's feature store in Redis: applies write batches through
// apply-batch.lua (atomic with the partition's progress) and reads progress
// back after a restart. The job talks to every configured region through this.
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { TTL_MS, keys } from '@freshet/shared';
import { scriptArgs, type EncodedOps, type PartitionProgress } from './redis-ops.js';

const SCRIPT = readFileSync(new URL('./apply-batch.lua', import.meta.url), 'utf8');

export interface RegionConfig {
  readonly name: string;
  readonly redisUrl: string;
}

export interface StoredProgress {
  readonly offset: string;
  readonly watermark: number;
  readonly horizon: string;
}

export type ApplyResult = { readonly applied: true } | { readonly applied: false; readonly storedOffset: string };

export class RegionStoreError extends Error {
  override readonly name = 'RegionStoreError';
}

export class RedisRegion {
  readonly name: string;
  private readonly redis: Redis;

  constructor(config: RegionConfig, options: { connectTimeoutMs?: number; commandTimeoutMs?: number } = {}) {
    this.name = config.name;
    this.redis = new Redis(config.redisUrl, {
      lazyConnect: true,
      connectTimeout: options.connectTimeoutMs ?? 5000,
      // A frozen Redis must fail the apply (and the job retry) rather than hang the batch.
      commandTimeout: options.commandTimeoutMs ?? 5000,
      // Fail commands fast while Redis is down: the job backs off and retries whole batches.
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      retryStrategy: (attempt) => Math.min(2000, 100 * attempt),
    });
    this.redis.defineCommand('applyBatch', { numberOfKeys: 3, lua: SCRIPT });
  }

  async connect(): Promise<void> {
    if (this.redis.status === 'wait') await this.redis.connect();
  }

  /** Waits until the connection is usable (after an outage); throws after timeoutMs. */
  async ready(timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.redis.status !== 'ready') {
      if (this.redis.status === 'wait') await this.redis.connect().catch(() => undefined);
      if (Date.now() > deadline) throw new RegionStoreError(`region ${this.name}: Redis not ready (${this.redis.status})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async readProgress(group: string, topic: string, partition: number): Promise<StoredProgress | null> {
    const hash = await this.redis.hgetall(keys.jobPartition(group, topic, partition));
    if (hash.offset === undefined) return null;
    return { offset: hash.offset, watermark: Number(hash.watermark ?? '-Infinity'), horizon: hash.horizon ?? hash.offset };
  }

  /** Applies encoded operations (see encodeOps) atomically with the partition's progress. */
  async apply(group: string, topic: string, partition: number, ops: EncodedOps, progress: PartitionProgress): Promise<ApplyResult> {
    const progressKey = keys.jobPartition(group, topic, partition);
    const args = scriptArgs(ops, { dirtyMs: TTL_MS.dirtyItems, progressMs: TTL_MS.jobPartition }, progress);
    const reply = (await (this.redis as unknown as ApplyCommand).applyBatch(progressKey, keys.regionMeta(), keys.dirtyItems(), ...args)) as [string, string];
    return reply[0] === 'applied' ? { applied: true } : { applied: false, storedOffset: reply[1] };
  }

  /** The raw connection, for readers in the same process (snapshot publisher, tests). */
  get client(): Redis {
    return this.redis;
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

interface ApplyCommand {
  applyBatch(...args: string[]): Promise<unknown>;
}
