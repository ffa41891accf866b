# Helpers shared by scripts/*.sh. Sourced, never run.
# shellcheck shell=bash

step() {
  if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then printf '\n\033[1m== %s\033[0m\n' "$*"; else printf '\n== %s\n' "$*"; fi
}

# npm ci when node_modules is missing or older than the lockfile.
ensure_npm_packages() {
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    step "installing npm packages (npm ci)"
    npm ci --no-fund --no-audit
  fi
  # onnxruntime's WASM inside the edge-worker project, where the worker imports it (also npm's postinstall).
  node edge-worker/scripts/ranking-ort-wasm.mjs >/dev/null
}

die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}
