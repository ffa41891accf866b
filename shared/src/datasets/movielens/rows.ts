// Parsers from the raw fields of MovieLens files to typed rows. Each returns
// an error message instead of throwing, so the adapters can count and report
// bad rows and carry on.
import { err, ok, type Result } from '../../result.js';
import type { AgeBucket } from '../../events/user-profile.js';
import type { MovieLensDescriptor } from './descriptors.js';

export interface RatingRow {
  readonly userId: number;
  readonly movieId: number;
  readonly rating: number;
  readonly timestampSec: number;
}

export interface TagRow {
  readonly userId: number;
  readonly movieId: number;
  readonly tag: string;
  readonly timestampSec: number;
}

export interface MovieRow {
  readonly movieId: number;
  readonly title: string;
  readonly year: number | undefined;
  readonly genres: readonly string[];
}

export interface UserRow {
  readonly userId: number;
  readonly ageBucket: AgeBucket | undefined;
  readonly gender: 'F' | 'M' | undefined;
  readonly occupation: string | undefined;
  readonly zip: string | undefined;
}

export type RowResult<T> = Result<T, string>;

function positiveInt(text: string | undefined, what: string): RowResult<number> {
  if (text === undefined || !/^\d+$/.test(text.trim())) return err(`${what} must be a positive integer, got ${JSON.stringify(text)}`);
  const n = Number(text.trim());
  return n > 0 && Number.isSafeInteger(n) ? ok(n) : err(`${what} must be a positive integer, got ${JSON.stringify(text)}`);
}

function expectFields(fields: readonly string[], count: number): RowResult<void> {
  return fields.length === count ? ok(undefined) : err(`expected ${count} fields, got ${fields.length}`);
}

/** The leading `user id, movie id` pair of 4-field interaction rows (ratings, tags). */
function interactionIds(fields: readonly string[]): RowResult<{ userId: number; movieId: number }> {
  const shape = expectFields(fields, 4);
  if (!shape.ok) return shape;
  const userId = positiveInt(fields[0], 'user id');
  if (!userId.ok) return userId;
  const movieId = positiveInt(fields[1], 'movie id');
  if (!movieId.ok) return movieId;
  return ok({ userId: userId.value, movieId: movieId.value });
}

export function parseRating(ds: MovieLensDescriptor, fields: readonly string[]): RowResult<RatingRow> {
  const ids = interactionIds(fields);
  if (!ids.ok) return ids;
  const rating = Number(fields[2]);
  const { min, max, step } = ds.ratingScale;
  if (!Number.isFinite(rating) || rating < min || rating > max || Math.abs(rating / step - Math.round(rating / step)) > 1e-9) {
    return err(`rating must be ${min}–${max} in steps of ${step}, got ${JSON.stringify(fields[2])}`);
  }
  const timestampSec = positiveInt(fields[3], 'timestamp');
  if (!timestampSec.ok) return timestampSec;
  return ok({ ...ids.value, rating, timestampSec: timestampSec.value });
}

export function parseTag(fields: readonly string[]): RowResult<TagRow> {
  const ids = interactionIds(fields);
  if (!ids.ok) return ids;
  const tag = (fields[2] ?? '').trim();
  if (tag === '') return err('tag must not be empty');
  const timestampSec = positiveInt(fields[3], 'timestamp');
  if (!timestampSec.ok) return timestampSec;
  return ok({ ...ids.value, tag, timestampSec: timestampSec.value });
}

// The genre columns of ml-100k's u.item, in file order (u.genre).
const ML100K_GENRES = [
  'unknown', 'Action', 'Adventure', 'Animation', "Children's", 'Comedy', 'Crime', 'Documentary', 'Drama', 'Fantasy',
  'Film-Noir', 'Horror', 'Musical', 'Mystery', 'Romance', 'Sci-Fi', 'Thriller', 'War', 'Western',
] as const;

const NO_GENRE = new Set(['unknown', '(no genres listed)']);

/** "Toy Story (1995)" → 1995; "Babylon 5" → undefined; TV ranges "(2006–2007)" → 2006. */
export function yearFromTitle(title: string): number | undefined {
  const match = /\((\d{4})(?:[–-]\d{0,4})?\)\s*$/.exec(title);
  return match ? Number(match[1]) : undefined;
}

