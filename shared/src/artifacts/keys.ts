// The object layout of a region's artifact store (one bucket per region):
//   indexes/<version>/<file>          the bundle's files, immutable
//   indexes/<version>/manifest.json   written last: its presence makes a version complete
//   active.json                       the pointer: the only object the edge reads to find its version
import { MANIFEST_FILE } from './manifest.js';
import { isVersionId } from './version-id.js';

export const POINTER_KEY = 'active.json';
export const VERSIONS_PREFIX = 'indexes/';

export const versionPrefix = (version: string): string => `${VERSIONS_PREFIX}${version}/`;
export const fileKey = (version: string, name: string): string => `${versionPrefix(version)}${name}`;
export const manifestKey = (version: string): string => fileKey(version, MANIFEST_FILE);

/** Splits `indexes/<version>/<name>`; undefined for any other key (including ids that are not version ids). */
export function parseFileKey(key: string): { version: string; name: string } | undefined {
  if (!key.startsWith(VERSIONS_PREFIX)) return undefined;
  const rest = key.slice(VERSIONS_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return undefined;
  const version = rest.slice(0, slash);
  const name = rest.slice(slash + 1);
  if (!isVersionId(version) || name === '' || name.includes('/')) return undefined;
  return { version, name };
}
