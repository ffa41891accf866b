import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coord, readable, tick } from './format.js';

describe('formatting', () => {
  it('writes coordinates with at most two decimals and never -0', () => {
    expect(coord(1.23456)).toBe('1.23');
    expect(coord(-0.001)).toBe('0');
    expect(coord(40)).toBe('40');
  });

  it('groups thousands by hand and keeps three significant digits below a thousand', () => {
    expect(readable(1234567)).toBe('1,234,567');
    expect(readable(6898.4)).toBe('6,898');
    expect(readable(0.30000000000000004)).toBe('0.3');
    expect(readable(12.3456)).toBe('12.3');
    expect(readable(-2500)).toBe('-2,500');
    expect(readable(0.0000001234)).toBe('0.000000123');
  });

  it('never writes an exponent', () => {
    fc.assert(fc.property(fc.double({ min: -1e15, max: 1e15, noNaN: true }), (v) => {
      expect(readable(v)).not.toMatch(/e/);
      expect(tick(v)).not.toMatch(/e/);
    }));
  });

  it('keeps neighbouring ticks distinct', () => {
    expect(tick(0.95)).not.toBe(tick(0.9));
    expect(tick(100000)).toBe('100,000');
  });
});
