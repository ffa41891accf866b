// Loads one index version's bundle from the region's artifact store into
// isolate memory, trusting nothing: the manifest is validated, its feature
// schema must be the one this worker assembles, every file's size and sha256
// must match the manifest, and every file must decode. Any failure is a
// BundleLoadError naming the file and the problem, and nothing of the version
// is served (the caller keeps what it had: an older bundle or the fallback).
//
// The index streams straight into the WASM kernel's memory while a digest
// stream hashes the same bytes, so a large index is never held twice.
import { decodeManifest, type Manifest } from '@freshet/shared/artifacts/manifest';
import { checkCompatible, formatIncompatibilities } from '@freshet/shared/artifacts/compatibility';
import { fileKey, manifestKey } from '@freshet/shared/artifacts/keys';
import { toHex } from '@freshet/shared/artifacts/digest';
import { decodeItemTable, type ItemTable } from '@freshet/shared/catalog-table/item-table';
import { decodeProjection } from '@freshet/shared/embeddings/projection-codec';
import type { ContentProjection } from '@freshet/shared/embeddings/content-projection';
import { decodeCoVisitationLists, type CoVisitationLists } from '@freshet/shared/retrieval/co-visitation-lists';
import { decodeSimilarLists, type SimilarLists } from '@freshet/shared/retrieval/similar-lists';
import { FEATURE_SCHEMA_HASH } from '@freshet/shared/ranking/feature-schema';
import { loadIndexFromStream, type KernelIndex } from '../retrieval/load.js';

export class BundleLoadError extends Error {
  override name = 'BundleLoadError';
  constructor(
    readonly version: string,
    readonly file: string,
    problem: string,
  ) {
    super(`${version}/${file}: ${problem}`);
  }
}

/** One version's bundle as the request path uses it. Immutable; a request holds one for its whole life (R8). */
export interface ServingBundle {
  readonly version: string;
  readonly manifest: Manifest;
  readonly index: KernelIndex;
  readonly items: ItemTable;
  readonly similar: SimilarLists | null;
  /** Co-visitation lists (co-visitation.bin), for the ranker's cf_co_visitation slot; null in bundles without them. */
  readonly coVisitation: CoVisitationLists | null;
  readonly projection: ContentProjection;
  /** The bundle's popular list, best first (index or model trouble → this, R15). */
  readonly popular: readonly string[];
  /** ranker.onnx, read on demand (the ranking stage caches its session per version). */
  rankerBytes(): Promise<Uint8Array>;
  readonly loadedAt: number;
  readonly loadMs: number;
}

const REQUIRED = ['index.bin', 'items.bin', 'content-projection.bin', 'fallback.json', 'ranker.onnx'] as const;

