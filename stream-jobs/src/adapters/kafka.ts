// The Kafka adapter: the small surface through which everything else in the repo talks to
// Kafka. kafkajs (unmaintained) is used only here and in kafkajs-runtime.ts, which loads it.
import type {
  Admin,
  Consumer,
  EachBatchPayload,
  IHeaders,
  KafkaMessage,
  LogEntry,
  logLevel as KafkaJsLogLevel,
  Message,
  Producer,
} from 'kafkajs';
import { pino, type Logger } from 'pino';
import { kafkajs } from './kafkajs-runtime.js';

const { Kafka, Partitioners, logLevel: KafkaLogLevel, KafkaJSError, KafkaJSAggregateError, KafkaJSNumberOfRetriesExceeded } =
  kafkajs;

export type KafkaLogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

export interface KafkaOptions {
  brokers: readonly string[];
  clientId: string;
  /** Default 'warn'. */
  logLevel?: KafkaLogLevel;
  /** Where kafkajs logs go; default: a pino logger on stderr. */
  logger?: Logger;
  /** TCP connect timeout per broker; kafkajs default 1000 ms. */
  connectionTimeoutMs?: number;
  /** Retries for connecting and admin/consumer requests; kafkajs default 5. */
  retries?: number;
}

export type RecordHeaders = Record<string, string | Buffer>;

export interface OutgoingRecord {
  key: string | Buffer | null;
  /** null is a tombstone (a deletion, in a compacted topic). */
  value: string | Buffer | null;
  headers?: RecordHeaders;
  /** Event time in epoch milliseconds; the broker's append time is used when absent. */
  timestamp?: number;
}

