import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateCatalogItem, validateEvent, validateUserProfile } from '../../events/codec.js';
import { SIGNALS } from '../../events/event-types.js';
import { createMovieLensAssembler } from './assemble.js';
import { MOVIELENS, splitFields } from './descriptors.js';
import { RATING_BANDS, bandFor } from './rating-bands.js';
import { parseMovie, parseRating, parseUser, yearFromTitle } from './rows.js';
import { categoryOf, ratingToEvents } from './to-domain.js';

const ml100k = MOVIELENS['ml-100k'];
const ml1m = MOVIELENS['ml-1m-sample'];
const latest = MOVIELENS['ml-latest-small'];

describe('MovieLens row parsers', () => {
  it('parses each dataset’s rating line', () => {
    expect(parseRating(ml100k, splitFields('196\t242\t3\t881250949', 'tab'))).toEqual({
      ok: true,
      value: { userId: 196, movieId: 242, rating: 3, timestampSec: 881250949 },
    });
    expect(parseRating(ml1m, splitFields('1::1193::5::978300760', 'double-colon')).ok).toBe(true);
    expect(parseRating(latest, ['1', '1', '4.5', '964982703']).ok).toBe(true);
  });

  it('rejects bad rating rows with a reason', () => {
    const cases: [typeof ml100k, string[], RegExp][] = [
      [ml100k, ['196', '242', '3'], /expected 4 fields, got 3/],
      [ml100k, ['x', '242', '3', '881250949'], /user id/],
      [ml100k, ['196', '0', '3', '881250949'], /movie id/],
      [ml100k, ['196', '242', '6', '881250949'], /rating must be 1–5/],
      [ml100k, ['196', '242', '3.5', '881250949'], /steps of 1/],
      [latest, ['1', '1', '4.25', '964982703'], /steps of 0.5/],
      [latest, ['1', '1', 'NaN', '964982703'], /rating/],
      [ml1m, ['1', '1193', '5', '-5'], /timestamp/],
    ];
    for (const [ds, fields, reason] of cases) {
      const r = parseRating(ds, fields);
      expect(r.ok ? 'accepted' : r.error).toMatch(reason);
    }
  });

  it('parses movies of all three layouts, dropping "unknown" genres', () => {
    const item = parseMovie(
      ml100k,
      splitFields('1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0', 'pipe'),
    );
    expect(item).toEqual({ ok: true, value: { movieId: 1, title: 'Toy Story (1995)', year: 1995, genres: ['Animation', "Children's", 'Comedy'] } });
    const unknown = parseMovie(ml100k, splitFields('267|unknown||||1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0', 'pipe'));
    expect(unknown).toEqual({ ok: true, value: { movieId: 267, title: 'unknown', year: undefined, genres: [] } });
    expect(parseMovie(ml1m, splitFields('2::Jumanji (1995)::Adventure|Children\'s|Fantasy', 'double-colon'))).toMatchObject({
      ok: true,
      value: { year: 1995, genres: ['Adventure', "Children's", 'Fantasy'] },
    });
    expect(parseMovie(latest, ['5', 'No Genre (2015)', '(no genres listed)'])).toMatchObject({ ok: true, value: { genres: [] } });
    expect(parseMovie(latest, ['5', '', 'Drama']).ok).toBe(false);
    expect(parseMovie(ml100k, ['1', 'x']).ok).toBe(false);
  });

  it('reads years from titles, including TV ranges', () => {
    expect(yearFromTitle('Toy Story (1995)')).toBe(1995);
    expect(yearFromTitle('Fawlty Towers (1975–1979)')).toBe(1975);
    expect(yearFromTitle('Babylon 5')).toBeUndefined();
  });

  it('maps user demographics of both layouts to the shared age buckets', () => {
    expect(parseUser(ml100k, splitFields('1|24|M|technician|85711', 'pipe'))).toEqual({
      ok: true,
      value: { userId: 1, ageBucket: '18-24', gender: 'M', occupation: 'technician', zip: '85711' },
    });
    expect(parseUser(ml1m, splitFields('2::M::56::16::70072', 'double-colon'))).toEqual({
      ok: true,
      value: { userId: 2, ageBucket: '56+', gender: 'M', occupation: 'self-employed', zip: '70072' },
    });
    expect(parseUser(ml1m, splitFields('2::M::30::16::70072', 'double-colon')).ok).toBe(false);
    expect(parseUser(ml1m, splitFields('2::M::25::21::70072', 'double-colon')).ok).toBe(false);
    expect(parseUser(ml100k, splitFields('1|24|Q|technician|85711', 'pipe')).ok).toBe(false);
  });

  it('normalises genre names to category ids', () => {
    expect(["Children's", 'Sci-Fi', 'Film-Noir', 'IMAX', 'Children'].map(categoryOf)).toEqual([
      'childrens',
      'sci-fi',
      'film-noir',
      'imax',
      'children',
    ]);
  });
});

