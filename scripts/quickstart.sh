#!/usr/bin/env bash
# `npm run quickstart`: from a fresh clone to personalized recommendations at a
# local URL. Installs npm packages, starts the local stack (Kafka from Apache's
# jars, one Redis and one Upstash-compatible REST endpoint per region), starts
# the feature job, replays MovieLens latest-small into Kafka, waits until the
# job has applied it, shows one user's and one item's features as the edge
# reads them, builds an index bundle from the offline store the job wrote,
# ships it blue/green to both regions, starts the edge worker (wrangler dev)
# and asks it for that user's recommendations.
# Everything keeps running afterwards; `npm run infra:down` stops it all.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/lib.sh
source scripts/lib.sh
ensure_npm_packages

step "starting the local stack"
bash infra/bin/up

step "starting the feature job"
bash infra/bin/features start

dataset=${QUICKSTART_DATASET:-ml-latest-small}
step "replaying $dataset into Kafka"
node --import tsx stream-jobs/src/replay/cli.ts "$dataset"

step "waiting for the feature job to apply it"
bash infra/bin/features wait

step "what is in Kafka now"
node --import tsx stream-jobs/src/topics/cli.ts --describe

if [[ $dataset == ml-latest-small ]]; then
  step "features of user mlls-u514 (the last to rate) and of the movie they rated last, read through the REST endpoint"
  node --import tsx stream-jobs/src/features/inspect.ts user mlls-u514
  node --import tsx stream-jobs/src/features/inspect.ts item mlls-m162
fi

step "building an index bundle from the offline store (embeddings, int8 index, ranker)"
bundles=.state/bundles
before=$(ls "$bundles" 2>/dev/null | grep -c '^idx-' || true)
node --import tsx index-builder/src/cli/main.ts --bundles "$bundles" build --input offline --ranker-examples "${QUICKSTART_RANKER_EXAMPLES:-20000}"
version=$(ls "$bundles" | grep '^idx-' | sort | tail -n 1)
[[ -n $version && $(ls "$bundles" | grep -c '^idx-') -gt $before ]] || die "the build wrote no bundle"

step "shipping $version to every region (verify, smoke query, drift check, promote)"
# Forced past the drift check only: a region may hold a bundle of another catalog from earlier local
# work (benchmarks, tests), against which no anchor can stay a neighbour. Checksums, compatibility and
# the smoke query are never overridden.
node --import tsx index-builder/src/cli/main.ts --bundles "$bundles" ship "$version" --reason quickstart \
  --force "quickstart: a local build from whatever the offline store holds"

step "starting the edge worker (wrangler dev, region eu-west)"
bash infra/bin/edge start eu-west
url=$(bash infra/bin/edge url)
key=${EDGE_API_KEY:-freshet-local-key-0123456789}
user=${QUICKSTART_USER:-mlls-u514}

# A new isolate loads the bundle, creates the ranker session and fills its caches on its first
# requests, which fall back while that happens (their `degraded` says so): warm it up first.
for _ in 1 2 3; do curl -sS -o /dev/null "$url/v1/recommendations?user_id=$user&limit=5" -H "x-api-key: $key"; sleep 1; done

step "recommendations for $user, served by the edge"
curl -sS "$url/v1/recommendations?user_id=$user&limit=5&country=DE&device=tv" -H "x-api-key: $key" | node -e '
  let text = ""; process.stdin.on("data", (d) => (text += d)).on("end", () => {
    const r = JSON.parse(text);
    console.log(`index ${r.index_version}, model ${r.model_version}, variant ${r.variant}, degraded [${r.degraded.join(", ")}]`);
    for (const i of r.items) console.log(`  ${i.item_id.padEnd(14)} ${i.score.toFixed(4)}  ${i.sources.join("+").padEnd(24)} ${i.explanation}`);
  });'

cat <<MSG

Everything is still running. Try it:
  curl -s '$url/v1/recommendations?user_id=$user&limit=10' -H 'x-api-key: $key'
  curl -s '$url/v1/items/mlls-m1/similar?limit=5' -H 'x-api-key: $key'
  curl -s '$url/openapi.json'       the API, described
  npm run infra:status              what is running, with its logs and metrics
  npm run inspect -- user <id>      any user's (or item's, or creator's) features
  npm run index -- status           each region's active index version
  npm run replay -- --help          replay another dataset, or the synthetic workload
  npm run infra:down                stop everything and delete its data
MSG
