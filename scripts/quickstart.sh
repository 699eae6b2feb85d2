#!/usr/bin/env bash
# The README's quick start: installs what Conveyor needs on this machine (Node 24 if the system's
# node is older, npm packages, the `conveyor` database) and runs the server on port 50051 against
# the local PostgreSQL and RabbitMQ. Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=lib/provision.sh
source scripts/lib/provision.sh

provision_node
ensure_services
step "npm ci"
npm ci --no-audit --no-fund
step "Starting the Conveyor server (Ctrl-C stops it)"
exec node server/src/main.ts serve
