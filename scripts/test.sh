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
results=.state/test-results.json
rm -f "$results"
cleanup() {
  if ((started_stack)); then
    step "stopping the local stack"
    bash infra/bin/down || true
  fi
  # The closing line, plain and last, so that CI and people read the outcome
  # without parsing vitest's coloured summary.
  if [[ -f "$results" ]]; then
    node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const skipped = r.numPendingTests + r.numTodoTests;
      console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
    ' "$results" | tee .state/test-summary.txt
  fi
}
trap cleanup EXIT

step "tests"
mkdir -p .state
npx vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@"
