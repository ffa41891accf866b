// Compiles the edge's retrieval kernel (edge-worker/src/retrieval/kernel.wat)
// to the kernel.wasm committed beside it. workerd cannot compile WASM at run
// time, so the worker imports the committed binary; wabt (a dev dependency of
// this package) turns the text into that binary here, in Node.
// Run: node --import tsx index-builder/src/index/compile-kernel.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

export const KERNEL_WAT = fileURLToPath(new URL('../../../edge-worker/src/retrieval/kernel.wat', import.meta.url));
export const KERNEL_WASM = fileURLToPath(new URL('../../../edge-worker/src/retrieval/kernel.wasm', import.meta.url));

/** The binary for a .wat text; deterministic (no debug names), SIMD enabled. */
export async function compileKernel(watText: string): Promise<Uint8Array> {
  const toolkit = await wabt();
  const module = toolkit.parseWat('kernel.wat', watText, { simd: true });
  try {
    module.validate();
    return module.toBinary({ write_debug_names: false, canonicalize_lebs: true }).buffer;
  } finally {
    module.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const binary = await compileKernel(readFileSync(KERNEL_WAT, 'utf8'));
  writeFileSync(KERNEL_WASM, binary);
  console.log(`wrote ${KERNEL_WASM} (${binary.length} bytes)`);
}
