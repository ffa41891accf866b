// Tests of the plot renderer, the report's helpers and the series of bench:stream and
// bench:retrieval (bench/ is no project of the monorepo's vitest config; bench/edge has its own):
// `npx vitest run --config bench/plots/vitest.config.ts`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { root: join(dirname(fileURLToPath(import.meta.url)), '..'), include: ['plots/**/*.test.ts', 'lib/**/*.test.ts', 'stream/**/*.test.ts', 'retrieval/**/*.test.ts'] } });
