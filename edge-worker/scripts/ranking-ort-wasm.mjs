// Puts onnxruntime-web's WASM binary inside the edge-worker project
// (src/ranking/vendor/) so the ranker can import it statically. Why a copy:
// @cloudflare/vitest-pool-workers 0.15.1 cannot load a .wasm module from
// outside the vitest project root (it joins the root with Vite's "/@fs/..."
// id and finds nothing), and node_modules is hoisted to the monorepo root.
// A hard link costs no disk space; a copy is the fallback across file systems.
// Idempotent: does nothing when the target is already the same file.
// Usage: node edge-worker/scripts/ranking-ort-wasm.mjs
import { copyFileSync, linkSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FILE = 'ort-wasm-simd-threaded.wasm';
const require = createRequire(import.meta.url);
const source = require.resolve(`onnxruntime-web/${FILE}`);
const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'ranking', 'vendor', FILE);

const from = statSync(source);
const to = statSync(target, { throwIfNoEntry: false });
const same = to !== undefined && ((to.ino === from.ino && to.dev === from.dev) || (to.size === from.size && to.mtimeMs >= from.mtimeMs));
if (same) {
  console.log(`ranking: ${target} is up to date`);
} else {
  mkdirSync(dirname(target), { recursive: true });
  rmSync(target, { force: true });
  try {
    linkSync(source, target);
    console.log(`ranking: linked ${source} → ${target}`);
  } catch {
    copyFileSync(source, target);
    console.log(`ranking: copied ${source} → ${target}`);
  }
}