export interface IncomingRecord {
  topic: string;
  partition: number;
  /** Offsets are 64-bit: kept as decimal strings. */
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** A header repeated on the record keeps its last value (Java's lastHeader semantics). */
  headers: Record<string, Buffer>;
  timestamp: number;
}

export interface IncomingBatch {
  topic: string;
  partition: number;
  highWatermark: string;
  records: IncomingRecord[];
}

export interface BatchContext {
  /** Marks a record processed; the next commit covers it and every earlier record. */
  resolveOffset(offset: string): void;
  /** Commits the resolved offsets of this consumer now. */
  commit(): Promise<void>;
  heartbeat(): Promise<void>;
  /** False once stop() was called: long handlers should return early. */
  isRunning(): boolean;
  /** True when a seek or rebalance made the rest of this batch obsolete. */
  isStale(): boolean;
}

export type BatchHandler = (batch: IncomingBatch, ctx: BatchContext) => Promise<void>;

export interface ProducedOffset {
  topic: string;
  partition: number;
  /** Offset of the first record of this send in that partition. */
  baseOffset: string;
}

export interface KafkaProducer {
  connect(): Promise<void>;
  /**
   * Sends in one request per broker; resolves once all in-sync replicas have the records.
   * Overlapping calls are queued and sent in call order.
   */
  send(topic: string, records: readonly OutgoingRecord[]): Promise<ProducedOffset[]>;
  disconnect(): Promise<void>;
}

export interface KafkaConsumer {
  connect(): Promise<void>;
  /** fromBeginning applies only when the group has no committed offset for a partition. */
  subscribe(topics: readonly string[], options?: { fromBeginning?: boolean }): Promise<void>;
  /**
   * Starts consuming in the background; offsets are committed only through ctx.commit().
   * `partitionsConcurrently` batches of different partitions may be in the handler at once.
   */
  run(handler: BatchHandler, options?: { partitionsConcurrently?: number }): Promise<void>;
  /** Makes the next batch of that partition start at `offset` (the current batch becomes stale). */
  seek(topic: string, partition: number, offset: string): void;
  /**
   * Called whenever partition ownership may have changed (the group rebalanced, or the consumer
   * crashed and restarts): per-partition state kept by the caller is no longer trustworthy.
   */
  onRebalance(listener: () => void): void;
  stop(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
  config?: Record<string, string>;
}

export interface PartitionOffsets {
  partition: number;
  /** First offset still retained. */
  low: string;
  /** Offset the next record will get. */
  high: string;
}

export interface KafkaAdmin {
  connect(): Promise<void>;
  /** Creates the missing topics; existing ones are left as they are, whatever their settings. */
  ensureTopics(specs: readonly TopicSpec[]): Promise<{ created: string[]; existing: string[] }>;
  listTopics(): Promise<string[]>;
  fetchTopicOffsets(topic: string): Promise<PartitionOffsets[]>;
  deleteTopics(topics: readonly string[]): Promise<void>;
  /**
   * Resolves once the broker's group coordinator answers. On a new cluster the offsets topic is
   * created and loaded on first use; until then consumers fail to join (and kafkajs logs them as
   * crashed before retrying).
   */
  awaitGroupCoordinator(): Promise<void>;
  /** The group's state as the coordinator sees it ('Stable', 'PreparingRebalance', 'Empty', ...) and its members. */
  describeGroup(groupId: string): Promise<GroupDescription>;
  disconnect(): Promise<void>;
}

export interface GroupDescription {
  state: string;
  members: { memberId: string; clientId: string }[];
}

export interface ConsumerOptions {
  groupId: string;
  sessionTimeoutMs?: number;
  /**
   * How long the broker may hold a fetch when there is nothing new (default 500 ms). Data is
   * returned as soon as it arrives either way; this bounds how long stop() waits.
   */
  maxWaitTimeMs?: number;
  /** Upper bound on one fetch per partition (kafkajs default 1 MiB): smaller means smaller batches. */
  maxBytesPerPartition?: number;
}

export interface KafkaClient {
  producer(): KafkaProducer;
  consumer(options: ConsumerOptions): KafkaConsumer;
  admin(): KafkaAdmin;
}

/** Every failure from Kafka surfaces as this; `retriable` says whether trying later may help. */
export class KafkaAdapterError extends Error {
  override readonly name = 'KafkaAdapterError';
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

function toAdapterError(error: unknown, operation: string): unknown {
  // Per-topic failures of one request (CreateTopics) come as a plain Error holding the list.
  if (error instanceof KafkaJSAggregateError) {
    const causes = error.errors.map((e) => (typeof e === 'string' ? e : e.message));
    const retriable = error.errors.every((e) => e instanceof KafkaJSError && e.retriable);
    return new KafkaAdapterError(`${operation}: ${causes.join('; ')}`, retriable, { cause: error });
  }
  if (!(error instanceof KafkaJSError)) return error;
  // kafkajs marks "gave up after N retries" as final, but when the last failure was itself
  // retriable (a refused connection, a leader election) a later attempt can still succeed.
  let retriable = error.retriable;
  if (error instanceof KafkaJSNumberOfRetriesExceeded && error.cause instanceof KafkaJSError) {
    retriable = error.cause.retriable;
  }
  return new KafkaAdapterError(`${operation}: ${error.message}`, retriable, { cause: error });
}

async function mapErrors<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toAdapterError(error, operation);
  }
}

const toKafkaJsLevel: Record<KafkaLogLevel, KafkaJsLogLevel> = {
  silent: KafkaLogLevel.NOTHING,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
};

// Bounding retries makes kafkajs warn that idempotence "may be invalidated"; the broker still
// de-duplicates every retry it sees, and an unbounded send would hang forever on a bad topic.
const SUPPRESSED_WARNING = 'Limiting retries for the idempotent producer';

function pinoLevel(
  namespace: string,
  level: KafkaJsLogLevel,
  message: string,
  fields: Record<string, unknown>,
): 'error' | 'warn' | 'info' | 'debug' | null {
  if (level === KafkaLogLevel.WARN && message.startsWith(SUPPRESSED_WARNING)) return null;
  // kafkajs logs every error response at ERROR, also those it retries or rejects to the caller,
  // who then gets a KafkaAdapterError: at ERROR they would be reported twice.
  if (namespace === 'Connection' && message.startsWith('Response ')) return 'debug';
  // A failure kafkajs is about to retry (leader moved, coordinator loading) heals itself; if the
  // retries run out, the caller gets the error.
  if (level === KafkaLogLevel.ERROR && 'retryCount' in fields) return 'warn';
  if (level === KafkaLogLevel.ERROR) return 'error';
  if (level === KafkaLogLevel.WARN) return 'warn';
  if (level === KafkaLogLevel.INFO) return 'info';
  return 'debug';
}

function pinoLogCreator(logger: Logger) {
  return () =>
    ({ namespace, level, log }: LogEntry): void => {
      const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
      const text = String(message);
      const method = pinoLevel(namespace, level, text, fields);
      if (method) logger[method]({ kafkajs: namespace, ...fields }, text);
    };
}

function toMessage(record: OutgoingRecord): Message {
  return {
    key: record.key,
    value: record.value,
    headers: record.headers,
    timestamp: record.timestamp === undefined ? undefined : String(record.timestamp),
  };
}

function toHeaders(headers: IHeaders | undefined): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value.at(-1) : value;
    if (last !== undefined) out[name] = Buffer.isBuffer(last) ? last : Buffer.from(last);
  }
  return out;
}

