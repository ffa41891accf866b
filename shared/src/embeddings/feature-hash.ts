// A stable 32-bit string hash for the hashing trick. The index builder and the
// edge must map a token to the same feature forever (a changed hash silently
// moves every content embedding), so this is written out here and pinned by
// test vectors, not borrowed from a runtime.

/**
 * MurmurHash3 (x86, 32-bit) of the UTF-16 code units of `text`, two units per
 * 32-bit block. Unsigned result.
 */
export function hash32(text: string, seed = 0): number {
  let h = seed >>> 0;
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  const blocks = text.length >> 1;
  for (let b = 0; b < blocks; b++) {
    let k = text.charCodeAt(2 * b) | (text.charCodeAt(2 * b + 1) << 16);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  if (text.length & 1) {
    let k = text.charCodeAt(text.length - 1);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= text.length * 2;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
