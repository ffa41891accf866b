// SHA-256 over bytes, runtime-neutral: the caller passes its digest function
// (`crypto.subtle.digest` exists in Node and in workerd), because shared/ may
// not reach for runtime globals itself.

/** The shape of `crypto.subtle.digest`, narrowed to what checksums need. */
export type DigestFn = (algorithm: 'SHA-256', data: Uint8Array) => Promise<ArrayBuffer>;

export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;

/** Lower-case hex SHA-256 of `data`. */
export async function sha256Hex(digest: DigestFn, data: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await digest('SHA-256', data)));
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}
