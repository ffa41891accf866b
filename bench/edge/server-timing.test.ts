// bench/ is no project of the monorepo vitest config: `npx vitest run --config bench/edge/vitest.config.ts`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseServerTiming } from './server-timing.js';

describe('parseServerTiming', () => {
  it('reads the edge worker’s header', () => {
    const t = parseServerTiming('bundle;dur=0.00, features;dur=1.52, retrieval;dur=0.00, ranking;dur=3.10, rerank;dur=0.00, total;dur=4.62');
    expect([...t]).toEqual([['bundle', 0], ['features', 1.52], ['retrieval', 0], ['ranking', 3.1], ['rerank', 0], ['total', 4.62]]);
  });

  it('gives an empty map for an absent or empty header', () => {
    expect(parseServerTiming(null).size).toBe(0);
    expect(parseServerTiming(undefined).size).toBe(0);
    expect(parseServerTiming('').size).toBe(0);
  });

  it('leaves out entries without a usable dur (missing, not a number, negative) and keeps the rest', () => {
    const t = parseServerTiming('cache;desc="hit", a;dur=abc, b;dur=-1, c;dur=2, ;dur=3, d;desc=x;dur="4.5"');
    expect([...t]).toEqual([['c', 2], ['d', 4.5]]);
  });

  it('round-trips any stage list the worker could write', () => {
    const name = fc.stringMatching(/^[a-z][a-z_-]{0,11}$/);
    const ms = fc.double({ min: 0, max: 1e5, noNaN: true }).map((x) => Math.round(x * 100) / 100);
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(name, ms), { selector: ([n]) => n, maxLength: 8 }), (entries) => {
        const header = entries.map(([n, d]) => `${n};dur=${d.toFixed(2)}`).join(', ');
        expect([...parseServerTiming(header)]).toEqual(entries);
      }),
    );
  });
});
