// Checking presented API keys and the admin token without leaking, through
// response timing, how much of a secret an attacker has guessed: both sides
// are hashed with SHA-256 and the equal-length digests are compared with a
// loop that never exits early, against every configured key.
import type { HttpConfig } from './config.js';

export interface Credentials {
  /** The client app whose key was presented, or undefined. Every configured key is compared, whatever matches. */
  clientAppFor(presentedKey: string): Promise<string | undefined>;
  isAdminToken(presentedToken: string): Promise<boolean>;
}

const encoder = new TextEncoder();

export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/**
 * Byte equality whose running time depends only on the length. Callers pass
 * digests, so lengths are equal and public; unequal lengths answer false.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function createCredentials(config: HttpConfig): Credentials {
  const apps = [...config.apiKeys.keys()];
  // Digests are computed once per isolate, on first use (WebCrypto is async, config parsing is not).
  let keyDigests: Promise<Uint8Array[]> | undefined;
  let adminDigest: Promise<Uint8Array> | undefined;

  return {
    async clientAppFor(presentedKey) {
      keyDigests ??= Promise.all([...config.apiKeys.values()].map(sha256));
      const [stored, presented] = await Promise.all([keyDigests, sha256(presentedKey)]);
      // Select the matching index arithmetically so the loop's work is the same whichever key matches.
      let found = -1;
      for (let i = 0; i < stored.length; i++) {
        const mask = -Number(constantTimeEqual(stored[i]!, presented)) | 0;
        found = (found & ~mask) | (i & mask);
      }
      return found >= 0 ? apps[found] : undefined;
    },
    async isAdminToken(presentedToken) {
      adminDigest ??= sha256(config.adminToken);
      const [stored, presented] = await Promise.all([adminDigest, sha256(presentedToken)]);
      return constantTimeEqual(stored, presented);
    },
  };
}
