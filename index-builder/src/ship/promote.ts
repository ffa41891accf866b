// Promotion, rollback and status of one region. Promotion and rollback write
// only the pointer (active.json), one atomic object write; the files of every
// version stay where they are, so a rollback is instant and needs no upload.
import { encodePointer, isVersionId, POINTER_KEY, type ActivePointer, type ArtifactStore } from '@freshet/shared/artifacts/index';
import { ArtifactError } from '../bundle/errors.js';
import { listVersions, readPointer, type StoredVersion } from './versions.js';

export interface PromoteOptions {
  readonly reason: string;
  /** Set when a failed check was overridden; `reason` must say why. */
  readonly forced?: boolean;
  /** Check results to record in the pointer (drift report, smoke answer...). */
  readonly checks?: Record<string, unknown>;
  readonly now?: () => Date;
}

/** Points the region at `version`; the current version becomes `previous`. The version must be complete. */
export async function promote(store: ArtifactStore, version: string, options: PromoteOptions): Promise<ActivePointer> {
  if (!isVersionId(version)) throw new ArtifactError('bad_input', `"${version}" is not a version id`);
  if (!options.reason.trim()) throw new ArtifactError('bad_input', 'a promotion needs a reason');
  await assertComplete(store, version);
  const current = await readPointer(store);
  if (current?.version === version) throw new ArtifactError('bad_input', `${store.name}: ${version} is already active`);
  const pointer: ActivePointer = {
    format: 1,
    version,
    previous: current?.version ?? null,
    promoted_at: (options.now ?? (() => new Date()))().toISOString(),
    reason: options.reason,
    forced: options.forced ?? false,
    ...(options.checks ? { checks: options.checks } : {}),
  };
  await store.put(POINTER_KEY, new TextEncoder().encode(encodePointer(pointer)));
  return pointer;
}

/**
 * Points the region back at `previous`. The version rolled back from is
 * recorded, and `previous` becomes null: rolling back twice would return to
 * the version just taken out of service, so that needs an explicit promote.
 */
export async function rollback(store: ArtifactStore, options: { reason: string; now?: () => Date }): Promise<ActivePointer> {
  if (!options.reason.trim()) throw new ArtifactError('bad_input', 'a rollback needs a reason');
  const current = await readPointer(store);
  if (!current) throw new ArtifactError('no_previous', `${store.name}: nothing is active, there is nothing to roll back`);
  if (!current.previous) throw new ArtifactError('no_previous', `${store.name}: ${current.version} has no previous version to roll back to${current.rolled_back_from ? ` (it is itself the result of a rollback from ${current.rolled_back_from})` : ''}`);
  await assertComplete(store, current.previous);
  const pointer: ActivePointer = {
    format: 1,
    version: current.previous,
    previous: null,
    promoted_at: (options.now ?? (() => new Date()))().toISOString(),
    reason: options.reason,
    forced: false,
    rolled_back_from: current.version,
  };
  await store.put(POINTER_KEY, new TextEncoder().encode(encodePointer(pointer)));
  return pointer;
}

export type VersionRole = 'active' | 'previous' | 'ready' | 'incomplete';

export interface RegionStatus {
  readonly region: string;
  readonly active: ActivePointer | null;
  /** Newest first. */
  readonly versions: readonly {
    readonly version: string;
    readonly role: VersionRole;
    readonly bytes: number;
    readonly files: number;
    readonly itemCount?: number;
    readonly createdAt?: string;
    readonly incompleteReason?: string;
  }[];
}

export async function status(store: ArtifactStore): Promise<RegionStatus> {
  const active = await readPointer(store);
  const versions = (await listVersions(store)).reverse().map((v) => ({
    version: v.version,
    role: roleOf(v, active),
    bytes: v.bytes,
    files: v.objects.length,
    ...(v.manifest ? { itemCount: v.manifest.item_count, createdAt: v.manifest.created_at } : {}),
    ...(v.incompleteReason ? { incompleteReason: v.incompleteReason } : {}),
  }));
  return { region: store.name, active, versions };
}

function roleOf(v: StoredVersion, active: ActivePointer | null): VersionRole {
  if (v.version === active?.version) return 'active';
  if (v.version === active?.previous) return 'previous';
  return v.complete ? 'ready' : 'incomplete';
}

async function assertComplete(store: ArtifactStore, version: string): Promise<void> {
  const found = (await listVersions(store)).find((v) => v.version === version);
  if (!found) throw new ArtifactError('unknown_version', `${store.name}: version ${version} is not in the store`);
  if (!found.complete) throw new ArtifactError('incomplete_version', `${store.name}: version ${version} is incomplete (${found.incompleteReason}); it cannot be made active`);
}
