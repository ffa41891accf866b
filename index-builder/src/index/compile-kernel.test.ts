import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileKernel, KERNEL_WASM, KERNEL_WAT } from './compile-kernel.js';

describe('edge retrieval kernel binary', () => {
  it('is up to date with kernel.wat (run: node --import tsx index-builder/src/index/compile-kernel.ts)', async () => {
    const fresh = await compileKernel(readFileSync(KERNEL_WAT, 'utf8'));
    expect(Buffer.from(readFileSync(KERNEL_WASM)).equals(Buffer.from(fresh))).toBe(true);
  });

  it('rejects invalid text with the parse error', async () => {
    await expect(compileKernel('(module (func (result i32) (i32.add)))')).rejects.toThrow();
  });
});
