#!/usr/bin/env bash
# `npm run quickstart`: from a fresh clone to fresh features. Installs npm
# packages, starts the local stack (Kafka from Apache's jars, one Redis and one
# Upstash-compatible REST endpoint per region), starts the feature job, replays
# MovieLens latest-small into Kafka, waits until the job has applied it, and
# shows the features of one user and one item as the edge will read them.
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

cat <<'MSG'

Everything is still running:
  npm run infra:status          what is running, with its logs and metrics
  npm run inspect -- user <id>  any user's (or item's, or creator's) features
  npm run replay -- --help      replay another dataset, or the synthetic workload
  npm run infra:down            stop everything and delete its data
MSG
