#!/usr/bin/env bash
# `npm run quickstart`: from a fresh clone to data flowing. Installs npm
# packages, starts the local stack (Kafka from Apache's jars, one Redis and one
# Upstash-compatible REST endpoint per region), creates the topics, and replays
# MovieLens latest-small into Kafka. The stack keeps running afterwards;
# `npm run infra:down` stops it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/lib.sh
source scripts/lib.sh
ensure_npm_packages

step "starting the local stack"
bash infra/bin/up

step "replaying MovieLens latest-small into Kafka"
node --import tsx stream-jobs/src/replay/cli.ts "${QUICKSTART_DATASET:-ml-latest-small}"

step "what is in Kafka now"
node --import tsx stream-jobs/src/topics/cli.ts --describe

cat <<'MSG'

The stack is still running:
  npm run infra:status     what is running, and where its logs are
  npm run replay -- --help replay another dataset, or the synthetic workload
  npm run infra:down       stop everything and delete its data
MSG
