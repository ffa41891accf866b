#!/usr/bin/env bash
# `npm run bench`: every component benchmark, then BENCHMARKS.md from the results.
# Benchmarks that need Kafka start the local stack if it is not running.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=0
if ! bash infra/bin/status >/dev/null 2>&1; then bash infra/bin/up; started=1; fi
trap '((started)) && bash infra/bin/down' EXIT
npm run --silent bench:synthetic
npm run --silent bench:replay
npm run --silent bench:stream
npm run --silent bench:edge
npm run --silent bench:report
