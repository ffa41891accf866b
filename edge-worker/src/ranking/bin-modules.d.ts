// wrangler's default module rules (and vitest-pool-workers) import `*.bin`
// files as ArrayBuffer ("Data" modules): how the ranker fixtures reach workerd tests.
declare module '*.bin' {
  const data: ArrayBuffer;
  export default data;
}
