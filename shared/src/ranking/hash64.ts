// 64-bit FNV-1a over UTF-16 code units, for schema fingerprints: 32 bits
// would do for telling two schemas apart, 64 makes accidental equality moot.
// Pure and runtime-neutral (no crypto module at the edge's build time).

const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

export function fnv1a64Hex(text: string): string {
  let hash = OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * PRIME) & MASK;
  }
  return hash.toString(16).padStart(16, '0');
}

/** 32-bit FNV-1a of a string as an unsigned integer; allocation-free (hot path: category buckets). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
