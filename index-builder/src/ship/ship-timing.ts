// Measures one ship of a synthetic bundle to a local Miniflare R2 region:
// bundle write, upload + read-back + workerd smoke check, promotion, rollback.
// Usage: node --import tsx index-builder/src/ship/ship-timing.ts [items=100000] [dim=64]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleBundleInput } from '../bundle/sample-bundle.js';
import { writeBundle } from '../bundle/write-bundle.js';
import { rollback } from './promote.js';
import { openRegionStores } from './region-stores.js';
import { shipToRegion } from './ship.js';

const items = Number(process.argv[2] ?? 100_000);
const dim = Number(process.argv[3] ?? 64);
const root = await mkdtemp(join(tmpdir(), 'ship-timing-'));
const time = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  const result = await run();
  console.log(`${label}: ${((performance.now() - start) / 1000).toFixed(2)} s`);
  return result;
};
try {
  const v1 = 'idx-20261122T120000Z-aaaaaa';
  const v2 = 'idx-20261123T120000Z-bbbbbb';
  const b1 = await time(`write bundle (${items} × ${dim} int8)`, () => writeBundle(join(root, 'bundles'), sampleBundleInput({ version: v1, items, dim })));
  await writeBundle(join(root, 'bundles'), sampleBundleInput({ version: v2, items, dim, seed: 2 }));
  const bytes = Object.values(b1.manifest.files).reduce((s, f) => s + f.bytes, 0);
  console.log(`bundle bytes: ${(bytes / 1e6).toFixed(1)} MB`);
  const regions = await time('open region (Miniflare)', () => openRegionStores(['eu-west'], join(root, 'state')));
  try {
    const region = regions.region('eu-west');
    await time('ship v1 (upload, read back, smoke in workerd, promote)', () => shipToRegion(region.store, b1.dir, { smoke: region.smoke }));
    const drift = { anchors: ['item-1'], neighbours: async () => ['item-2'] };
    await time('ship v2 (same, with drift check)', () => shipToRegion(region.store, join(root, 'bundles', v2), { smoke: region.smoke, drift }));
    await time('rollback', () => rollback(region.store, { reason: 'timing' }));
  } finally {
    await regions.close();
  }
} finally {
  await rm(root, { recursive: true, force: true });
}
