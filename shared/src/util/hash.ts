// Small, stable, dependency-free hashes for ids, buckets and fingerprints (not for security).

/** 32-bit FNV-1a over the UTF-16 code units of a string, unsigned; allocation-free (hot paths use it). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** 32-bit FNV-1a of a string, as 8 hex digits. */
export const fnv1aHex = (text: string): string => fnv1a32(text).toString(16).padStart(8, '0');

const OFFSET_64 = 0xcbf29ce484222325n;
const PRIME_64 = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/**
 * 64-bit FNV-1a over UTF-16 code units, as 16 hex digits: for schema
 * fingerprints, where 64 bits make accidental equality moot.
 */
export function fnv1a64Hex(text: string): string {
  let hash = OFFSET_64;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * PRIME_64) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}
