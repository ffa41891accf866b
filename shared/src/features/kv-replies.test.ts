import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashReply, scoredReply } from './kv-replies.js';

describe('KV reply decoding', () => {
  it('reads HGETALL as a flat list, an object or nothing', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), (fields) => {
        expect(hashReply(Object.entries(fields).flat())).toEqual(fields);
        expect(hashReply(fields)).toEqual(fields);
      }),
    );
    expect(hashReply(null)).toEqual({});
    expect(hashReply(undefined)).toEqual({});
  });

  it('reads ZRANGE WITHSCORES pairs, numbers as numbers', () => {
    expect(scoredReply(['a', '1.5', 'b', 2])).toEqual([{ member: 'a', score: 1.5 }, { member: 'b', score: 2 }]);
    expect(scoredReply(null)).toEqual([]);
  });
});
