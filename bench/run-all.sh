#!/usr/bin/env bash
# `npm run bench`: every component benchmark, then BENCHMARKS.md and its plots from the results.
#   npm run bench                 # all of them (hours on a 2-core machine: build and quality dominate)
#   npm run bench -- stream edge  # only these, then the report
# Benchmarks that need Kafka start the local stack if it is not running (stopped again at the end).
# A benchmark that fails does not stop the others: the report is regenerated from every result
# file there is, the failures are listed, and the exit status is non-zero.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
all=(synthetic replay stream retrieval build edge quality)
if (($# > 0)); then selected=("$@"); else selected=("${all[@]}"); fi
for name in "${selected[@]}"; do
  [[ " ${all[*]} " == *" $name "* ]] || { echo "bench: unknown benchmark '$name' (one of: ${all[*]})" >&2; exit 2; }
done
started=0
if ! bash infra/bin/status >/dev/null 2>&1; then bash infra/bin/up || exit 1; started=1; fi
trap '((started)) && bash infra/bin/down' EXIT
failed=()
for name in "${selected[@]}"; do
  echo "== bench:$name" >&2
  began=$(date +%s)
  if npm run --silent "bench:$name"; then
    echo "== bench:$name done in $(( $(date +%s) - began )) s" >&2
  else
    echo "== bench:$name FAILED after $(( $(date +%s) - began )) s" >&2
    failed+=("$name")
  fi
done
npm run --silent bench:report || failed+=(report)
if ((${#failed[@]} > 0)); then
  echo "bench: failed: ${failed[*]} (BENCHMARKS.md was regenerated from the result files there are)" >&2
  exit 1
fi
