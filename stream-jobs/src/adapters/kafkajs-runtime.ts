// Loads kafkajs for the kafka adapter (kafka.ts), with fixes for two kafkajs 2.2.4 defects
// applied first. Nothing else may import kafkajs: it is unmaintained, and keeping it behind
// the adapter means a client swap touches only these two files.
import { createRequire } from 'node:module';
import type * as KafkaJs from 'kafkajs';

const require = createRequire(import.meta.url);

// 1. The producer groups a send's messages per partition with `[...current, message]` for every
//    message: quadratic in the batch size, the biggest CPU cost of a large send. The module is
//    captured by kafkajs's producer when kafkajs loads, so it is replaced in the require cache
//    before kafkajs is required. Same contract: partition → messages in send order.
type Grouper = (args: { topic: string; partitionMetadata: unknown[]; messages: unknown[]; partitioner: (a: unknown) => number }) => Record<number, unknown[]>;
const groupPath = require.resolve('kafkajs/src/producer/groupMessagesPerPartition.js');
require(groupPath);
const groupLinear: Grouper = ({ topic, partitionMetadata, messages, partitioner }) => {
  const result: Record<number, unknown[]> = {};
  if (partitionMetadata.length === 0) return result;
  for (const message of messages) {
    const partition = partitioner({ topic, partitionMetadata, message });
    (result[partition] ??= []).push(message);
  }
  return result;
};
require.cache[groupPath]!.exports = groupLinear;

// 2. RequestQueue re-arms setTimeout(throttledUntil - Date.now()) after every response even with
//    nothing pending and no throttle (throttledUntil starts at -1): a 1 ms polling loop per
//    connection, which Node >= 23 also reports as a TimeoutNegativeWarning (tulios/kafkajs#1704,
//    #1751; the fixes were never released). Only schedule a check when a request is pending or a
//    throttle must be waited out: push() re-arms when it enqueues, and every response or timeout
//    runs checkPendingRequests itself.
interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  scheduleCheckPendingRequests(): void;
}
const { prototype: queue } = require('kafkajs/src/network/requestQueue/index.js') as { prototype: RequestQueue };
const schedule = queue.scheduleCheckPendingRequests;
queue.scheduleCheckPendingRequests = function (this: RequestQueue): void {
  if (this.pending.length === 0 && this.throttledUntil <= Date.now()) return;
  schedule.call(this);
};

// kafkajs is CommonJS and spreads its error classes into module.exports, which ESM named-export
// detection cannot see: everything comes from the module object.
export const kafkajs = require('kafkajs') as typeof KafkaJs;
