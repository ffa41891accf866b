import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RERANK_CONFIG } from './config.js';
import { RULE_NAMES } from './types.js';

// docs/reranking.md documents every setting and every rule; this keeps it from drifting.
const doc = readFileSync(new URL('../../../docs/reranking.md', import.meta.url), 'utf8');

const keysOf = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? keysOf(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe('docs/reranking.md', () => {
  it.each(keysOf(DEFAULT_RERANK_CONFIG))('documents setting %s with its default', (key) => {
    const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], DEFAULT_RERANK_CONFIG);
    expect(doc).toContain(`| \`${key}\` | \`${JSON.stringify(value)}\` |`);
  });

  it('lists the rules in the order they run', () => {
    const listed = [...doc.matchAll(/^\| \d+ \| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual([...RULE_NAMES]);
  });
});
