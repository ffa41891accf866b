// Writing a bundle directory atomically: files go into a temporary sibling
// directory, are checksummed from disk, the manifest is written last, the
// whole bundle is verified, and only then is the directory renamed to
// <out>/<version>. A crash leaves a `.tmp-*` directory, never a half bundle
// under a version name. Bundles are immutable: an existing version is refused
// and the files are made read-only.
import { chmod, copyFile, mkdir, mkdtemp, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BUNDLE_FILE_NAME_PATTERN,
  encodeManifest,
  isVersionId,
  MANIFEST_FILE,
  parseManifest,
  type BundleFile,
  type ManifestDraft,
  type TensorDtype,
} from '@freshet/shared/artifacts/index';
import { ArtifactError } from './errors.js';
import { sha256File } from './node-digest.js';
import { verifyBundle, type Bundle, type VerifyOptions } from './read-bundle.js';

/** A bundle file: its bytes or the path of a file to copy, plus optional description. */
export type BundleFileSource = (
  | { readonly bytes: Uint8Array | string }
  | { readonly path: string }
) & {
  readonly media_type?: string;
  readonly tensor?: { readonly dtype: TensorDtype; readonly shape: readonly number[]; readonly offset?: number; readonly embedding_axis?: number };
};

export interface BundleInput {
  /** Everything but `files`, which writeBundle fills in from what it wrote. */
  readonly manifest: ManifestDraft;
  readonly files: Readonly<Record<string, BundleFileSource>>;
}

/** Writes the bundle to `<outDir>/<version>` and returns it verified. */
export async function writeBundle(outDir: string, input: BundleInput, options: VerifyOptions = {}): Promise<Bundle> {
  const version = input.manifest.version;
  if (typeof version !== 'string' || !isVersionId(version)) throw new ArtifactError('bad_input', `manifest.version "${String(version)}" is not a version id (idx-YYYYMMDDTHHMMSSZ-<6 hex>)`);
  for (const name of Object.keys(input.files)) {
    if (name === MANIFEST_FILE || !BUNDLE_FILE_NAME_PATTERN.test(name)) throw new ArtifactError('bad_input', `bundle file name "${name}" is not allowed (flat names of letters, digits, . _ -; not ${MANIFEST_FILE})`);
  }
  const finalDir = join(outDir, version);
  if (await exists(finalDir)) throw new ArtifactError('bundle_exists', `bundle ${version} already exists in ${outDir}; bundles are immutable, build a new version`);

  await mkdir(outDir, { recursive: true });
  const tmp = await mkdtemp(join(outDir, `.tmp-${version}-`));
  try {
    const files: Record<string, BundleFile> = {};
    for (const [name, source] of Object.entries(input.files)) {
      const path = join(tmp, name);
      if ('path' in source) await copyFile(source.path, path);
      else await writeFile(path, source.bytes);
      await fsyncFile(path);
      files[name] = {
        bytes: (await stat(path)).size,
        sha256: await sha256File(path),
        ...(source.media_type === undefined ? {} : { media_type: source.media_type }),
        ...(source.tensor === undefined ? {} : { tensor: { ...source.tensor, shape: [...source.tensor.shape], offset: source.tensor.offset ?? 0 } }),
      };
    }
    const manifest = parseManifest({ format: 1, ...input.manifest, files });
    if (!manifest.ok) {
      throw new ArtifactError(
        'bundle_invalid',
        `manifest for ${version} is invalid`,
        manifest.error.map((e) => ({ code: 'manifest_invalid', file: MANIFEST_FILE, message: e.field ? `${e.field}: ${e.message}` : e.message })),
      );
    }
    // Manifest last: a directory without one is unfinished by definition.
    await writeFile(join(tmp, MANIFEST_FILE), encodeManifest(manifest.value));
    await fsyncFile(join(tmp, MANIFEST_FILE));
    await verifyBundle(tmp, options);
    for (const name of [...Object.keys(files), MANIFEST_FILE]) await chmod(join(tmp, name), 0o444);
    await fsyncDir(tmp);
    if (await exists(finalDir)) throw new ArtifactError('bundle_exists', `bundle ${version} appeared in ${outDir} while this one was written; bundles are immutable`);
    await rename(tmp, finalDir);
    await fsyncDir(outDir);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return verifyBundle(finalDir, options);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a rename or a new entry durable (the directory entry itself). */
async function fsyncDir(path: string): Promise<void> {
  await fsyncFile(path);
}
