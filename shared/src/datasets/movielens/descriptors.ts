// The MovieLens datasets this project reads from ../shared/datasets, described
// as data: file layout, rating scale, id prefixes, and the counts each
// dataset's SOURCE.md states (the adapters' tests check them).

export type MovieLensId = 'ml-100k' | 'ml-1m-sample' | 'ml-latest-small';

export type FieldFormat = 'tab' | 'pipe' | 'double-colon' | 'csv';

export interface FileSpec {
  readonly name: string;
  readonly format: FieldFormat;
  readonly encoding: 'utf-8' | 'latin1';
  readonly header: boolean;
  readonly gzip: boolean;
}

export interface MovieLensDescriptor {
  readonly id: MovieLensId;
  /** How results must name the dataset (the 1M file is a partial sample, never "MovieLens-1M"). */
  readonly title: string;
  /** Folder name under the datasets directory. */
  readonly folder: string;
  /** Prefix of every user, item and event id this dataset produces, so datasets never collide. */
  readonly idPrefix: string;
  readonly ratingScale: { readonly min: number; readonly max: number; readonly step: number };
  readonly files: {
    readonly ratings: FileSpec;
    readonly movies: FileSpec;
    readonly users?: FileSpec;
    readonly tags?: FileSpec;
  };
  /** Figures from the dataset's SOURCE.md. */
  readonly expected: {
    readonly ratings: number;
    readonly ratingUsers: number;
    readonly ratedItems: number;
    readonly catalogItems: number;
    readonly userProfiles?: number;
    readonly tags?: number;
  };
}

const file = (name: string, format: FieldFormat, extra: Partial<FileSpec> = {}): FileSpec => ({
  name,
  format,
  encoding: 'utf-8',
  header: false,
  gzip: name.endsWith('.gz'),
  ...extra,
});

export const MOVIELENS: Readonly<Record<MovieLensId, MovieLensDescriptor>> = {
  'ml-100k': {
    id: 'ml-100k',
    title: 'MovieLens 100K',
    folder: 'movielens-100k',
    idPrefix: 'ml100k',
    ratingScale: { min: 1, max: 5, step: 1 },
    files: {
      ratings: file('u.data.gz', 'tab'),
      movies: file('u.item', 'pipe', { encoding: 'latin1' }),
      users: file('u.user', 'pipe'),
    },
    expected: { ratings: 100_000, ratingUsers: 943, ratedItems: 1_682, catalogItems: 1_682, userProfiles: 943 },
  },
  'ml-1m-sample': {
    id: 'ml-1m-sample',
    title: 'MovieLens 1M sample (users 1-2,999, 487,650 of 1,000,209 ratings)',
    folder: 'movielens-1m',
    idPrefix: 'ml1ms',
    ratingScale: { min: 1, max: 5, step: 1 },
    files: {
      ratings: file('ratings.PARTIAL-users-0001-2999.dat.gz', 'double-colon'),
      movies: file('movies.dat', 'double-colon', { encoding: 'latin1' }),
      users: file('users.dat', 'double-colon'),
    },
    expected: { ratings: 487_650, ratingUsers: 2_999, ratedItems: 3_615, catalogItems: 3_883, userProfiles: 6_040 },
  },
  'ml-latest-small': {
    id: 'ml-latest-small',
    title: 'MovieLens latest-small (2018-09)',
    folder: 'movielens-latest-small',
    idPrefix: 'mlls',
    ratingScale: { min: 0.5, max: 5, step: 0.5 },
    files: {
      ratings: file('ratings.csv.gz', 'csv', { header: true }),
      movies: file('movies.csv', 'csv', { header: true }),
      tags: file('tags.csv', 'csv', { header: true }),
    },
    expected: { ratings: 100_836, ratingUsers: 610, ratedItems: 9_724, catalogItems: 9_742, tags: 3_683 },
  },
};

export const MOVIELENS_IDS = Object.keys(MOVIELENS) as MovieLensId[];

export function isMovieLensId(value: string): value is MovieLensId {
  return value in MOVIELENS;
}

/** Splits one line of a non-CSV MovieLens file into fields (CSV needs a real parser). */
export function splitFields(line: string, format: Exclude<FieldFormat, 'csv'>): string[] {
  const separator = format === 'tab' ? '\t' : format === 'pipe' ? '|' : '::';
  return line.split(separator);
}
