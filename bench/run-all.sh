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
usage() {
  cat <<EOF
usage: npm run bench [-- NAME...]

Runs the component benchmarks one after another, each with its defaults, then bench:report: all of them,
or the NAMEs given (of: ${all[*]}). All of them take hours on a
2-core machine (build and quality dominate). Starts the local stack if it is down (stopped again at the end). A failed
benchmark does not stop the others; exit status 1 if any failed, 2 for an unknown name or flag.
To give a benchmark flags, run it alone: npm run bench:NAME -- --help lists them.

flags:
  -h, --help  print this text and exit

writes: bench/results/NAME.json for each benchmark run, then BENCHMARKS.md and bench/results/plots/*.svg

examples:
  npm run bench
  npm run bench -- stream edge
EOF
}
for arg in "$@"; do
  [[ $arg == --help || $arg == -h ]] && { usage; exit 0; }
done
for arg in "$@"; do
  [[ $arg == -* ]] && { echo "bench: unknown flag $arg; see npm run bench -- --help" >&2; exit 2; }
done
if (($# > 0)); then selected=("$@"); else selected=("${all[@]}"); fi
for name in "${selected[@]}"; do
  [[ " ${all[*]} " == *" $name "* ]] || { echo "bench: unknown benchmark '$name' (one of: ${all[*]}); see npm run bench -- --help" >&2; exit 2; }
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
