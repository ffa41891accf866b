import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MOVIELENS, MOVIELENS_IDS, type MovieLensId } from '@freshet/shared/movielens';
import { validateCatalogItem, validateEvent, validateUserProfile } from '@freshet/shared';
import { describe, expect, it } from 'vitest';
import { DatasetMissingError, datasetsDir } from './datasets-dir.js';
import { readMovieLens } from './movielens-files.js';

// These tests read the real datasets from ../shared/datasets (never copied into
// the repo). If the folder is absent they fail with DatasetMissingError, whose
// message names the missing file and how to provide it.

/** Line counts from the "Files" table of a dataset's SOURCE.md, keyed by file name. */
function sourceLineCounts(id: MovieLensId): Map<string, number> {
  const text = readFileSync(join(datasetsDir(), MOVIELENS[id].folder, 'SOURCE.md'), 'utf8');
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/^\| `([^`]+)` \| ([\d,]+) \|/gm)) counts.set(match[1]!, Number(match[2]!.replace(/,/g, '')));
  return counts;
}

describe.each(MOVIELENS_IDS)('%s from ../shared/datasets', (id) => {
  const ds = MOVIELENS[id];

  it('matches the counts its SOURCE.md states, rejects nothing, and validates', async () => {
    const data = await readMovieLens(id);
    expect(data.rejected).toEqual([]);
    expect(data.stats).toMatchObject({
      ratings: ds.expected.ratings,
      ratingUsers: ds.expected.ratingUsers,
      ratedItems: ds.expected.ratedItems,
      catalogItems: ds.expected.catalogItems,
      userProfiles: ds.expected.userProfiles ?? 0,
      tags: ds.expected.tags ?? 0,
    });

    // The same figures, straight from SOURCE.md's file table (header lines included there).
    const lines = sourceLineCounts(id);
    const header = (name: string) => (name.endsWith('.csv') || name.endsWith('.csv.gz') ? 1 : 0);
    const ratingsFile = ds.files.ratings.name.replace(/\.gz$/, '');
    expect(data.stats.ratings + header(ratingsFile)).toBe(lines.get(ratingsFile));
    const moviesFile = ds.files.movies.name;
    expect(data.stats.catalogItems + header(moviesFile)).toBe(lines.get(moviesFile));

    for (const item of data.catalog) expect(validateCatalogItem(item).ok).toBe(true);
    for (const profile of data.profiles) expect(validateUserProfile(profile).ok).toBe(true);

    // Plain checks in the loop (an expect() per event would dominate the run time).
    let previous = -Infinity;
    let outOfOrder = 0;
    let invalid = 0;
    let count = 0;
    const ids = new Set<string>();
    for (const event of data.events()) {
      if (event.event_time < previous) outOfOrder++;
      previous = event.event_time;
      ids.add(event.event_id);
      if (count++ % 25 === 0 && !validateEvent(event).ok) invalid++;
    }
    expect({ outOfOrder, invalid, duplicateIds: count - ids.size }).toEqual({ outOfOrder: 0, invalid: 0, duplicateIds: 0 });
    expect(count).toBeGreaterThan(ds.expected.ratings);
    // A rating's events are at most 2 ms after its timestamp.
    expect(previous - data.stats.lastEventMs).toBeGreaterThanOrEqual(0);
    expect(previous - data.stats.lastEventMs).toBeLessThanOrEqual(2);
  }, 120_000);
});

describe('a missing dataset folder', () => {
  it('fails with a message naming the file and how to provide it', async () => {
    const error = await readMovieLens('ml-100k', { dir: '/nonexistent/datasets' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetMissingError);
    expect((error as Error).message).toMatch(/MovieLens 100K is not available: \/nonexistent\/datasets\/movielens-100k\/u\.item does not exist/);
    expect((error as Error).message).toMatch(/FRESHET_DATASETS_DIR/);
  });
});
