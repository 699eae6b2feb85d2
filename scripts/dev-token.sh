#!/usr/bin/env bash
# `npm run -s token -- --scope ...`: mints a development token (`conveyor token`) with the quick
# start's secret, .conveyor/dev-secret, unless CONVEYOR_AUTH_HS256_SECRET(_FILE) names another.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z "${CONVEYOR_AUTH_HS256_SECRET:-}${CONVEYOR_AUTH_HS256_SECRET_FILE:-}" ]]; then
  if [[ ! -f .conveyor/dev-secret ]]; then
    echo "no development secret: run 'bash scripts/quickstart.sh' once (it creates .conveyor/dev-secret)," \
      "or set CONVEYOR_AUTH_HS256_SECRET_FILE to the file your server uses" >&2
    exit 2
  fi
  export CONVEYOR_AUTH_HS256_SECRET_FILE="$PWD/.conveyor/dev-secret"
fi
exec bash scripts/with-node.sh server/src/main.ts token "$@"
