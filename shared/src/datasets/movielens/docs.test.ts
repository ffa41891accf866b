import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RATING_BANDS } from './rating-bands.js';

// docs/datasets.md documents the rating → events mapping; this keeps it true.
const doc = readFileSync(fileURLToPath(new URL('../../../../docs/datasets.md', import.meta.url)), 'utf8');

describe('docs/datasets.md', () => {
  it('shows exactly the rating bands the adapters use', () => {
    const table = /<!-- rating-bands:start -->\n([\s\S]*?)<!-- rating-bands:end -->/.exec(doc)?.[1];
    const expected = [
      '| stars | events (progress) | why |',
      '|---|---|---|',
      ...RATING_BANDS.map(
        (b) =>
          `| ≥ ${b.minStars} | ${b.events.map((e) => (e.progress === undefined ? e.type : `${e.type} (${e.progress})`)).join(', ')} | ${b.why} |`,
      ),
    ];
    expect(table?.trim().split('\n')).toEqual(expected);
  });
});