function toRecord(topic: string, partition: number, message: KafkaMessage): IncomingRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: toHeaders(message.headers),
    timestamp: Number(message.timestamp),
  };
}

function wrapProducer(producer: Producer): KafkaProducer {
  // kafkajs's idempotent producer assigns sequence numbers per send() and breaks when sends
  // overlap: the broker answers OUT_OF_ORDER_SEQUENCE_NUMBER, or records are silently dropped
  // (tulios/kafkajs#598, #1005). So sends run one after another here, whatever the caller does;
  // throughput comes from batch size, not from concurrency.
  let tail: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
  return {
    connect: () => mapErrors('producer.connect', () => producer.connect()),
    send: (topic, records) =>
      serially(() =>
        mapErrors(`producer.send to ${topic}`, async () => {
          const metadata = await producer.send({ topic, acks: -1, messages: records.map(toMessage) });
          // With acks=-1 the broker always returns the base offset; kafkajs types it optional
          // because acks=0 does not.
          return metadata.map((m) => ({ topic: m.topicName, partition: m.partition, baseOffset: m.baseOffset ?? m.offset ?? '-1' }));
        }),
      ),
    disconnect: () => serially(() => mapErrors('producer.disconnect', () => producer.disconnect())),
  };
}

function wrapConsumer(consumer: Consumer, groupId: string): KafkaConsumer {
  return {
    connect: () => mapErrors(`consumer ${groupId}: connect`, () => consumer.connect()),
    subscribe: (topics, options) =>
      mapErrors(`consumer ${groupId}: subscribe`, () =>
        consumer.subscribe({ topics: [...topics], fromBeginning: options?.fromBeginning ?? false }),
      ),
    run: (handler, options) =>
      mapErrors(`consumer ${groupId}: run`, () =>
        consumer.run({
          partitionsConsumedConcurrently: options?.partitionsConcurrently ?? 1,
          // Offsets move only when the job says a record is done: at-least-once processing.
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async (payload: EachBatchPayload) => {
            const { batch } = payload;
            const records = batch.messages.map((m) => toRecord(batch.topic, batch.partition, m));
            await handler(
              { topic: batch.topic, partition: batch.partition, highWatermark: batch.highWatermark, records },
              {
                resolveOffset: (offset) => payload.resolveOffset(offset),
                // With offsets, kafkajs commits them as given (no autoCommit thresholds apply).
                commit: () =>
                  mapErrors(`consumer ${groupId}: commit`, () =>
                    payload.commitOffsetsIfNecessary(payload.uncommittedOffsets()),
                  ),
                heartbeat: () => payload.heartbeat(),
                isRunning: () => payload.isRunning(),
                isStale: () => payload.isStale(),
              },
            );
          },
        }),
      ),
    seek: (topic, partition, offset) => consumer.seek({ topic, partition, offset }),
    onRebalance: (listener) => {
      consumer.on(consumer.events.GROUP_JOIN, listener);
      consumer.on(consumer.events.CRASH, listener);
    },
    stop: () => mapErrors(`consumer ${groupId}: stop`, () => consumer.stop()),
    disconnect: () => mapErrors(`consumer ${groupId}: disconnect`, () => consumer.disconnect()),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// kafkajs' own waitForLeaders retries only LEADER_NOT_AVAILABLE, but a fresh KRaft broker
// answers UNKNOWN_TOPIC_OR_PARTITION until its metadata cache catches up with the controller;
// that error would fail a creation that in fact succeeded.
async function waitForLeaders(admin: Admin, topic: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = topics.find((t) => t.name === topic)?.partitions ?? [];
      if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) return;
    } catch (error) {
      if (!(error instanceof KafkaJSError && error.retriable) || Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) {
      throw new KafkaAdapterError(`topic ${topic} has no leader for every partition after ${timeoutMs} ms`, true);
    }
    await sleep(100);
  }
}

