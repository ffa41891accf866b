import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barsPanel, type Bar } from './bars.js';
import { PlotInputError } from './errors.js';
import { dataOutside } from './testing.js';

const bar: fc.Arbitrary<Bar> = fc
  .tuple(fc.string({ minLength: 1, maxLength: 30 }), fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 1e3, noNaN: true }), fc.double({ min: 0, max: 1e3, noNaN: true }), fc.boolean())
  .map(([label, value, down, up, interval]) => (interval ? { label, value, low: value - down, high: value + up } : { label, value }));

const rects = (marks: ReturnType<typeof barsPanel>['marks']) => marks.flatMap((m) => (m.type === 'rect' && m.role === 'data' ? [m] : []));

describe('bars panel', () => {
  it('keeps every bar and interval inside the plot area', () => {
    fc.assert(
      fc.property(fc.array(fc.array(bar, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 4 }), (groups) => {
        const panel = barsPanel({ heading: 'h', yLabel: 'y', groups: groups.map((bars, i) => ({ label: groups.length > 1 ? `g${i}` : '', bars })) });
        expect(dataOutside(panel.marks, panel.plot)).toEqual([]);
      }),
    );
  });

  it('draws bars left to right in the order given, groups too', () => {
    fc.assert(
      fc.property(fc.array(fc.array(bar, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 }), (groups) => {
        const panel = barsPanel({ heading: 'h', yLabel: 'y', groups: groups.map((bars, i) => ({ label: `g${i}`, bars })) });
        const xs = rects(panel.marks).map((r) => r.x);
        expect(xs).toHaveLength(groups.flat().length);
        expect([...xs].sort((a, b) => a - b)).toEqual(xs);
      }),
    );
  });

  it('hangs a negative value below the zero line and a positive one above it', () => {
    const panel = barsPanel({ heading: 'change', yLabel: 'relative change (%)', groups: [{ label: '', bars: [{ label: 'NDCG@10', value: -4 }, { label: 'Recall@20', value: 3 }] }] });
    const [down, up] = rects(panel.marks);
    expect(down!.y + down!.height).toBeGreaterThan(up!.y + up!.height);
    expect(down!.y).toBeCloseTo(up!.y + up!.height, 6);
  });

  it('gives the same label the same colour in every group', () => {
    const panel = barsPanel({ heading: 'h', yLabel: 'y', groups: ['a', 'b'].map((g) => ({ label: g, bars: [{ label: 'ours', value: 1 }, { label: 'popularity', value: 2 }] })) });
    const fills = rects(panel.marks).map((r) => r.fill);
    expect(fills[0]).toBe(fills[2]);
    expect(fills[1]).toBe(fills[3]);
    expect(fills[0]).not.toBe(fills[1]);
  });

  it('rejects no groups, an empty group, a NaN, half an interval and an interval missing its value, precisely', () => {
    expect(() => barsPanel({ heading: 'q', yLabel: 'y', groups: [] })).toThrow(new PlotInputError('bars "q": no groups'));
    expect(() => barsPanel({ heading: 'q', yLabel: 'y', groups: [{ label: 'ML 100K', bars: [] }] })).toThrow(new PlotInputError('bars "q", group "ML 100K": no bars'));
    expect(() => barsPanel({ heading: 'q', yLabel: 'y', groups: [{ label: '', bars: [{ label: 'ours', value: Number.NaN }] }] })).toThrow(
      new PlotInputError('bars "q", bar "ours" value: value 0 is NaN (every value must be a finite number)'),
    );
    expect(() => barsPanel({ heading: 'q', yLabel: 'y', groups: [{ label: '', bars: [{ label: 'ours', value: 1, low: 0 }] }] })).toThrow(new PlotInputError('bars "q", bar "ours": an interval needs both low and high'));
    expect(() => barsPanel({ heading: 'q', yLabel: 'y', groups: [{ label: '', bars: [{ label: 'ours', value: 1, low: 2, high: 3 }] }] })).toThrow(
      new PlotInputError('bars "q", bar "ours": interval [2, 3] does not contain the value 1'),
    );
  });
});
