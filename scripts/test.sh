#!/usr/bin/env bash
# `npm test`: the one command that checks everything, exactly as CI runs it.
# Installs npm packages if they are missing or stale, lints, type-checks, makes
# sure the local stack (Kafka, Redis, KV REST) is up — starting it if needed
# and stopping it afterwards if it was started here — and runs every test
# project (Node packages, and the edge worker inside workerd).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# shellcheck source=scripts/lib.sh
source scripts/lib.sh
ensure_npm_packages

step "lint"
npm run --silent lint

step "typecheck"
npm run --silent typecheck

started_stack=0
if ! bash infra/bin/status >/dev/null 2>&1; then
  step "starting the local stack (stopped again when the tests end)"
  bash infra/bin/up
  started_stack=1
fi
cleanup() {
  if ((started_stack)); then
    step "stopping the local stack"
    bash infra/bin/down || true
  fi
}
trap cleanup EXIT

step "tests"
npx vitest run "$@"
