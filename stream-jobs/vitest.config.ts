import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'stream-jobs',
    include: ['src/**/*.test.ts'],
  },
});
