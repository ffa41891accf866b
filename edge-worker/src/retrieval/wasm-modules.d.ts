// wrangler (and vitest-pool-workers) bundle `*.wasm` imports as precompiled
// WebAssembly.Module objects: workerd may not compile WASM from bytes itself.
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
