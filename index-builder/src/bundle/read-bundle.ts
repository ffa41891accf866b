// Reading and verifying a bundle directory: `readBundle` trusts nothing but
// parses only the manifest (cheap); `verifyBundle` checks every claim the
// manifest makes — each file present, nothing extra, sizes, SHA-256, tensor
// shapes against `dim`, finite floats, format-specific hooks, and what the
// edge expects — and reports all problems at once.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  checkCompatible,
  decodeManifest,
  MANIFEST_FILE,
  type BundleFile,
  type CompatibilityExpectations,
  type Manifest,
} from '@freshet/shared/artifacts/index';
import { ArtifactError, type Problem, type ProblemCode } from './errors.js';
import { sha256File } from './node-digest.js';
import { scanNonFinite } from './tensor-scan.js';

export interface Bundle {
  readonly dir: string;
  readonly manifest: Manifest;
  /** Absolute path of a file of the bundle. */
  path(name: string): string;
  read(name: string): Promise<Uint8Array>;
}

/** What a file check sees: enough to read a format's own header. */
export interface FileUnderCheck {
  readonly name: string;
  readonly path: string;
  readonly entry: BundleFile;
  readonly manifest: Manifest;
}

/**
 * A format owner's check of one file (e.g. the index file's header says the
 * same dimension and item count as the manifest). Returns the problems found.
 */
export type FileCheck = (file: FileUnderCheck) => Promise<readonly { code?: ProblemCode; message: string }[]>;

export interface VerifyOptions {
  /** What the edge will expect; mismatches are `incompatible` problems. */
  readonly expectations?: CompatibilityExpectations;
  /** Extra checks per file name, run after size and checksum pass. */
  readonly fileChecks?: Readonly<Record<string, FileCheck>>;
}

export async function readBundle(dir: string): Promise<Bundle> {
  const text = await readFile(join(dir, MANIFEST_FILE), 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
    return stat(dir).then(
      () => {
        throw new ArtifactError('bundle_invalid', `bundle ${dir} is invalid`, [{ code: 'manifest_missing', message: `${MANIFEST_FILE} is missing (an unfinished or partial bundle)` }]);
      },
      () => {
        throw new ArtifactError('bundle_invalid', `bundle ${dir} is invalid`, [{ code: 'bundle_missing', message: `directory ${dir} does not exist` }]);
      },
    );
  });
  const manifest = decodeManifest(text);
  if (!manifest.ok) {
    throw new ArtifactError(
      'bundle_invalid',
      `bundle ${dir} is invalid`,
      manifest.error.map((e) => ({ code: 'manifest_invalid', file: MANIFEST_FILE, message: e.field ? `${e.field}: ${e.message}` : e.message })),
    );
  }
  return {
    dir,
    manifest: manifest.value,
    path: (name) => join(dir, name),
    read: async (name) => new Uint8Array(await readFile(join(dir, name))),
  };
}

/** Verifies everything the manifest claims; throws ArtifactError('bundle_invalid') listing every problem. */
export async function verifyBundle(dir: string, options: VerifyOptions = {}): Promise<Bundle> {
  const bundle = await readBundle(dir);
  const { manifest } = bundle;
  const problems: Problem[] = [];

  for (const p of checkCompatible(manifest, options.expectations ?? {})) {
    problems.push({ code: p.field === 'dim' ? 'dimension_mismatch' : 'incompatible', file: MANIFEST_FILE, message: `${p.field}: ${p.message}` });
  }

  const present = new Set(await readdir(dir));
  for (const name of present) {
    if (name !== MANIFEST_FILE && !(name in manifest.files)) problems.push({ code: 'extra_file', file: name, message: 'file is not listed in the manifest' });
  }

  for (const [name, entry] of Object.entries(manifest.files)) {
    const path = bundle.path(name);
    if (!present.has(name)) {
      problems.push({ code: 'missing_file', file: name, message: 'listed in the manifest but missing' });
      continue;
    }
    const info = await stat(path);
    if (!info.isFile()) {
      problems.push({ code: 'missing_file', file: name, message: 'is not a regular file' });
      continue;
    }
    if (info.size !== entry.bytes) {
      problems.push({ code: 'size_mismatch', file: name, message: `has ${info.size} bytes, the manifest says ${entry.bytes} (truncated or replaced)` });
      continue;
    }
    const sha = await sha256File(path);
    if (sha !== entry.sha256) {
      problems.push({ code: 'checksum_mismatch', file: name, message: `sha256 is ${sha}, the manifest says ${entry.sha256}` });
      continue;
    }
    if (entry.tensor) {
      const bad = await scanNonFinite(path, entry.tensor);
      if (bad) problems.push({ code: 'non_finite', file: name, message: `${bad.count} NaN or infinite ${entry.tensor.dtype} value(s), the first at element ${bad.firstIndex}` });
    }
    const check = options.fileChecks?.[name];
    if (check) {
      for (const found of await check({ name, path, entry, manifest })) problems.push({ code: found.code ?? 'file_check_failed', file: name, message: found.message });
    }
  }

  if (problems.length > 0) throw new ArtifactError('bundle_invalid', `bundle ${manifest.version} in ${dir} failed verification`, problems);
  return bundle;
}
