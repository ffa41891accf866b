import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildInteractionMatrix, type Interaction } from './interaction-matrix.js';

const options = { alpha: 2, negativeBoost: 1.5, exposureWeight: 0.1 };
const ev = (userId: string, itemId: string, type: Interaction['type'], time = 0): Interaction => ({ userId, itemId, type, time });

describe('interaction matrix', () => {
  it('turns net signals into preference and confidence (positive, negative, exposure only)', () => {
    const m = buildInteractionMatrix(
      [
        ev('u1', 'a', 'media_started'), ev('u1', 'a', 'media_completed'), ev('u1', 'a', 'media_liked'), // +2.0
        ev('u1', 'b', 'media_started'), ev('u1', 'b', 'media_paused_early'), ev('u1', 'b', 'media_disliked'), // −1.1
        ev('u2', 'b', 'impression'), // 0
      ],
      options,
    );
    expect(m.userIds).toEqual(['u1', 'u2']);
    expect(m.itemIds).toEqual(['a', 'b']);
    expect(Array.from(m.byUser.start)).toEqual([0, 2, 3]);
    expect(Array.from(m.byUser.cols)).toEqual([0, 1, 1]);
    expect(Array.from(m.byUser.pref)).toEqual([1, 0, 0]);
    expect(m.byUser.conf[0]).toBeCloseTo(1 + 2 * 2.0, 5);
    expect(m.byUser.conf[1]).toBeCloseTo(1 + 2 * 1.5 * 1.1, 5);
    expect(m.byUser.conf[2]).toBeCloseTo(1 + 2 * 0.1, 5);
    expect(Array.from(m.positiveUsers)).toEqual([1, 0]);
    expect(Array.from(m.byItem.start)).toEqual([0, 1, 3]);
    expect(Array.from(m.byItem.cols)).toEqual([0, 0, 1]);
  });

  it('treats a net zero of opposite signals as exposure, not as noise of float sums', () => {
    // 3 × started (+0.2) + 2 × paused early (−0.3) sums to about 1e-16 in floating point, not to 0.
    const m = buildInteractionMatrix(
      [ev('u', 'a', 'media_started'), ev('u', 'a', 'media_paused_early'), ev('u', 'a', 'media_started'), ev('u', 'a', 'media_started'), ev('u', 'a', 'media_paused_early')],
      options,
    );
    expect(m.byUser.pref[0]).toBe(0);
    expect(m.byUser.conf[0]).toBeCloseTo(1 + 2 * 0.1, 5);
  });

  it('does not depend on event order (property)', () => {
    const types = ['media_started', 'media_completed', 'media_skipped', 'impression', 'media_liked'] as const;
    const evArb = fc.record({ userId: fc.constantFrom('u1', 'u2', 'u3'), itemId: fc.constantFrom('a', 'b', 'c', 'd'), type: fc.constantFrom(...types), time: fc.nat() });
    fc.assert(
      fc.property(fc.array(evArb, { minLength: 1, maxLength: 40 }), (events) => {
        expect(buildInteractionMatrix([...events].reverse(), options)).toEqual(buildInteractionMatrix(events, options));
      }),
    );
  });

  it('refuses an unknown event type, naming it', () => {
    expect(() => buildInteractionMatrix([{ userId: 'u', itemId: 'a', type: 'clicked' as Interaction['type'], time: 0 }], options)).toThrow(
      /unknown event type clicked \(user u, item a\)/,
    );
  });
});
