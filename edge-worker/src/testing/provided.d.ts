// What the edge-worker project's globalSetup (index-builder/src/fixtures/serving-bundle.ts) provides to tests.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    servingFixture: {
      readonly version: string;
      readonly files: Readonly<Record<string, string>>;
      readonly workload: { readonly items: number; readonly events: number; readonly users: number; readonly seed: number };
    };
  }
}
