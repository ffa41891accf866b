// README.md's tables must say what the code does: the quota table and the
// config defaults are checked against config.ts, the source order against SOURCES.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COLD_SOURCES, DEFAULT_QUOTAS, DEFAULT_RETRIEVAL_CONFIG } from './config.js';
import { SOURCES } from './sources.js';

const readme = readFileSync(new URL('./README.md', import.meta.url), 'utf8');
const rows = (firstHeader: string) => {
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`| ${firstHeader} |`));
  const out: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) out.push(lines[i]!.split('|').slice(1, -1).map((c) => c.trim()));
  return out;
};

describe('candidates README', () => {
  it('lists the sources in priority order with their default quotas and cold-path membership', () => {
    const table = rows('source');
    expect(table.map((r) => r[0]!.replaceAll('`', ''))).toEqual([...SOURCES]);
    for (const [name, , quota, cold] of table) {
      const source = name!.replaceAll('`', '') as (typeof SOURCES)[number];
      expect(Number(quota)).toBe(DEFAULT_QUOTAS[source]);
      expect(cold === 'yes').toBe(DEFAULT_COLD_SOURCES.includes(source));
    }
  });

  it('gives every config key with its default', () => {
    const table = new Map(rows('key').map((r) => [r[0]!.replaceAll('`', ''), r[1]!]));
    const c = DEFAULT_RETRIEVAL_CONFIG;
    for (const key of ['limit', 'warmThreshold', 'similarSeeds', 'pooledItems', 'negativeWeight', 'tasteCategories'] as const) expect(table.get(key)).toBe(String(c[key]));
    expect(table.get('continueWatching.maxStartedScore')).toBe(String(c.continueWatching.maxStartedScore));
    expect(table.get('continueWatching.maxAgeMs')).toBe(String(c.continueWatching.maxAgeMs));
    expect([...table.keys()].filter((k) => !k.includes('.')).sort()).toEqual(Object.keys(c).filter((k) => k !== 'continueWatching').sort());
  });
});
