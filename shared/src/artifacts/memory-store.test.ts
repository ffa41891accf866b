import { createMemoryArtifactStore } from './memory-store.js';
import { describeArtifactStoreConformance } from './store-conformance.js';

describeArtifactStoreConformance('in-memory', async () => ({ store: createMemoryArtifactStore() }));
