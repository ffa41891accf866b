// Can this edge serve this bundle? The edge (and the shipper, on its behalf)
// states what it expects — the feature schema its request path assembles, the
// vector dimension its kernels take, a minimum catalog size and gate floors —
// and gets back every mismatch, named by manifest field.
import type { Manifest } from './manifest.js';

export interface CompatibilityExpectations {
  /** Hash of the feature schema the serving code assembles (the ranker's input layout). */
  readonly featureSchemaHash?: string;
  readonly dim?: number;
  readonly embeddingVersion?: string;
  /** A smaller catalog means a broken upstream, not a small business: refuse it. */
  readonly minItems?: number;
  /** Lowest acceptable gate results, e.g. { recall_at_100: 0.95 }. */
  readonly minGates?: Readonly<Record<string, number>>;
}

export interface Incompatibility {
  /** The manifest field that does not match ("feature_schema_hash", "gates.recall_at_100"). */
  readonly field: string;
  readonly message: string;
}

/** Every way `manifest` falls short of `expected`; empty when the edge can serve it. */
export function checkCompatible(manifest: Manifest, expected: CompatibilityExpectations): Incompatibility[] {
  const problems: Incompatibility[] = [];
  if (expected.featureSchemaHash !== undefined && manifest.feature_schema_hash !== expected.featureSchemaHash) {
    problems.push({
      field: 'feature_schema_hash',
      message: `bundle was built for feature schema ${manifest.feature_schema_hash}, the edge assembles ${expected.featureSchemaHash}`,
    });
  }
  if (expected.dim !== undefined && manifest.dim !== expected.dim) {
    problems.push({ field: 'dim', message: `bundle vectors have ${manifest.dim} dimensions, the edge expects ${expected.dim}` });
  }
  if (expected.embeddingVersion !== undefined && manifest.embedding_version !== expected.embeddingVersion) {
    problems.push({ field: 'embedding_version', message: `bundle is in embedding space ${manifest.embedding_version}, expected ${expected.embeddingVersion}` });
  }
  if (expected.minItems !== undefined && manifest.item_count < expected.minItems) {
    problems.push({ field: 'item_count', message: `bundle has ${manifest.item_count} items, fewer than the minimum of ${expected.minItems}` });
  }
  for (const [gate, floor] of Object.entries(expected.minGates ?? {})) {
    const value = manifest.gates[gate];
    if (typeof value !== 'number') problems.push({ field: `gates.${gate}`, message: `bundle records no ${gate} gate result (need ≥ ${floor})` });
    else if (value < floor) problems.push({ field: `gates.${gate}`, message: `${gate} is ${value}, below the gate of ${floor}` });
  }
  return problems;
}

export function formatIncompatibilities(problems: readonly Incompatibility[]): string {
  return problems.map((p) => `${p.field}: ${p.message}`).join('; ');
}
