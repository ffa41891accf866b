// Writes a MovieLens dataset into an offline store folder, as the feature job
// would have (through the build's own writer: catalog records published at
// each movie's first rating, events enriched with their item's catalog facts).
// Used by the ranker's tests and evaluation to reach the point-in-time
// builder through its real input.
import type { MovieLensId } from '@freshet/shared/movielens';
import { loadInput } from '../build/input.js';
import { writeOfflineStore } from '../build/offline-from-input.js';

export interface WrittenStore {
  readonly events: number;
  readonly catalogItems: number;
}

export async function writeMovieLensOfflineStore(id: MovieLensId, dir: string): Promise<WrittenStore> {
  const input = await loadInput({ kind: 'movielens', id });
  await writeOfflineStore(input, dir);
  return { events: input.events.length, catalogItems: input.catalog.length };
}
