import { defineConfig } from 'vitest/config';

// One test run for the whole monorepo: each package is a vitest project with
// its own environment (Node for jobs and tools, workerd for the edge worker).
export default defineConfig({
  test: {
    projects: ['shared', 'stream-jobs', 'index-builder', 'infra', 'edge-worker'],
  },
});
