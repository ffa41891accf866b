import { describe, expect, it } from 'vitest';
import { explanationOf } from './explanations.js';

describe('explanations', () => {
  it('says "Because you watched X" whenever an item-to-item source (similar, co-visitation) proposed it with a seed, even behind ann', () => {
    expect(explanationOf(['ann', 'similar', 'popular'], 'movie-7', false)).toBe('Because you watched movie-7');
    expect(explanationOf(['ann', 'co_visitation'], 'movie-3', false)).toBe('Because you watched movie-3');
    expect(explanationOf(['similar'], undefined, false)).toBe('Similar to what you watched');
    expect(explanationOf(['co_visitation'], undefined, false)).toBe('Similar to what you watched');
  });

  it('keeps pins, continue-watching and exploration first, then the first source that has a text', () => {
    expect(explanationOf(['editorial', 'similar'], 'movie-7', false)).toBe("Editors' pick");
    expect(explanationOf(['continue', 'similar'], 'movie-7', false)).toBe('Continue watching');
    expect(explanationOf(['similar'], 'movie-7', true)).toBe('Something new to try');
    expect(explanationOf(['ann', 'popular'], undefined, false)).toBe('Picked for you');
    expect(explanationOf([], undefined, false)).toBe('Recommended');
  });
});
