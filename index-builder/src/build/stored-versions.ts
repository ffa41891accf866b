// Reading shipped versions back out of a region's artifact store: an item's
// similar list in a version (what the drift check compares between the active
// version and a candidate) and the region's active index as the fresh-item job
// needs it (embedding space, catalog cut-off, content projection).
import { fileKey, type ArtifactStore } from '@freshet/shared/artifacts/index';
import { decodeProjection, embedContent, projectionSpace } from '@freshet/shared/embeddings/index';
import { decodeIndex } from '@freshet/shared/retrieval/index-codec';
import { decodeSimilarLists, neighboursOf } from '@freshet/shared/retrieval/similar-lists';
import type { NeighboursFn } from '../ship/drift-check.js';
import { readManifest, readPointer } from '../ship/versions.js';
import type { ActiveIndex } from '../fresh/region.js';

async function required(store: ArtifactStore, version: string, name: string): Promise<Uint8Array> {
  const bytes = await store.get(fileKey(version, name));
  if (bytes === null) throw new Error(`${store.name}: version ${version} has no ${name}`);
  return bytes;
}

/** Neighbours from each version's similar.bin (decoded once per version). */
export function storedNeighbours(store: ArtifactStore): NeighboursFn {
  const cache = new Map<string, Promise<{ rowOf: Map<string, number>; idOf: (row: number) => string; lists: ReturnType<typeof decodeSimilarLists> }>>();
  const load = (version: string) => {
    let entry = cache.get(version);
    if (!entry) {
      entry = (async () => {
        const index = decodeIndex(await required(store, version, 'index.bin'));
        const lists = decodeSimilarLists(await required(store, version, 'similar.bin'));
        const rowOf = new Map<string, number>();
        for (let r = 0; r < index.count; r++) rowOf.set(index.ids.get(r), r);
        return { rowOf, idOf: (row: number) => index.ids.get(row), lists };
      })();
      cache.set(version, entry);
    }
    return entry;
  };
  return async (version, itemId, k) => {
    const { rowOf, idOf, lists } = await load(version);
    const row = rowOf.get(itemId);
    if (row === undefined) return null;
    return [...neighboursOf(lists, row).rows].slice(0, k).map(idOf);
  };
}

/**
 * The region's active index for the fresh-item job (null before the first
 * promotion), for polling: the pointer is read every call, the version's
 * manifest and projection only when the pointer moves.
 */
export function activeIndexSource(store: ArtifactStore): () => Promise<ActiveIndex | null> {
  let cached: ActiveIndex | null = null;
  return async () => {
    const pointer = await readPointer(store);
    if (!pointer) return null;
    if (cached?.version !== pointer.version) cached = await loadActiveIndex(store, pointer.version);
    return cached;
  };
}

async function loadActiveIndex(store: ArtifactStore, version: string): Promise<ActiveIndex> {
  const manifest = await readManifest(store, version);
  if (!manifest) throw new Error(`${store.name}: the active version ${version} has no manifest`);
  const projection = decodeProjection(await required(store, version, 'content-projection.bin'), { version: manifest.embedding_version });
  if (projection.dim !== manifest.dim) throw new Error(`${store.name}: the content projection of ${version} has ${projection.dim} dimensions, the manifest ${manifest.dim}`);
  const asOf = (manifest as { catalog_as_of?: unknown }).catalog_as_of;
  const indexedUntil = typeof asOf === 'string' ? Date.parse(asOf) : Date.parse(manifest.created_at);
  return { version, space: projectionSpace(projection), indexedUntil, embed: (item) => embedContent(projection, item) };
}
