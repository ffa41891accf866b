// A full build, step by step: read the input, keep the indexable items (R10),
// train the embeddings (collaborative + content projection), build and gate
// the int8 index, train and export the ranker, and write one immutable,
// verified bundle. Each step reports progress; any failed gate or check stops
// the build with nothing written.
import { makeVersionId, type ManifestDraft } from '@freshet/shared/artifacts/index';
import { encodeItemTable } from '@freshet/shared/catalog-table/item-table';
import { encodeProjection } from '@freshet/shared/embeddings/projection-codec';
import { FEATURE_SCHEMA_HASH } from '@freshet/shared/ranking/feature-schema';
import { writeBundle, type Bundle, type BundleFileSource } from '../bundle/index.js';
import { interactionsFromEvents } from '../embeddings/from-events.js';
import { trainEmbeddings, type TrainedEmbeddings } from '../embeddings/train.js';
import type { ItemVectors } from '@freshet/shared/embeddings/user-vector';
import { encodeCoVisitationLists } from '@freshet/shared/retrieval/co-visitation-lists';
import { coVisitationLists, leaveUserOut, positiveRowsByUser } from '../index/co-visitation.js';
import { buildRetrievalIndex, type BuiltIndex } from '../index/build-index.js';
import { fallbackList } from './fallback-list.js';
import { indexableItems, loadInput, type BuildInput, type InputSpec } from './input.js';
import { reusedRanker, trainedRanker, type RankerFigures } from './ranker-step.js';

export type BuildStep = 'input' | 'embeddings' | 'index' | 'ranker' | 'bundle';

export interface BuildOptions {
  /** Where bundles live: the new one is written to `<bundlesDir>/<version>`. */
  readonly bundlesDir: string;
  readonly dim?: number;
  readonly seed?: number;
  readonly minRecall?: number;
  readonly similarK?: number;
  /** Examples the ranker trains on at most (bounds the point-in-time feature build). */
  readonly rankerExamples?: number;
  /** Reuse the ranker of this earlier bundle (its directory) instead of training one. */
  readonly rankerFrom?: string;
  readonly now?: () => Date;
  /** Step started / progress within a step (done of total) / a log line. */
  readonly onStep?: (step: BuildStep, detail: string) => void;
  readonly onProgress?: (step: BuildStep, done: number, total: number) => void;
}

export interface BuildReport {
  readonly version: string;
  readonly source: string;
  readonly catalog_items: number;
  readonly indexed_items: number;
  readonly dropped_items: number;
  readonly events: number;
  readonly seconds: Readonly<Record<BuildStep, number>>;
  readonly embeddings: TrainedEmbeddings['stats'];
  readonly index: BuiltIndex['report'] & { readonly layout: string; readonly partitions: number; readonly nprobe: number };
  readonly ranker: RankerFigures;
}

export interface BuildResult {
  readonly bundle: Bundle;
  readonly report: BuildReport;
}

const randomSuffix = () => Math.floor(Math.random() * 0xffffff).toString(16).padStart(6, '0');

