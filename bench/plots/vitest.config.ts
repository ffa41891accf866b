// Tests of the plot renderer and the report's helpers (bench/ is no project of the monorepo's
// vitest config): `npx vitest run --config bench/plots/vitest.config.ts`.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { root: join(dirname(fileURLToPath(import.meta.url)), '..'), include: ['plots/**/*.test.ts', 'lib/**/*.test.ts'] } });