describe('rating → events mapping', () => {
  const starsArb = fc.integer({ min: 1, max: 10 }).map((halves) => halves / 2);

  it('turns every rating on the scale into valid events whose net signal grows with the stars', () => {
    const net = (stars: number) => bandFor(stars).events.reduce((sum, e) => sum + SIGNALS[e.type].weight, 0);
    fc.assert(
      fc.property(starsArb, starsArb, fc.integer({ min: 1, max: 1e6 }), (a, b, user) => {
        const events = ratingToEvents(latest, { userId: user, movieId: 7, rating: a, timestampSec: 1_000_000_000 });
        for (const e of events) expect(validateEvent(e)).toEqual({ ok: true, value: e });
        expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
        if (a < b) expect(net(a)).toBeLessThanOrEqual(net(b));
      }),
    );
  });

  it('covers the whole scale with bands ordered from the top', () => {
    const mins = RATING_BANDS.map((b) => b.minStars);
    expect(mins).toEqual([...mins].sort((x, y) => y - x));
    expect(mins.at(-1)).toBe(0);
    expect(bandFor(5).events.map((e) => e.type)).toEqual(['media_started', 'media_completed', 'media_liked']);
    expect(bandFor(1).events.map((e) => e.type)).toContain('media_disliked');
  });
});

describe('MovieLens assembler', () => {
  const rowArb = fc.record({
    user: fc.integer({ min: 1, max: 30 }),
    movie: fc.integer({ min: 1, max: 20 }),
    stars: fc.integer({ min: 1, max: 5 }),
    second: fc.integer({ min: 900_000_000, max: 900_000_050 }),
  });

  it('emits a time-ordered stream of valid events, one set per rating, and a valid catalog', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 200 }), (rows) => {
        const asm = createMovieLensAssembler(ml100k);
        for (let m = 1; m <= 20; m++) {
          asm.add('movies', splitFields(`${m}|Movie ${m} (1990)|01-Jan-1990||u|0|1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0`, 'pipe'), m);
        }
        rows.forEach((r, i) => asm.add('ratings', [String(r.user), String(r.movie), String(r.stars), String(r.second)], i + 1));
        const data = asm.finish();
        const events = [...data.events()];
        const expected = rows.reduce((n, r) => n + bandFor(r.stars).events.length, 0);
        expect(events).toHaveLength(expected);
        for (let i = 1; i < events.length; i++) expect(events[i]!.event_time).toBeGreaterThanOrEqual(events[i - 1]!.event_time);
        expect([...data.events()]).toEqual(events);
        expect(data.rejected).toEqual([]);
        for (const item of data.catalog) expect(validateCatalogItem(item).ok).toBe(true);
        expect(data.stats.ratings).toBe(rows.length);
      }),
      { numRuns: 100 },
    );
  });

  it('publishes each movie at its first rating', () => {
    const asm = createMovieLensAssembler(ml1m);
    asm.add('movies', ['1', 'A (1990)', 'Drama'], 1);
    asm.add('movies', ['2', 'B (1990)', 'Drama'], 2);
    asm.add('movies', ['3', 'Never rated (1990)', 'Drama'], 3);
    asm.add('ratings', ['1', '2', '4', '1000000500'], 1);
    asm.add('ratings', ['1', '1', '4', '1000000000'], 2);
    asm.add('ratings', ['2', '2', '4', '1000000100'], 3);
    const { catalog, stats } = asm.finish();
    const publish = Object.fromEntries(catalog.map((c) => [c.item_id, c.publish_time]));
    expect(publish).toEqual({ 'ml1ms-m1': 1_000_000_000_000, 'ml1ms-m2': 1_000_000_100_000, 'ml1ms-m3': 1_000_000_000_000 });
    expect(stats).toMatchObject({ ratings: 3, ratingUsers: 2, ratedItems: 2, catalogItems: 3 });
  });

  it('reports bad rows with file and line and keeps going', () => {
    const asm = createMovieLensAssembler(ml1m);
    asm.add('movies', ['1', 'A (1990)', 'Drama'], 1);
    asm.add('movies', ['1', 'A again (1990)', 'Drama'], 2);
    asm.add('ratings', ['1', '1', '9', '1000000000'], 7);
    asm.add('ratings', ['1', '99', '4', '1000000000'], 8);
    asm.add('ratings', ['1', '1', '4', '1000000000'], 9);
    asm.add('users', ['1', 'F', '1', '10', '48067'], 1);
    asm.add('users', ['2', 'F'], 2);
    const data = asm.finish();
    expect(data.rejected).toEqual([
      { file: 'movies', line: 2, reason: 'duplicate movie id 1' },
      { file: 'ratings', line: 7, reason: expect.stringMatching(/rating must be/) as string },
      { file: 'users', line: 2, reason: 'expected 5 fields, got 2' },
      { file: 'ratings', line: 0, reason: 'unknown movie id 99' },
    ]);
    expect([...data.events()].length).toBe(2);
    expect(data.profiles.map((p) => validateUserProfile(p).ok)).toEqual([true]);
  });
});
