import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderFeatureTable, renderStateTable } from './reference.js';

// docs/features.md embeds the generated tables; `npm run docs` regenerates them.
const doc = readFileSync(fileURLToPath(new URL('../../../docs/features.md', import.meta.url)), 'utf8');
const section = (name: string) => new RegExp(`<!-- ${name}:start -->\\n([\\s\\S]*?)\\n<!-- ${name}:end -->`).exec(doc)?.[1];

describe('docs/features.md', () => {
  it('lists exactly the features the code defines', () => {
    expect(section('features')).toBe(renderFeatureTable());
  });
  it('lists exactly the state the code declares', () => {
    expect(section('state')).toBe(renderStateTable());
  });
});
