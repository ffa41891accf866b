import { describe, expect, it } from 'vitest';
import { blockUntilCount } from './block-until.js';

describe('blockUntilCount', () => {
  const slots = { done: 0, failed: 1 };
  it('returns done once the counter reaches the target', () => {
    expect(blockUntilCount(Int32Array.from([3, 0]), slots, 3, Date.now() + 1000)).toBe('done');
  });
  it('returns failed as soon as a failure is counted, even with the counter short', () => {
    expect(blockUntilCount(new Int32Array(new SharedArrayBuffer(8)).fill(1, 1), slots, 3, Infinity)).toBe('failed');
  });
  it('returns timeout at the deadline when nothing is counted', () => {
    expect(blockUntilCount(new Int32Array(new SharedArrayBuffer(8)), slots, 1, Date.now() + 30)).toBe('timeout');
  });
});
