// The artifact store on an R2 bucket: a Workers binding, or Miniflare's
// proxy to a locally persisted bucket (`mf.getR2Bucket`). R2 returns at most
// 1000 keys per list call and deletes at most 1000 keys per call; this adapter
// pages and batches so callers never see those limits.
import type { ArtifactStore, StoredObject } from '@freshet/shared/artifacts/index';

/** The part of the R2 bucket API this adapter uses (structural, so both the binding and Miniflare's proxy fit). */
export interface R2BucketLike {
  put(key: string, value: ArrayBuffer): Promise<unknown>;
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | null>;
  list(options: { prefix?: string; cursor?: string; limit?: number }): Promise<{
    objects: { key: string; size: number; uploaded: Date }[];
    truncated: boolean;
    cursor?: string;
  }>;
  delete(keys: string | string[]): Promise<void>;
}

const PAGE = 1000;

export function createR2ArtifactStore(bucket: R2BucketLike, name: string): ArtifactStore {
  return {
    name,
    async put(key, body) {
      // Copy into an exact-size ArrayBuffer: a view may sit inside a larger (pooled) buffer.
      await bucket.put(key, body.slice().buffer);
    },
    async get(key) {
      const object = await bucket.get(key);
      return object === null ? null : new Uint8Array(await object.arrayBuffer());
    },
    async list(prefix) {
      const found: StoredObject[] = [];
      let cursor: string | undefined;
      do {
        const page = await bucket.list({ prefix, limit: PAGE, ...(cursor === undefined ? {} : { cursor }) });
        for (const o of page.objects) found.push({ key: o.key, size: o.size, uploaded: new Date(o.uploaded) });
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor !== undefined);
      return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async delete(keys) {
      for (let i = 0; i < keys.length; i += PAGE) await bucket.delete(keys.slice(i, i + PAGE));
    },
  };
}
