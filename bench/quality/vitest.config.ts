// The quality benchmark's own tests (bench/ is no project of the monorepo's vitest config):
// `nice -n 15 npx vitest run --config bench/quality/vitest.config.ts`.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { root: dirname(fileURLToPath(import.meta.url)), include: ['**/*.test.ts'], testTimeout: 120_000 } });
