import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlagError, positiveInteger, positiveIntegers, positiveNumber } from './flags.js';

describe('benchmark flags', () => {
  it('reads what they are given', () => {
    expect(positiveInteger('queries', '1000')).toBe(1000);
    expect(positiveIntegers('sizes', '100000,1000000')).toEqual([100_000, 1_000_000]);
    expect(positiveNumber('sweep-target-ms', '2.5')).toBe(2.5);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1e9 }), { minLength: 1 }), (ns) => {
        expect(positiveIntegers('sizes', ns.join(','))).toEqual(ns);
      }),
    );
  });

  it('rejects empty, zero, negative, fractional and non-numeric text, naming the flag and the text', () => {
    for (const bad of ['', ' ', '0', '-5', '1.5', 'ten', 'NaN', 'Infinity']) expect(() => positiveInteger('users', bad)).toThrow(new FlagError(`--users must be a positive integer (got "${bad}")`));
    expect(() => positiveIntegers('sizes', '100000,,1000000')).toThrow('--sizes must be a positive integer (got "")');
    expect(() => positiveIntegers('sizes', '100000,1e6x')).toThrow('(got "1e6x")');
    for (const bad of ['', '0', '-1', 'fast', 'Infinity']) expect(() => positiveNumber('sweep-target-ms', bad)).toThrow(FlagError);
  });
});
