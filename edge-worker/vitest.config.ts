import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: '../wrangler.toml' } })],
  test: {
    name: 'edge-worker',
    include: ['src/**/*.test.ts'],
    // Node side: builds (or reuses) a real bundle the tests ship into their R2 bucket.
    globalSetup: ['../index-builder/src/fixtures/serving-bundle.ts'],
  },
});
