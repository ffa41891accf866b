// Garbage collection of a region's store (R10: the store does not grow without
// bound). Keeps the active and previous versions always, plus the newest
// `keep` complete versions; deletes every other version, and incomplete ones
// once they are older than a grace period (a younger one may be an upload in
// progress). A version's manifest is deleted first, so a GC interrupted
// half-way leaves an incomplete version — garbage, never a broken "complete" one.
import { manifestKey, type ArtifactStore } from '@freshet/shared/artifacts/index';
import { ArtifactError } from '../bundle/errors.js';
import { listVersions, readPointer } from './versions.js';

export const DEFAULT_KEEP = 3;
export const DEFAULT_GRACE_MS = 60 * 60 * 1000;

export interface GcOptions {
  /** Complete versions to keep besides active and previous (default 3). */
  readonly keep?: number;
  /** Incomplete versions younger than this are left alone (default 1 hour). */
  readonly graceMs?: number;
  readonly dryRun?: boolean;
  readonly now?: () => Date;
}

export interface GcResult {
  readonly kept: readonly string[];
  readonly deleted: readonly { readonly version: string; readonly reason: string; readonly objects: number; readonly bytes: number }[];
  readonly dryRun: boolean;
}

export async function gc(store: ArtifactStore, options: GcOptions = {}): Promise<GcResult> {
  const keep = options.keep ?? DEFAULT_KEEP;
  if (!Number.isInteger(keep) || keep < 0) throw new ArtifactError('bad_input', `gc keep must be a non-negative integer, got ${keep}`);
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const now = (options.now ?? (() => new Date()))().getTime();
  const pointer = await readPointer(store);
  const pinned = new Set([pointer?.version, pointer?.previous].filter((v): v is string => typeof v === 'string'));
  const versions = await listVersions(store);
  const complete = versions.filter((v) => v.complete);
  const newestComplete = new Set(complete.slice(Math.max(0, complete.length - keep)).map((v) => v.version));

  const kept: string[] = [];
  const deleted: { version: string; reason: string; objects: number; bytes: number }[] = [];
  for (const v of versions) {
    let reason: string | undefined;
    if (pinned.has(v.version)) reason = undefined;
    else if (v.complete) reason = newestComplete.has(v.version) ? undefined : `older than the newest ${keep} complete versions`;
    else if (now - v.lastUpload.getTime() >= graceMs) reason = `incomplete (${v.incompleteReason})`;
    if (reason === undefined) {
      kept.push(v.version);
      continue;
    }
    deleted.push({ version: v.version, reason, objects: v.objects.length, bytes: v.bytes });
    if (options.dryRun) continue;
    const manifest = manifestKey(v.version);
    await store.delete([manifest]);
    await store.delete(v.objects.map((o) => o.key).filter((key) => key !== manifest));
  }
  return { kept, deleted, dryRun: options.dryRun ?? false };
}
