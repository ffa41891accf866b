import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'index-builder',
    include: ['src/**/*.test.ts'],
  },
});
