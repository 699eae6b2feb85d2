#!/usr/bin/env bash
# The README's quick start: installs what Conveyor needs on this machine (Node 24 if the system's
# node is older, npm packages, the dashboard's build, the `conveyor` database) and runs the server on port 50051 against
# the local PostgreSQL and RabbitMQ (CONVEYOR_PORT picks another port). Authentication is on: the
# first run creates a development signing secret in .conveyor/dev-secret (mode 600, gitignored),
# which the server verifies tokens with and `npm run -s token` mints them with. Stop it with Ctrl-C;
# later, `npm start` (or `npx conveyor serve`) starts it again without reinstalling anything.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/provision.sh
source scripts/lib/provision.sh

provision_node
ensure_services
# Once: a later run (a restart) reuses node_modules unless package-lock.json has changed since.
if [[ -f node_modules/.package-lock.json && node_modules/.package-lock.json -nt package-lock.json ]]; then
  step "Dependencies: installed already (delete node_modules to reinstall)"
else
  step "npm ci"
  npm ci --no-audit --no-fund
fi
step "Build the dashboard (served at /)"
npm run -s build:dashboard
if [[ "${CONVEYOR_AUTH_MODE:-jwt}" != off &&
  -z "${CONVEYOR_AUTH_HS256_SECRET:-}${CONVEYOR_AUTH_HS256_SECRET_FILE:-}${CONVEYOR_AUTH_JWKS_FILE:-}${CONVEYOR_AUTH_JWKS_URL:-}" ]]; then
  step "Development signing secret"
  if [[ ! -s .conveyor/dev-secret ]]; then
    mkdir -p .conveyor
    (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(48).toString("base64url") + "\n")' >.conveyor/dev-secret)
    echo "created .conveyor/dev-secret"
  else
    echo "using .conveyor/dev-secret"
  fi
  chmod 600 .conveyor/dev-secret
  export CONVEYOR_AUTH_HS256_SECRET_FILE="$PWD/.conveyor/dev-secret"
fi
step "Starting the Conveyor server (Ctrl-C stops it)"
exec node server/src/main.ts serve
