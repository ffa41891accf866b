// The bench worker is bundled like the edge worker: `*.wasm` imports arrive as
// precompiled WebAssembly.Module objects (Miniflare's CompiledWasm rule).
declare module '*.wasm' {
  const module: object; // a precompiled WebAssembly.Module
  export default module;
}
