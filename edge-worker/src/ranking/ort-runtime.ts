// onnxruntime-web inside workerd (STACK.md, "onnxruntime-web inside workerd"):
// workerd refuses to compile WASM from bytes, so the runtime's WASM arrives as
// a precompiled module through a static import, and the runtime's own loader
// is steered to it. The loader is given a placeholder binary (so it fetches
// nothing) and, only while a session is being created, WebAssembly.instantiate
// answers a call made with those placeholder bytes by instantiating the precompiled
// module. Everything else passes through untouched, and the original function
// is restored as soon as no creation is in flight.
import * as ort from 'onnxruntime-web/wasm';
// Linked into the project by edge-worker/scripts/ranking-ort-wasm.mjs (see vendor/.gitignore).
import ortWasm from './vendor/ort-wasm-simd-threaded.wasm';

export type OrtSession = ort.InferenceSession;
export { ort };

/** The smallest valid WASM module (its header): never compiled, only recognised (the loader passes a copy). */
const PLACEHOLDER = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);

function isPlaceholder(source: unknown): boolean {
  if (source instanceof WebAssembly.Module) return false;
  let bytes: Uint8Array;
  if (source instanceof ArrayBuffer) bytes = new Uint8Array(source);
  else if (ArrayBuffer.isView(source)) bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  else return false;
  return bytes.length === PLACEHOLDER.length && bytes.every((b, i) => b === PLACEHOLDER[i]);
}

let configured = false;
let creationsInFlight = 0;
let originalInstantiate: typeof WebAssembly.instantiate | undefined;

function configure(): void {
  if (configured) return;
  // One thread and no proxy worker: a Worker isolate has neither threads nor workers to spare.
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmBinary = PLACEHOLDER;
  ort.env.logLevel = 'error';
  configured = true;
}

function steeredInstantiate(original: typeof WebAssembly.instantiate): typeof WebAssembly.instantiate {
  const steered = (source: BufferSource | WebAssembly.Module, imports?: WebAssembly.Imports) => {
    if (!isPlaceholder(source)) return original(source as BufferSource, imports);
    return original(ortWasm, imports).then((instance) => ({ instance, module: ortWasm }));
  };
  return steered as typeof WebAssembly.instantiate;
}

/** Runs `create` with WebAssembly.instantiate steered to the precompiled runtime module. */
async function withPrecompiledRuntime<T>(create: () => Promise<T>): Promise<T> {
  if (creationsInFlight++ === 0) {
    originalInstantiate = WebAssembly.instantiate;
    WebAssembly.instantiate = steeredInstantiate(originalInstantiate);
  }
  try {
    return await create();
  } finally {
    if (--creationsInFlight === 0) {
      WebAssembly.instantiate = originalInstantiate!;
      originalInstantiate = undefined;
    }
  }
}

/** An inference session for ONNX bytes on the single-threaded WASM backend. Rejects with onnxruntime's own error. */
export function createOrtSession(model: Uint8Array): Promise<OrtSession> {
  configure();
  return withPrecompiledRuntime(() => ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' }));
}
