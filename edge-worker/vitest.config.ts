import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: '../wrangler.toml' },
      // The secrets a deployment has (`wrangler secret put`), as test values.
      miniflare: { bindings: { API_KEYS: JSON.stringify({ 'test-app': 'test-key-0123456789abcdef' }), ADMIN_TOKEN: 'test-admin-token-0123456789' } },
    }),
  ],
  test: {
    name: 'edge-worker',
    include: ['src/**/*.test.ts'],
    // The worker module holds onnxruntime-web's 14 MB WASM: its first load in an isolate takes seconds on a busy machine.
    testTimeout: 60_000,
    // Node side: builds (or reuses) a real bundle the tests ship into their R2 bucket.
    globalSetup: ['../index-builder/src/fixtures/serving-bundle.ts'],
  },
});
