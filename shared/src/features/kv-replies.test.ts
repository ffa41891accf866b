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
    // A field named like an Object.prototype member is a field like any other (fast-check found "__proto__").
    expect(Object.entries(hashReply(['__proto__', '1', 'constructor', '2']))).toEqual([['__proto__', '1'], ['constructor', '2']]);
    expect(hashReply(null)).toEqual({});
    expect(hashReply(undefined)).toEqual({});
  });

  it('reads ZRANGE WITHSCORES pairs, numbers as numbers', () => {
    expect(scoredReply(['a', '1.5', 'b', 2])).toEqual([{ member: 'a', score: 1.5 }, { member: 'b', score: 2 }]);
    expect(scoredReply(null)).toEqual([]);
  });
});
