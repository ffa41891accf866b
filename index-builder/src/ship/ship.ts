// Shipping one bundle to one region, blue/green:
//   verify locally → upload files → manifest LAST → read back and compare
//   checksums → smoke check → guards against the active version (catalog
//   shrink, drift) → promote (write the pointer).
// Until the pointer moves, the edge keeps serving the active version; any
// failure before that leaves it untouched. A version whose upload stopped
// half-way has no manifest and is garbage for GC; one that fails the
// read-back loses its manifest again for the same reason.
import { readFile } from 'node:fs/promises';
import {
  encodeManifest,
  fileKey,
  manifestKey,
  type ActivePointer,
  type ArtifactStore,
  type CompatibilityExpectations,
  type DriftReport,
} from '@freshet/shared/artifacts/index';
import { ArtifactError } from '../bundle/errors.js';
import { nodeDigest } from '../bundle/node-digest.js';
import { verifyBundle, type FileCheck } from '../bundle/read-bundle.js';
import { runDriftCheck, type DriftOptions } from './drift-check.js';
import { promote } from './promote.js';
import { verifyStoredVersion, type SmokeReport, type SmokeRunner } from './smoke.js';
import { readManifest, readPointer } from './versions.js';

/** A catalog this small is a broken upstream, whatever the manifest says. */
export const DEFAULT_MIN_ITEMS = 100;
/** The recall gate of issue 4: a build below it never ships. */
export const DEFAULT_MIN_GATES: Readonly<Record<string, number>> = { recall_at_100: 0.95 };
/** The new catalog may be at most this much smaller than the active one (0.5: half) unless forced. */
export const DEFAULT_MAX_SHRINK = 0.5;

export type ShipStep = 'verify' | 'upload' | 'read-back' | 'smoke' | 'guards' | 'promote';
export interface ShipEvent {
  readonly region: string;
  readonly step: ShipStep;
  readonly message: string;
  /** Upload progress in bytes. */
  readonly done?: number;
  readonly total?: number;
}

export interface ShipOptions {
  /** What the edge expects; defaults: minItems 100, minGates { recall_at_100: 0.95 }. */
  readonly expectations?: CompatibilityExpectations;
  readonly fileChecks?: Readonly<Record<string, FileCheck>>;
  /** The region's smoke check (RegionHandle.smoke); without one, the shipper refuses to promote. */
  readonly smoke?: SmokeRunner;
  /** Required when a version is active (R8), unless forced. */
  readonly drift?: DriftOptions;
  readonly maxShrink?: number;
  /** Upload and verify only (default true: promote when every check passes). */
  readonly promote?: boolean;
  /** Why this promotion happens (recorded in the pointer). */
  readonly reason?: string;
  /** Override failed drift / shrink checks (never checksum, compatibility or smoke failures); the reason is recorded. */
  readonly force?: { readonly reason: string };
  readonly now?: () => Date;
  readonly progress?: (event: ShipEvent) => void;
}

export interface ShipResult {
  readonly region: string;
  readonly version: string;
  /** False when an identical copy of the version was already in the store. */
  readonly uploaded: boolean;
  readonly bytes: number;
  readonly smoke: SmokeReport;
  readonly drift?: DriftReport;
  /** The new pointer, when promoted. */
  readonly pointer?: ActivePointer;
  /** Why the version was not promoted (promote: false, or it is already active). */
  readonly notPromoted?: string;
}

