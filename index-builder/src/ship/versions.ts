// What a region's store holds: its versions (complete or not) and its active
// pointer. A version is complete when its manifest parses, names the version
// and every listed file is present with the listed size — cheap to decide
// from a listing, so status and GC never download the vectors.
import {
  decodeManifest,
  decodePointer,
  manifestKey,
  parseFileKey,
  POINTER_KEY,
  VERSIONS_PREFIX,
  type ActivePointer,
  type ArtifactStore,
  type Manifest,
  type StoredObject,
} from '@freshet/shared/artifacts/index';
import { ArtifactError } from '../bundle/errors.js';

export interface StoredVersion {
  readonly version: string;
  readonly complete: boolean;
  /** Why the version is not complete (no manifest, manifest invalid, file missing or of the wrong size). */
  readonly incompleteReason?: string;
  readonly objects: readonly StoredObject[];
  readonly bytes: number;
  /** The newest upload time among its objects (GC spares recent incomplete versions: an upload may be running). */
  readonly lastUpload: Date;
  readonly manifest?: Manifest;
}

/** The active pointer, or null before the first promotion; throws pointer_invalid when active.json is corrupt. */
export async function readPointer(store: ArtifactStore): Promise<ActivePointer | null> {
  const body = await store.get(POINTER_KEY);
  if (body === null) return null;
  const pointer = decodePointer(new TextDecoder().decode(body));
  if (!pointer.ok) {
    throw new ArtifactError('pointer_invalid', `${store.name}: ${POINTER_KEY} is invalid (${pointer.error.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)).join('; ')}); fix or rewrite it with promote --force`);
  }
  return pointer.value;
}

export async function readManifest(store: ArtifactStore, version: string): Promise<Manifest | undefined> {
  const body = await store.get(manifestKey(version));
  if (body === null) return undefined;
  const manifest = decodeManifest(new TextDecoder().decode(body));
  return manifest.ok && manifest.value.version === version ? manifest.value : undefined;
}

/** Every version under indexes/, oldest first. Keys that are not `indexes/<version id>/<file>` are ignored. */
export async function listVersions(store: ArtifactStore): Promise<StoredVersion[]> {
  const byVersion = new Map<string, StoredObject[]>();
  for (const o of await store.list(VERSIONS_PREFIX)) {
    const parsed = parseFileKey(o.key);
    if (!parsed) continue;
    const list = byVersion.get(parsed.version) ?? [];
    list.push(o);
    byVersion.set(parsed.version, list);
  }
  const versions: StoredVersion[] = [];
  for (const [version, objects] of [...byVersion].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const bytes = objects.reduce((sum, o) => sum + o.size, 0);
    const lastUpload = new Date(Math.max(...objects.map((o) => o.uploaded.getTime())));
    const base = { version, objects, bytes, lastUpload };
    if (!objects.some((o) => o.key === manifestKey(version))) {
      versions.push({ ...base, complete: false, incompleteReason: 'no manifest (partial upload or half-deleted)' });
      continue;
    }
    const manifest = await readManifest(store, version);
    if (!manifest) {
      versions.push({ ...base, complete: false, incompleteReason: 'manifest is invalid or names another version' });
      continue;
    }
    const sizes = new Map(objects.map((o) => [parseFileKey(o.key)!.name, o.size]));
    const bad = Object.entries(manifest.files).find(([name, entry]) => sizes.get(name) !== entry.bytes);
    versions.push(bad ? { ...base, manifest, complete: false, incompleteReason: `${bad[0]} is ${sizes.has(bad[0]) ? 'of the wrong size' : 'missing'}` } : { ...base, manifest, complete: true });
  }
  return versions;
}
