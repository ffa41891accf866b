import { defineConfig } from 'vitest/config';

// One test run for the whole monorepo: each package is a vitest project with
// its own environment (Node for jobs and tools, workerd for the edge worker),
// and the benchmarks' own code (plots, series, the quality harness) is tested too.
export default defineConfig({
  test: {
    projects: [
      'shared',
      'stream-jobs',
      'index-builder',
      'infra',
      'edge-worker',
      { extends: './bench/edge/vitest.config.ts', test: { name: 'bench-edge' } },
      { extends: './bench/plots/vitest.config.ts', test: { name: 'bench-plots' } },
      { extends: './bench/quality/vitest.config.ts', test: { name: 'bench-quality' } },
    ],
  },
});
