#!/usr/bin/env bash
# Runs node with the given arguments on a Node >= 22: the one on PATH if it is new enough, else the
# Node 24 that scripts/quickstart.sh and .ci/run install into ~/.cache/conveyor/node24. The npm
# scripts go through this, so that `npm start`, `npm test` and the rest work in any shell.
set -euo pipefail
major() { "$1" --version 2>/dev/null | sed -nE 's/^v([0-9]+)\..*/\1/p'; }
node_bin=node
current="$(major node || true)"
if [[ -z "$current" || "$current" -lt 22 ]]; then
  node_bin="$HOME/.cache/conveyor/node24/node_modules/.bin/node"
  if [[ -z "$(major "$node_bin" || true)" ]]; then
    echo "conveyor needs Node >= 22; run 'bash scripts/quickstart.sh' (it installs Node 24) or put a newer node on PATH" >&2
    exit 1
  fi
  export PATH="$(dirname "$node_bin"):$PATH"
fi
exec "$node_bin" "$@"