export async function buildBundle(spec: InputSpec | BuildInput, o: BuildOptions): Promise<BuildResult> {
  const step = o.onStep ?? (() => undefined);
  const seconds: Record<BuildStep, number> = { input: 0, embeddings: 0, index: 0, ranker: 0, bundle: 0 };
  const timed = async <T>(s: BuildStep, detail: string, run: () => Promise<T> | T): Promise<T> => {
    step(s, detail);
    const t0 = performance.now();
    const out = await run();
    seconds[s] = Math.round((performance.now() - t0) / 100) / 10;
    return out;
  };
  const createdAt = (o.now ?? (() => new Date()))();
  const version = makeVersionId(createdAt, randomSuffix());
  const embeddingVersion = `emb-${version.slice('idx-'.length)}`;

  const input = 'kind' in spec ? await timed('input', `reading ${spec.kind}`, () => loadInput(spec)) : spec;
  const indexable = indexableItems(input.catalog, input.asOf);

  const trained = await timed('embeddings', `${indexable.length.toLocaleString('en-US')} items, ${input.events.length.toLocaleString('en-US')} events`, () =>
    trainEmbeddings(interactionsFromEvents(input.events), indexable, {
      version: embeddingVersion,
      ...(o.dim === undefined ? {} : { dim: o.dim }),
      ...(o.seed === undefined ? {} : { seed: o.seed }),
      onProgress: (p) => o.onProgress?.('embeddings', p.done, p.total),
    }),
  );

  const { index, rowOf, positives, coVisitation } = await timed('index', `${trained.itemIds.length.toLocaleString('en-US')} vectors of ${trained.space.dim}`, () => {
    const index = buildRetrievalIndex(
      { space: trained.space, itemIds: trained.itemIds, vectors: trained.vectors, similarFor: trained.behaviour },
      {
        slack: true, // trained embeddings end in the confidence slack (embeddings/train.ts)
        ...(o.seed === undefined ? {} : { seed: o.seed }),
        ...(o.minRecall === undefined ? {} : { minRecall: o.minRecall }),
        ...(o.similarK === undefined ? {} : { similarK: o.similarK }),
        log: (line) => step('index', line),
      },
    );
    // Row r of the index holds trained.itemIds[index.order[r]].
    const rowOf = new Map(Array.from(index.order, (position, row) => [trained.itemIds[position]!, row] as const));
    const positives = positiveRowsByUser(interactionsFromEvents(input.events), rowOf);
    const coVisitation = coVisitationLists(positives, index.order.length);
    step('index', `co-visitation lists: ${coVisitation.rows.length.toLocaleString('en-US')} pairs over ${coVisitation.count.toLocaleString('en-US')} items`);
    return { index, rowOf, positives, coVisitation };
  });

  const rankerVersion = `rk-${version.slice('idx-'.length)}`;
  const ranker = o.rankerFrom
    ? await timed('ranker', `reusing the ranker of ${o.rankerFrom}`, () => reusedRanker(o.rankerFrom!))
    : await timed('ranker', 'point-in-time training set, multi-task MLP, ONNX export', () =>
        trainedRanker(spec, input, {
          version: rankerVersion,
          ...(o.seed === undefined ? {} : { seed: o.seed }),
          maxExamples: o.rankerExamples ?? 60_000,
          itemVectors: itemVectorsOf(trained),
          coVisitation: leaveUserOut(coVisitation, rowOf, positives),
          onProgress: (d) => step('ranker', d),
        }),
      );

  // The item table follows the index's row order: row r of index.bin is row r of items.bin.
  const byId = new Map(indexable.map((i) => [i.item_id, i]));
  const rowItems = Array.from(index.order, (position) => byId.get(trained.itemIds[position]!)!);
  const fallback = fallbackList(input.events, indexable, input.asOf);
  const files: Record<string, BundleFileSource> = {
    'index.bin': { bytes: index.indexFile, media_type: 'application/x-freshet-index' },
    'items.bin': { bytes: encodeItemTable(rowItems), media_type: 'application/x-freshet-item-table' },
    'content-projection.bin': { bytes: encodeProjection(trained.projection), media_type: 'application/x-freshet-content-projection' },
    'ranker.onnx': { bytes: ranker.onnx, media_type: 'application/onnx' },
    'ranker-model.bin': { bytes: ranker.model, media_type: 'application/x-freshet-ranker' },
    'fallback.json': { bytes: JSON.stringify(fallback), media_type: 'application/json' },
  };
  files['co-visitation.bin'] = { bytes: encodeCoVisitationLists(coVisitation), media_type: 'application/x-freshet-co-visitation' };
  if (index.similarFile) files['similar.bin'] = { bytes: index.similarFile, media_type: 'application/x-freshet-similar' };

  const report: BuildReport = {
    version,
    source: input.source,
    catalog_items: input.catalog.length,
    indexed_items: trained.itemIds.length,
    dropped_items: input.catalog.length - trained.itemIds.length,
    events: input.events.length,
    seconds,
    embeddings: trained.stats,
    index: { ...index.report, layout: index.layout, partitions: index.partitions, nprobe: index.nprobe },
    ranker: ranker.figures,
  };
  files['build-report.json'] = { bytes: JSON.stringify(report, null, 2), media_type: 'application/json' };

  const manifest: ManifestDraft = {
    version,
    created_at: createdAt.toISOString(),
    embedding_version: embeddingVersion,
    dim: trained.space.dim,
    quantization: { kind: 'int8', scale: 'per_dimension' },
    index: index.layout === 'ivf' ? { layout: 'ivf', partitions: index.partitions, nprobe: index.nprobe } : { layout: 'flat' },
    item_count: trained.itemIds.length,
    feature_schema_hash: FEATURE_SCHEMA_HASH,
    ranker_version: ranker.version,
    source: input.source,
    gates: { recall_at_100: index.report.recall_at_100 },
    catalog_as_of: new Date(input.asOf).toISOString(),
  };
  const bundle = await timed('bundle', `writing ${version}`, () => writeBundle(o.bundlesDir, { manifest, files }));
  return { bundle, report: { ...report, seconds } };
}

/** The build's own vectors by item id: the ranker's collaborative slots are trained on the space it will serve with. */
function itemVectorsOf(trained: TrainedEmbeddings): ItemVectors {
  const { dim } = trained.space;
  const rows = new Map(trained.itemIds.map((id, row) => [id, row]));
  return {
    space: trained.space,
    vectorOf: (itemId) => {
      const row = rows.get(itemId);
      return row === undefined ? undefined : trained.vectors.subarray(row * dim, (row + 1) * dim);
    },
  };
}
