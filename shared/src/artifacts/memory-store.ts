// An in-memory artifact store for unit tests. Bodies are copied on the way in
// and out so a test cannot mutate stored bytes behind the store's back.
import type { ArtifactStore, StoredObject } from './store.js';

export interface MemoryArtifactStore extends ArtifactStore {
  /** Test hook: corrupts or replaces an object without going through `put`. */
  readonly objects: Map<string, { body: Uint8Array; uploaded: Date }>;
}

export function createMemoryArtifactStore(name = 'memory', now: () => Date = () => new Date(0)): MemoryArtifactStore {
  const objects = new Map<string, { body: Uint8Array; uploaded: Date }>();
  return {
    name,
    objects,
    async put(key, body) {
      objects.set(key, { body: body.slice(), uploaded: now() });
    },
    async get(key) {
      return objects.get(key)?.body.slice() ?? null;
    },
    async list(prefix) {
      const found: StoredObject[] = [];
      for (const [key, { body, uploaded }] of objects) if (key.startsWith(prefix)) found.push({ key, size: body.byteLength, uploaded });
      return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async delete(keys) {
      for (const key of keys) objects.delete(key);
    },
  };
}
