import { describe, expect, it } from 'vitest';
import { DEFAULT_RERANK_CONFIG, parseRerankConfigJson, resolveRerankConfig } from './config.js';

const errorsOf = (input: unknown, variant?: unknown) => {
  const r = resolveRerankConfig(input, variant);
  if (r.ok) throw new Error('expected errors');
  return r.error;
};

describe('re-ranking config', () => {
  it('fills every default from an empty object, undefined or blank JSON', () => {
    expect(DEFAULT_RERANK_CONFIG).toEqual({
      unknownFacts: 'drop',
      maturity: { defaultCeiling: null, unratedAs: '18+' },
      policy: { blockedItems: [], blockedCategories: [], blockedCreators: [] },
      freshness: { weight: 0.05, halfLifeHours: 24 },
      discovery: { targetShare: 0.1, window: 10 },
      diversity: { maxConsecutiveCreator: 2, maxConsecutiveCategory: 3 },
      exploration: { enabled: true, warmShare: 0.03, coldShare: 0.1, minPosition: 1, poolSize: 30, priorAlpha: 1, priorBeta: 19, propensitySamples: 100 },
    });
    expect(resolveRerankConfig(undefined)).toEqual({ ok: true, value: DEFAULT_RERANK_CONFIG });
    expect(parseRerankConfigJson(undefined)).toEqual({ ok: true, value: DEFAULT_RERANK_CONFIG });
    expect(parseRerankConfigJson('  ')).toEqual({ ok: true, value: DEFAULT_RERANK_CONFIG });
  });

  it('keeps defaults beside the settings given in a section', () => {
    const r = resolveRerankConfig({ exploration: { warmShare: 0.05 } });
    expect(r.ok && r.value.exploration).toEqual({ ...DEFAULT_RERANK_CONFIG.exploration, warmShare: 0.05 });
  });

  it('lays an experiment variant over the base, key by key; arrays replace', () => {
    const r = resolveRerankConfig(
      { diversity: { maxConsecutiveCreator: 1 }, policy: { blockedCategories: ['news', 'kids'] } },
      { diversity: { maxConsecutiveCategory: 0 }, policy: { blockedCategories: ['news'] } },
    );
    expect(r.ok && r.value.diversity).toEqual({ maxConsecutiveCreator: 1, maxConsecutiveCategory: 0 });
    expect(r.ok && r.value.policy.blockedCategories).toEqual(['news']);
  });

  it('names the field and the rule for each kind of bad value', () => {
    expect(errorsOf({ exploration: { warmShare: 0.1 } })).toEqual([{ field: 'exploration.warmShare', message: 'exploration.warmShare must be between 0.02 and 0.05' }]);
    expect(errorsOf({ exploration: { warmShare: 0.01 } })).toEqual([{ field: 'exploration.warmShare', message: 'exploration.warmShare must be between 0.02 and 0.05' }]);
    expect(errorsOf({ exploration: { coldShare: 0.5 } })).toEqual([{ field: 'exploration.coldShare', message: 'exploration.coldShare must be between 0.05 and 0.2' }]);
    expect(errorsOf({ exploration: { propensitySamples: 5 } })).toEqual([{ field: 'exploration.propensitySamples', message: 'exploration.propensitySamples must be between 10 and 10000' }]);
    expect(errorsOf({ exploration: { priorBeta: 0 } })).toEqual([{ field: 'exploration.priorBeta', message: 'exploration.priorBeta must be positive' }]);
    expect(errorsOf({ exploration: { enabled: 'yes' } })).toEqual([{ field: 'exploration.enabled', message: 'exploration.enabled must be true or false' }]);
    expect(errorsOf({ diversity: { maxConsecutiveCreator: 1.5 } })).toEqual([{ field: 'diversity.maxConsecutiveCreator', message: 'diversity.maxConsecutiveCreator must be an integer' }]);
    expect(errorsOf({ diversity: { maxConsecutiveCategory: -1 } })).toEqual([{ field: 'diversity.maxConsecutiveCategory', message: 'diversity.maxConsecutiveCategory must be between 0 and 1000' }]);
    expect(errorsOf({ discovery: { targetShare: 0.8 } })).toEqual([{ field: 'discovery.targetShare', message: 'discovery.targetShare must be between 0 and 0.5' }]);
    expect(errorsOf({ freshness: { halfLifeHours: 0 } })).toEqual([{ field: 'freshness.halfLifeHours', message: 'freshness.halfLifeHours must be positive' }]);
    expect(errorsOf({ freshness: { weight: '0.1' } })).toEqual([{ field: 'freshness.weight', message: 'freshness.weight must be a number' }]);
    expect(errorsOf({ maturity: { unratedAs: 'R' } })).toEqual([{ field: 'maturity.unratedAs', message: 'maturity.unratedAs must be one of all, 7+, 13+, 16+, 18+, unrated' }]);
    expect(errorsOf({ unknownFacts: 'ignore' })).toEqual([{ field: 'unknownFacts', message: 'unknownFacts must be "drop" or "keep"' }]);
    expect(errorsOf({ policy: { blockedItems: [''] } })).toEqual([{ field: 'policy.blockedItems.0', message: 'policy.blockedItems must not hold empty strings' }]);
    expect(errorsOf({ policy: { blockedCreators: 'c1' } })).toEqual([{ field: 'policy.blockedCreators', message: 'policy.blockedCreators must be an array of strings' }]);
  });

  it('rejects unknown settings (a misspelt knob) and non-objects', () => {
    expect(errorsOf({ explore: {} })).toEqual([{ field: '', message: 'unknown setting "explore"' }]);
    expect(errorsOf({ diversity: { maxConsecutive: 2 } })).toEqual([{ field: 'diversity', message: 'diversity: unknown setting "maxConsecutive"' }]);
    expect(errorsOf({ diversity: 2 })).toEqual([{ field: 'diversity', message: 'diversity must be an object' }]);
    expect(errorsOf([])).toEqual([{ field: '', message: 'the re-ranking config must be an object' }]);
    expect(errorsOf(null)).toEqual([{ field: '', message: 'the re-ranking config must be an object' }]);
    expect(errorsOf({}, 'warm')).toEqual([{ field: '', message: "the variant's re-ranking settings must be an object" }]);
    expect(errorsOf({}, { exploration: { coldShare: 1 } })).toEqual([{ field: 'exploration.coldShare', message: 'exploration.coldShare must be between 0.05 and 0.2' }]);
  });

  it('reports JSON that does not parse', () => {
    const r = parseRerankConfigJson('{"diversity": ');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error[0]!.message).toMatch(/^the re-ranking config is not valid JSON \(/);
    expect(parseRerankConfigJson('{"diversity": {"maxConsecutiveCreator": 1}}', { diversity: { maxConsecutiveCategory: 1 } })).toMatchObject({ ok: true, value: { diversity: { maxConsecutiveCreator: 1, maxConsecutiveCategory: 1 } } });
  });
});
