// Where the licensed public datasets live. They may not be redistributed, so
// the repository never contains them: they are read from ../shared/datasets
// beside the checkout, or from $FRESHET_DATASETS_DIR.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export function datasetsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.FRESHET_DATASETS_DIR ? resolve(env.FRESHET_DATASETS_DIR) : resolve(REPO_ROOT, '../shared/datasets');
}

export class DatasetMissingError extends Error {
  override readonly name = 'DatasetMissingError';
}

/** Throws a DatasetMissingError that says what is missing, why, and how to provide it. */
export function requireDatasetFile(title: string, path: string): void {
  if (existsSync(path)) return;
  throw new DatasetMissingError(
    `${title} is not available: ${path} does not exist. ` +
      'The MovieLens datasets may not be redistributed, so this repository does not contain them. ' +
      'Place them in ../shared/datasets beside the checkout (see its README.md and each SOURCE.md), ' +
      'or set FRESHET_DATASETS_DIR to a folder that holds movielens-100k/, movielens-1m/ and movielens-latest-small/.',
  );
}