export function parseMovie(ds: MovieLensDescriptor, fields: readonly string[]): RowResult<MovieRow> {
  if (ds.id === 'ml-100k') {
    const shape = expectFields(fields, 5 + ML100K_GENRES.length);
    if (!shape.ok) return shape;
    const movieId = positiveInt(fields[0], 'movie id');
    if (!movieId.ok) return movieId;
    const title = (fields[1] ?? '').trim();
    if (title === '') return err('title must not be empty');
    const flags = fields.slice(5);
    if (flags.some((f) => f !== '0' && f !== '1')) return err('genre flags must be 0 or 1');
    const genres = ML100K_GENRES.filter((g, i) => flags[i] === '1' && !NO_GENRE.has(g));
    const dateYear = /-(\d{4})$/.exec(fields[2] ?? '')?.[1];
    return ok({ movieId: movieId.value, title, year: dateYear ? Number(dateYear) : yearFromTitle(title), genres });
  }
  const shape = expectFields(fields, 3);
  if (!shape.ok) return shape;
  const movieId = positiveInt(fields[0], 'movie id');
  if (!movieId.ok) return movieId;
  const title = (fields[1] ?? '').trim();
  if (title === '') return err('title must not be empty');
  const genres = (fields[2] ?? '').split('|').map((g) => g.trim()).filter((g) => g !== '' && !NO_GENRE.has(g));
  return ok({ movieId: movieId.value, title, year: yearFromTitle(title), genres });
}

// ml-1m age codes → the shared age buckets (the code is the bucket's lower bound).
const ML1M_AGE: Readonly<Record<string, AgeBucket>> = {
  '1': '<18', '18': '18-24', '25': '25-34', '35': '35-44', '45': '45-49', '50': '50-55', '56': '56+',
};

// ml-1m occupation codes, from its README.
const ML1M_OCCUPATIONS = [
  'other', 'academic/educator', 'artist', 'clerical/admin', 'college/grad student', 'customer service',
  'doctor/health care', 'executive/managerial', 'farmer', 'homemaker', 'K-12 student', 'lawyer', 'programmer',
  'retired', 'sales/marketing', 'scientist', 'self-employed', 'technician/engineer', 'tradesman/craftsman',
  'unemployed', 'writer',
];

export function ageBucketOf(age: number): AgeBucket {
  if (age < 18) return '<18';
  if (age < 25) return '18-24';
  if (age < 35) return '25-34';
  if (age < 45) return '35-44';
  if (age < 50) return '45-49';
  if (age < 56) return '50-55';
  return '56+';
}

function gender(text: string | undefined): RowResult<'F' | 'M'> {
  return text === 'F' || text === 'M' ? ok(text) : err(`gender must be F or M, got ${JSON.stringify(text)}`);
}

export function parseUser(ds: MovieLensDescriptor, fields: readonly string[]): RowResult<UserRow> {
  const shape = expectFields(fields, 5);
  if (!shape.ok) return shape;
  const userId = positiveInt(fields[0], 'user id');
  if (!userId.ok) return userId;
  const zip = fields[4]?.trim() || undefined;
  if (ds.id === 'ml-100k') {
    const age = positiveInt(fields[1], 'age');
    if (!age.ok) return age;
    const g = gender(fields[2]);
    if (!g.ok) return g;
    const occupation = fields[3]?.trim() || undefined;
    return ok({ userId: userId.value, ageBucket: ageBucketOf(age.value), gender: g.value, occupation, zip });
  }
  const g = gender(fields[1]);
  if (!g.ok) return g;
  const ageBucket = ML1M_AGE[fields[2] ?? ''];
  if (ageBucket === undefined) return err(`age code must be one of ${Object.keys(ML1M_AGE).join(', ')}, got ${JSON.stringify(fields[2])}`);
  const occupation = ML1M_OCCUPATIONS[Number(fields[3])];
  if (!/^\d+$/.test(fields[3] ?? '') || occupation === undefined) return err(`occupation code must be 0–20, got ${JSON.stringify(fields[3])}`);
  return ok({ userId: userId.value, ageBucket, gender: g.value, occupation, zip });
}
