// Smoke checks: after upload, a version is loaded the way the edge loads it
// and every file is re-hashed. For R2 regions this runs inside workerd (see
// smoke-worker.js and region-stores.ts); for any other store (tests), the same
// checks run in-process over the ArtifactStore.
import { decodeManifest, fileKey, manifestKey, sha256Hex, type ArtifactStore, type DigestFn } from '@freshet/shared/artifacts/index';

export interface SmokeReport {
  readonly ok: boolean;
  readonly version: string;
  readonly files?: number;
  readonly bytes?: number;
  readonly item_count?: number;
  readonly problems: readonly string[];
  /** The answer of the smoke query, when a query worker was plugged in. */
  readonly query?: { readonly status: number; readonly body: string };
}

export type SmokeRunner = (version: string) => Promise<SmokeReport>;

/**
 * Reads a stored version back through the store and compares every file with
 * its manifest entry (size, SHA-256) and the listing with the manifest (no
 * extra objects). The shipper's read-back check, and the smoke check of
 * stores that have no worker runtime.
 */
export async function verifyStoredVersion(store: ArtifactStore, version: string, digest: DigestFn): Promise<SmokeReport> {
  const body = await store.get(manifestKey(version));
  if (body === null) return { ok: false, version, problems: [`${manifestKey(version)} not found`] };
  const manifest = decodeManifest(new TextDecoder().decode(body));
  if (!manifest.ok) return { ok: false, version, problems: manifest.error.map((e) => `manifest.json: ${e.field ? `${e.field}: ` : ''}${e.message}`) };
  const problems: string[] = [];
  if (manifest.value.version !== version) problems.push(`manifest names version ${manifest.value.version}`);
  let files = 0;
  let bytes = 0;
  for (const [name, entry] of Object.entries(manifest.value.files)) {
    const data = await store.get(fileKey(version, name));
    if (data === null) {
      problems.push(`${name}: missing`);
      continue;
    }
    files++;
    bytes += data.byteLength;
    if (data.byteLength !== entry.bytes) problems.push(`${name}: ${data.byteLength} bytes, manifest says ${entry.bytes}`);
    else {
      const sha = await sha256Hex(digest, data);
      if (sha !== entry.sha256) problems.push(`${name}: sha256 ${sha}, manifest says ${entry.sha256}`);
    }
  }
  const expected = new Set([...Object.keys(manifest.value.files), 'manifest.json'].map((name) => fileKey(version, name)));
  for (const o of await store.list(fileKey(version, ''))) if (!expected.has(o.key)) problems.push(`${o.key}: not listed in the manifest`);
  return { ok: problems.length === 0, version, files, bytes, item_count: manifest.value.item_count, problems };
}

/** A smoke runner for stores without a worker runtime (the in-memory store in tests). */
export const inProcessSmoke =
  (store: ArtifactStore, digest: DigestFn): SmokeRunner =>
  (version) =>
    verifyStoredVersion(store, version, digest);
