// SHA-256 in Node: the WebCrypto digest for the shared checksum helpers (same
// function the worker uses), and a streaming hash for bundle files on disk so
// a large vector file is never held in memory just to checksum it.
import { createHash, webcrypto } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { DigestFn } from '@freshet/shared/artifacts/index';

export const nodeDigest: DigestFn = (algorithm, data) => webcrypto.subtle.digest(algorithm, data);

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
