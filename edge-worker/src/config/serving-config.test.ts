// The serving configuration's entry point: an empty config is a working one
// (every default), and each kind of bad input is refused with the field named.
import { DEFAULT_CO_VISITATION_WEIGHT, DEFAULT_HEAD_WEIGHTS } from '@freshet/shared/ranking/combined-score';
import { describe, expect, it } from 'vitest';
import { parseServingConfig, ServingConfigError } from './serving-config.js';

describe('parseServingConfig', () => {
  it('gives every default for no config, an empty one or {}', () => {
    for (const text of [undefined, '', '  ', '{}']) {
      const config = parseServingConfig(text);
      expect(config.head_weights).toEqual(DEFAULT_HEAD_WEIGHTS);
      expect(config.co_visitation_weight).toBe(DEFAULT_CO_VISITATION_WEIGHT);
      expect(config.candidates).toBe(500);
    }
  });

  it('takes a co-visitation weight from 0 (off) to 100', () => {
    expect(parseServingConfig('{"co_visitation_weight":0}').co_visitation_weight).toBe(0);
    expect(parseServingConfig('{"co_visitation_weight":2.5}').co_visitation_weight).toBe(2.5);
    expect(() => parseServingConfig('{"co_visitation_weight":-1}')).toThrow('SERVING_CONFIG is invalid: co_visitation_weight: co_visitation_weight must be >= 0');
    expect(() => parseServingConfig('{"co_visitation_weight":1000}')).toThrow('co_visitation_weight: co_visitation_weight must be at most 100');
    expect(() => parseServingConfig('{"co_visitation_weight":"1"}')).toThrow(/co_visitation_weight: /);
  });

  it('refuses text that is not JSON, unknown keys and bad nested values, naming the field', () => {
    expect(() => parseServingConfig('{')).toThrow(ServingConfigError);
    expect(() => parseServingConfig('{')).toThrow(/^SERVING_CONFIG is not JSON: /);
    expect(() => parseServingConfig('{"co_visitation":1}')).toThrow('SERVING_CONFIG is invalid: unknown key: co_visitation');
    expect(() => parseServingConfig('[]')).toThrow('SERVING_CONFIG is invalid: SERVING_CONFIG must be a JSON object');
    expect(() => parseServingConfig('{"deadlines_ms":{"ranking":0}}')).toThrow('deadlines_ms.ranking: deadlines_ms.ranking must be > 0');
  });
});