async function sha256(bytes: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

export async function loadBundle(bucket: R2Bucket, version: string, now: () => number = Date.now): Promise<ServingBundle> {
  const started = now();
  const manifestObject = await bucket.get(manifestKey(version));
  if (!manifestObject) throw new BundleLoadError(version, 'manifest.json', 'not found: the version was never shipped to this region, or was garbage-collected');
  const decoded = decodeManifest(await manifestObject.text());
  if (!decoded.ok) throw new BundleLoadError(version, 'manifest.json', `invalid: ${decoded.error.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  const manifest = decoded.value;
  if (manifest.version !== version) throw new BundleLoadError(version, 'manifest.json', `names version ${manifest.version}`);
  const problems = checkCompatible(manifest, { featureSchemaHash: FEATURE_SCHEMA_HASH });
  if (problems.length > 0) throw new BundleLoadError(version, 'manifest.json', `not servable by this worker: ${formatIncompatibilities(problems)}`);
  for (const name of REQUIRED) if (!manifest.files[name]) throw new BundleLoadError(version, name, 'missing from the manifest');

  const object = async (name: string): Promise<R2ObjectBody> => {
    const entry = manifest.files[name]!;
    const found = await bucket.get(fileKey(version, name));
    if (!found) throw new BundleLoadError(version, name, 'listed in the manifest but not in the artifact store');
    if (found.size !== entry.bytes) throw new BundleLoadError(version, name, `is ${found.size} bytes, the manifest says ${entry.bytes}`);
    return found;
  };
  const verified = async (name: string): Promise<Uint8Array> => {
    const bytes = new Uint8Array(await (await object(name)).arrayBuffer());
    const sum = await sha256(bytes);
    if (sum !== manifest.files[name]!.sha256) throw new BundleLoadError(version, name, `sha256 is ${sum}, the manifest says ${manifest.files[name]!.sha256}`);
    return bytes;
  };
  const decode = <T>(name: string, run: () => T): T => {
    try {
      return run();
    } catch (error) {
      throw new BundleLoadError(version, name, `does not decode: ${(error as Error).message}`);
    }
  };

  const index = await loadVerifiedIndex(version, manifest, await object('index.bin'));
  const [itemBytes, projectionBytes, fallbackBytes, similarBytes, coVisitationBytes] = await Promise.all([
    verified('items.bin'),
    verified('content-projection.bin'),
    verified('fallback.json'),
    manifest.files['similar.bin'] ? verified('similar.bin') : Promise.resolve(null),
    manifest.files['co-visitation.bin'] ? verified('co-visitation.bin') : Promise.resolve(null),
  ]);
  const items = decode('items.bin', () => decodeItemTable(itemBytes));
  if (items.count !== index.count) throw new BundleLoadError(version, 'items.bin', `holds ${items.count} items, index.bin ${index.count}`);
  for (const row of [0, index.count - 1]) {
    if (items.idAt(row) !== index.itemId(row)) throw new BundleLoadError(version, 'items.bin', `row ${row} is ${items.idAt(row)}, index.bin's is ${index.itemId(row)}: not in index-row order`);
  }
  const projection = decode('content-projection.bin', () => decodeProjection(projectionBytes, { version: manifest.embedding_version }));
  const similar = similarBytes === null ? null : decode('similar.bin', () => decodeSimilarLists(similarBytes));
  if (similar !== null && similar.count !== index.count) throw new BundleLoadError(version, 'similar.bin', `holds lists for ${similar.count} items, index.bin ${index.count}`);
  const coVisitation = coVisitationBytes === null ? null : decode('co-visitation.bin', () => decodeCoVisitationLists(coVisitationBytes));
  if (coVisitation !== null && coVisitation.count !== index.count) throw new BundleLoadError(version, 'co-visitation.bin', `holds lists for ${coVisitation.count} items, index.bin ${index.count}`);
  const popular = decode('fallback.json', () => popularList(fallbackBytes));

  let ranker: Promise<Uint8Array> | undefined;
  return {
    version,
    manifest,
    index,
    items,
    similar,
    coVisitation,
    projection,
    popular,
    rankerBytes: () => (ranker ??= verified('ranker.onnx').catch((error: unknown) => {
      ranker = undefined; // a failed read is retried by the next caller
      throw error;
    })),
    loadedAt: now(),
    loadMs: now() - started,
  };
}

async function loadVerifiedIndex(version: string, manifest: Manifest, object: R2ObjectBody): Promise<KernelIndex> {
  const [toKernel, toDigest] = object.body.tee();
  const digest = new crypto.DigestStream('SHA-256');
  const hashed = toDigest.pipeTo(digest);
  let index: KernelIndex;
  try {
    index = await loadIndexFromStream(toKernel, object.size);
  } catch (error) {
    hashed.catch(() => undefined);
    throw new BundleLoadError(version, 'index.bin', `does not load: ${(error as Error).message}`);
  }
  await hashed;
  const sum = toHex(new Uint8Array(await digest.digest));
  if (sum !== manifest.files['index.bin']!.sha256) throw new BundleLoadError(version, 'index.bin', `sha256 is ${sum}, the manifest says ${manifest.files['index.bin']!.sha256}`);
  if (index.space.version !== manifest.embedding_version || index.space.dim !== manifest.dim || index.count !== manifest.item_count) {
    throw new BundleLoadError(version, 'index.bin', `is ${index.space.version}/${index.space.dim}d/${index.count} items, the manifest says ${manifest.embedding_version}/${manifest.dim}d/${manifest.item_count}`);
  }
  return index;
}

function popularList(bytes: Uint8Array): string[] {
  const value = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  const items = (value as { items?: unknown }).items;
  if (!Array.isArray(items)) throw new Error('fallback.json has no items array');
  return items.map((entry, i) => {
    const id = (entry as { item_id?: unknown }).item_id;
    if (typeof id !== 'string' || id === '') throw new Error(`fallback.json items[${i}] has no item_id`);
    return id;
  });
}
