// Measures the embeddings on a MovieLens dataset and prints JSON figures:
// training time on all events, warm recall/NDCG of pooled user vectors vs
// popularity, cold-start recall of content-only items vs random.
//
//   node --import tsx index-builder/src/embeddings/evaluate.ts [--dataset ml-1m-sample|ml-100k|ml-latest-small]
//        [--set name=value ...]   (training options, e.g. --set regularization=20 --set blendShrinkage=0)
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { isMovieLensId } from '@freshet/shared/movielens';
import { readMovieLens } from '@freshet/stream-jobs/sources/movielens-files';
import { evaluateCold, evaluateWarm } from './evaluation.js';
import { interactionsFromEvents } from './from-events.js';
import { TRAIN_DEFAULTS, trainEmbeddings } from './train.js';

const { values } = parseArgs({ options: { dataset: { type: 'string', default: 'ml-1m-sample' }, set: { type: 'string', multiple: true, default: [] } } });
const dataset = values.dataset!;
if (!isMovieLensId(dataset)) {
  console.error(`unknown dataset ${dataset}: use ml-100k, ml-1m-sample or ml-latest-small`);
  process.exit(2);
}
const train: Record<string, number | boolean> = {};
for (const pair of values.set!) {
  const [name, value] = pair.split('=');
  const known = name !== undefined && name in TRAIN_DEFAULTS;
  const boolean = known && typeof TRAIN_DEFAULTS[name as keyof typeof TRAIN_DEFAULTS] === 'boolean';
  if (!known || (boolean ? value !== 'true' && value !== 'false' : !Number.isFinite(Number(value)))) {
    console.error(`--set ${pair}: expected name=value with name one of ${Object.keys(TRAIN_DEFAULTS).join(', ')}`);
    process.exit(2);
  }
  train[name!] = boolean ? value === 'true' : Number(value);
}
const log = (stage: string) => process.stderr.write(`${stage}\n`);

const data = await readMovieLens(dataset);
const interactions = interactionsFromEvents(data.events());
log(`${data.descriptor.title}: ${interactions.length} events, ${data.catalog.length} items`);

const t0 = performance.now();
const full = trainEmbeddings(interactions, data.catalog, { ...train, version: 'eval-full' });
const fullSeconds = (performance.now() - t0) / 1000;
log(`full training: ${fullSeconds.toFixed(1)} s`);
const memoryMb = Math.round(process.memoryUsage().rss / 2 ** 20);

const options = { train, negativeWeights: [0, 0.25, 0.5, 1], onStage: log };
const warm = evaluateWarm(interactions, data.catalog, options);
const cold = evaluateCold(interactions, data.catalog, options);

console.log(
  JSON.stringify(
    {
      dataset: data.descriptor.title,
      options: { ...TRAIN_DEFAULTS, ...train },
      machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model },
      training: { seconds: Math.round(fullSeconds * 10) / 10, rssMb: memoryMb, stats: full.stats },
      warm,
      cold,
    },
    null,
    2,
  ),
);
