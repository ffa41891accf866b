// The retrieval config: defaults, partial overrides, and a precise error per kind of bad input.
import { describe, expect, it } from 'vitest';
import { DEFAULT_COLD_SOURCES, DEFAULT_QUOTAS, DEFAULT_RETRIEVAL_CONFIG, parseRetrievalConfig } from './config.js';
import { SOURCES } from './sources.js';

const problems = (input: unknown) => {
  const r = parseRetrievalConfig(input);
  if (r.ok) throw new Error('expected the config to be refused');
  return r.error;
};

describe('parseRetrievalConfig', () => {
  it('fills every default from {}', () => {
    expect(DEFAULT_RETRIEVAL_CONFIG).toMatchObject({ limit: 500, warmThreshold: 50, similarSeeds: 5, quotas: DEFAULT_QUOTAS, priority: [...SOURCES], coldSources: [...DEFAULT_COLD_SOURCES] });
    expect(DEFAULT_RETRIEVAL_CONFIG.continueWatching).toEqual({ maxStartedScore: 0.6, maxAgeMs: 7 * 24 * 3600_000 });
    // The cold path's default quotas fill the default limit exactly.
    expect(DEFAULT_COLD_SOURCES.reduce((sum, s) => sum + DEFAULT_QUOTAS[s], 0)).toBe(500);
  });

  it('keeps defaults for what is not given, and appends unlisted sources to the priority', () => {
    const r = parseRetrievalConfig({ quotas: { ann: 100 }, priority: ['trending', 'ann'], warmThreshold: 10 });
    expect(r.ok && r.value.quotas).toEqual({ ...DEFAULT_QUOTAS, ann: 100 });
    expect(r.ok && r.value.priority).toEqual(['trending', 'ann', ...SOURCES.filter((s) => s !== 'trending' && s !== 'ann')]);
    expect(r.ok && r.value.warmThreshold).toBe(10);
  });

  it('names the field of each bad value', () => {
    expect(problems({ limit: 0 })).toEqual([{ field: 'limit', message: 'limit must be between 1 and 2000' }]);
    expect(problems({ limit: 2.5 })).toEqual([{ field: 'limit', message: 'limit must be an integer' }]);
    expect(problems({ quotas: { ann: 5000 } })).toEqual([{ field: 'quotas.ann', message: 'quota of ann must be between 0 and 1024' }]);
    expect(problems({ quotas: { ann: '5' } })).toEqual([{ field: 'quotas.ann', message: 'quota of ann must be a number' }]);
    expect(problems({ coldSources: ['ann', 'nope'] })[0]).toMatchObject({ field: 'coldSources.1', message: expect.stringContaining('a source must be one of editorial') });
    expect(problems({ priority: ['ann', 'ann'] })).toEqual([{ field: 'priority', message: 'priority must not repeat a source' }]);
    expect(problems({ continueWatching: { maxStartedScore: 0 } })).toEqual([{ field: 'continueWatching.maxStartedScore', message: 'continueWatching.maxStartedScore must be positive' }]);
    expect(problems({ negativeWeight: -1 })).toEqual([{ field: 'negativeWeight', message: 'negativeWeight must be >= 0' }]);
  });

  it('refuses unknown keys (a typo must not silently keep a default) and non-objects', () => {
    expect(problems({ limt: 5 })).toEqual([{ field: '', message: 'unknown retrieval config field: limt' }]);
    expect(problems({ quotas: { anne: 5 } })).toEqual([{ field: 'quotas', message: 'unknown source in quotas: anne' }]);
    expect(problems({ continueWatching: { maxAge: 5 } })).toEqual([{ field: 'continueWatching', message: 'unknown continueWatching field: maxAge' }]);
    expect(problems({ quotas: 5 })).toEqual([{ field: 'quotas', message: 'quotas must be an object of source name → count' }]);
    expect(problems('500')).toEqual([{ field: '', message: 'retrieval config must be an object' }]);
  });
});