export async function shipToRegion(store: ArtifactStore, bundleDir: string, options: ShipOptions = {}): Promise<ShipResult> {
  const region = store.name;
  const tell = (step: ShipStep, message: string, extra: { done?: number; total?: number } = {}) => options.progress?.({ region, step, message, ...extra });
  if (options.force && !options.force.reason.trim()) throw new ArtifactError('bad_input', '--force needs a reason');
  const expectations: CompatibilityExpectations = { minItems: DEFAULT_MIN_ITEMS, minGates: DEFAULT_MIN_GATES, ...options.expectations };

  tell('verify', `verifying ${bundleDir}`);
  const bundle = await verifyBundle(bundleDir, { expectations, ...(options.fileChecks ? { fileChecks: options.fileChecks } : {}) });
  const { manifest } = bundle;
  const version = manifest.version;
  const active = await readPointer(store); // a corrupt pointer stops here, before anything is written

  const manifestBytes = new TextEncoder().encode(encodeManifest(manifest));
  const total = Object.values(manifest.files).reduce((sum, f) => sum + f.bytes, 0);
  const existing = await store.get(manifestKey(version));
  let uploaded = false;
  if (existing !== null) {
    if (!sameBytes(existing, manifestBytes)) throw new ArtifactError('version_conflict', `${region}: a different bundle named ${version} is already stored; versions are immutable, build a new one`);
    tell('upload', `${version} is already stored; verifying it`);
  } else {
    let done = 0;
    for (const name of Object.keys(manifest.files)) {
      const body = new Uint8Array(await readFile(bundle.path(name)));
      await store.put(fileKey(version, name), body);
      done += body.byteLength;
      tell('upload', `uploaded ${name}`, { done, total });
    }
    await store.put(manifestKey(version), manifestBytes); // last: now the version is complete
    uploaded = true;
  }

  tell('read-back', `reading ${version} back`);
  const readBack = await verifyStoredVersion(store, version, nodeDigest);
  if (!readBack.ok) {
    await store.delete([manifestKey(version)]); // make it garbage: a re-run uploads it again
    throw new ArtifactError('upload_verify_failed', `${region}: ${version} did not read back intact: ${readBack.problems.join('; ')}`);
  }

  if (!options.smoke) throw new ArtifactError('bad_input', `${region}: no smoke check configured; pass the region's smoke runner`);
  tell('smoke', `smoke check of ${version}`);
  const smoke = await options.smoke(version);
  if (!smoke.ok) throw new ArtifactError('smoke_failed', `${region}: smoke check of ${version} failed: ${smoke.problems.join('; ')}`);

  const base = { region, version, uploaded, bytes: total, smoke };
  if (options.promote === false) return { ...base, notPromoted: 'promotion not requested' };
  if (active?.version === version) return { ...base, notPromoted: `${version} is already active` };

  tell('guards', 'checking catalog size and drift against the active version');
  const overridden: string[] = [];
  const checks: Record<string, unknown> = { smoke: { files: smoke.files, bytes: smoke.bytes, ...(smoke.query ? { query_status: smoke.query.status } : {}) } };
  let drift: DriftReport | undefined;
  if (active) {
    const activeManifest = await readManifest(store, active.version);
    const maxShrink = options.maxShrink ?? DEFAULT_MAX_SHRINK;
    if (activeManifest && manifest.item_count < activeManifest.item_count * (1 - maxShrink)) {
      const message = `${region}: ${version} has ${manifest.item_count} items, active ${active.version} has ${activeManifest.item_count} (more than ${Math.round(maxShrink * 100)}% smaller)`;
      if (!options.force) throw new ArtifactError('catalog_shrank', `${message}; promote with --force and a reason if this is intended`);
      overridden.push('catalog_shrank');
      checks.shrink = { from: activeManifest.item_count, to: manifest.item_count };
    }
    if (options.drift) {
      tell('guards', `drift check against ${active.version}`);
      drift = await runDriftCheck(active.version, version, options.drift);
      checks.drift = { against: active.version, k: drift.k, threshold: drift.threshold, mean_overlap: drift.meanOverlap, min_overlap: drift.minOverlap, anchors: drift.counted, passed: drift.passed };
      if (!drift.passed) {
        if (!options.force) {
          throw new ArtifactError('drift_failed', `${region}: drift check failed: mean overlap@${drift.k} ${drift.meanOverlap.toFixed(3)} over ${drift.counted} anchors is below ${drift.threshold} (against ${active.version}); promote with --force and a reason to override`);
        }
        overridden.push('drift_failed');
      }
    } else {
      if (!options.force) throw new ArtifactError('drift_not_configured', `${region}: ${active.version} is active but no drift check was configured (anchors + neighbours); pass one, or --force with a reason`);
      overridden.push('drift_not_configured');
      checks.drift = { skipped: 'not configured' };
    }
  } else {
    checks.drift = { skipped: 'no active version' };
  }

  tell('promote', `promoting ${version}`);
  const forced = overridden.length > 0;
  if (forced) checks.overridden = overridden;
  const reason = forced ? `forced: ${options.force!.reason}` : (options.reason ?? `ship ${version}`);
  const pointer = await promote(store, version, { reason, forced, checks, ...(options.now ? { now: options.now } : {}) });
  return { ...base, ...(drift ? { drift } : {}), pointer };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
