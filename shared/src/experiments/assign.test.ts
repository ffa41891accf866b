import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignVariant, bucketOf, BUCKETS, experimentSchema, type Experiment } from './assign.js';

const ab: Experiment = { salt: 'ranker-v2', variants: [{ name: 'control', share: 0.5 }, { name: 'treatment', share: 0.5 }] };

describe('experiment assignment', () => {
  it('gives a user the same variant every time', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 40 }), (user) => {
      expect(assignVariant(ab, user).name).toBe(assignVariant(ab, user).name);
      expect(bucketOf(ab.salt, user)).toBeGreaterThanOrEqual(0);
      expect(bucketOf(ab.salt, user)).toBeLessThan(BUCKETS);
    }));
  });

  it('splits users by the configured shares', () => {
    const e: Experiment = { salt: 's1', variants: [{ name: 'a', share: 0.9 }, { name: 'b', share: 0.08 }, { name: 'holdback', share: 0.02 }] };
    const counts = new Map<string, number>();
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const v = assignVariant(e, `u${i}`).name;
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect(counts.get('a')! / n).toBeCloseTo(0.9, 1);
    expect(counts.get('b')! / n).toBeGreaterThan(0.07);
    expect(counts.get('b')! / n).toBeLessThan(0.09);
    expect(counts.get('holdback')! / n).toBeGreaterThan(0.015);
    expect(counts.get('holdback')! / n).toBeLessThan(0.025);
  });

  it('reshuffles users when the salt changes', () => {
    const other = { ...ab, salt: 'ranker-v3' };
    let moved = 0;
    for (let i = 0; i < 2000; i++) if (assignVariant(ab, `u${i}`).name !== assignVariant(other, `u${i}`).name) moved++;
    expect(moved).toBeGreaterThan(800);
    expect(moved).toBeLessThan(1200);
  });

  it('refuses shares that do not add up to 1, duplicate names and bad names, naming the field', () => {
    const bad = experimentSchema.safeParse({ salt: 'x', variants: [{ name: 'a', share: 0.5 }, { name: 'a', share: 0.4 }] });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toContain('variants: variant shares add up to 0.9, not 1');
    expect(messages).toContain('variants.1.name: variant a appears twice');
    expect(experimentSchema.safeParse({ salt: 'x', variants: [{ name: 'A B', share: 1 }] }).success).toBe(false);
    expect(experimentSchema.safeParse({ salt: '', variants: [{ name: 'a', share: 1 }] }).success).toBe(false);
  });
});
