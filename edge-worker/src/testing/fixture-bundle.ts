// Puts the fixture bundle (a real build, see index-builder/src/fixtures/
// serving-bundle.ts) into a test's R2 bucket, optionally damaged, and points
// active.json at it — the region's artifact store as the shipper leaves it.
import { inject } from 'vitest';
import { fileKey, POINTER_KEY } from '@freshet/shared/artifacts/keys';
import { encodePointer } from '@freshet/shared/artifacts/pointer';

export const fixture = () => inject('servingFixture');

const bytesOf = (base64: string): Uint8Array => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

export interface ShipOptions {
  /** Store under another version id (the manifest is rewritten to match). */
  readonly version?: string;
  /** Change a file's bytes after the manifest was written (e.g. flip a byte). */
  readonly damage?: Readonly<Record<string, (bytes: Uint8Array) => Uint8Array>>;
  /** Leave these files out. */
  readonly omit?: readonly string[];
  /** Promote it (write active.json); default true. */
  readonly promote?: boolean;
}

export async function shipFixture(bucket: R2Bucket, options: ShipOptions = {}): Promise<string> {
  const f = fixture();
  const version = options.version ?? f.version;
  for (const [name, base64] of Object.entries(f.files)) {
    if (options.omit?.includes(name)) continue;
    let bytes = bytesOf(base64);
    if (name === 'manifest.json' && version !== f.version) {
      const manifest = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
      bytes = new TextEncoder().encode(JSON.stringify({ ...manifest, version }));
    }
    const damage = options.damage?.[name];
    if (damage) bytes = damage(bytes);
    await bucket.put(fileKey(version, name), bytes);
  }
  if (options.promote ?? true) {
    await bucket.put(POINTER_KEY, encodePointer({ format: 1, version, promoted_at: new Date().toISOString(), previous: null, reason: 'test fixture', forced: false }));
  }
  return version;
}