function wrapAdmin(admin: Admin): KafkaAdmin {
  const listTopics = () => mapErrors('admin.listTopics', () => admin.listTopics());
  return {
    connect: () => mapErrors('admin.connect', () => admin.connect()),
    listTopics,
    ensureTopics: async (specs) => {
      const present = new Set(await listTopics());
      const created: string[] = [];
      const existing: string[] = [];
      for (const spec of specs) {
        if (present.has(spec.topic)) {
          existing.push(spec.topic);
          continue;
        }
        // One topic per request: kafkajs reports "already exists" (a concurrent creator won
        // the race) only as false for the whole request.
        const didCreate = await mapErrors(`admin.createTopics ${spec.topic}`, () =>
          admin.createTopics({
            waitForLeaders: false,
            topics: [
              {
                topic: spec.topic,
                numPartitions: spec.partitions,
                replicationFactor: spec.replicationFactor,
                configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
              },
            ],
          }),
        );
        (didCreate ? created : existing).push(spec.topic);
        await mapErrors(`admin.createTopics ${spec.topic}: waiting for leaders`, () =>
          waitForLeaders(admin, spec.topic),
        );
      }
      return { created, existing };
    },
    fetchTopicOffsets: (topic) =>
      mapErrors(`admin.fetchTopicOffsets ${topic}`, async () => {
        const offsets = await admin.fetchTopicOffsets(topic);
        return offsets
          .map(({ partition, low, high }) => ({ partition, low, high }))
          .sort((a, b) => a.partition - b.partition);
      }),
    deleteTopics: (topics) =>
      mapErrors('admin.deleteTopics', () => admin.deleteTopics({ topics: [...topics] })),
    // kafkajs retries DescribeGroups (and its FindCoordinator) until the coordinator is loaded.
    awaitGroupCoordinator: () =>
      mapErrors('admin.awaitGroupCoordinator', async () => {
        await admin.describeGroups(['freshet.coordinator-probe']);
      }),
    describeGroup: (groupId) =>
      mapErrors(`admin.describeGroup ${groupId}`, async () => {
        const { groups } = await admin.describeGroups([groupId]);
        const group = groups[0];
        return {
          state: group?.state ?? 'Dead',
          members: (group?.members ?? []).map(({ memberId, clientId }) => ({ memberId, clientId })),
        };
      }),
    disconnect: () => mapErrors('admin.disconnect', () => admin.disconnect()),
  };
}

export function createKafka(options: KafkaOptions): KafkaClient {
  const level = options.logLevel ?? 'warn';
  const logger = options.logger ?? pino({ name: 'kafkajs', level }, pino.destination(2));
  const retry = options.retries === undefined ? undefined : { retries: options.retries };
  const kafka = new Kafka({
    brokers: [...options.brokers],
    clientId: options.clientId,
    connectionTimeout: options.connectionTimeoutMs,
    retry,
    logLevel: toKafkaJsLevel[level],
    logCreator: pinoLogCreator(logger),
  });
  return {
    producer: () =>
      wrapProducer(
        kafka.producer({
          // murmur2 over the key, like the Java client: the same key lands in the same
          // partition whichever language produced it.
          createPartitioner: Partitioners.DefaultPartitioner,
          idempotent: true,
          // kafkajs keeps sequence numbers correct only with one request in flight (KIP-98).
          maxInFlightRequests: 1,
          retry: { retries: Math.max(1, options.retries ?? 8) },
          allowAutoTopicCreation: false,
        }),
      ),
    consumer: ({ groupId, sessionTimeoutMs, maxWaitTimeMs, maxBytesPerPartition }) =>
      wrapConsumer(
        kafka.consumer({
          groupId,
          sessionTimeout: sessionTimeoutMs,
          maxWaitTimeInMs: maxWaitTimeMs ?? 500,
          ...(maxBytesPerPartition === undefined ? {} : { maxBytesPerPartition }),
          allowAutoTopicCreation: false,
        }),
        groupId,
      ),
    admin: () => wrapAdmin(kafka.admin()),
  };
}
