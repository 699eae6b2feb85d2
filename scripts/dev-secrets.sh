#!/usr/bin/env bash
# Creates the development secrets docker-compose.yml reads, once: a random HS256 key for JWTs in
# deploy/dev-secrets/jwt-secret. Never commit the result (.gitignore keeps it out); production
# keys come from your secret store (see deploy/kubernetes/secret.example.yaml).
set -euo pipefail
dir="$(cd "$(dirname "$0")/.." && pwd)/deploy/dev-secrets"
mkdir -p "$dir"
if [ -s "$dir/jwt-secret" ]; then
  echo "deploy/dev-secrets/jwt-secret exists; keeping it"
  exit 0
fi
# 32 random bytes, hex: a DEVELOPMENT key, generated on this machine.
umask 077
od -An -N32 -tx1 /dev/urandom | tr -d ' \n' > "$dir/jwt-secret"
# Readable by the containers' unprivileged user (compose bind-mounts the file as it is).
chmod 644 "$dir/jwt-secret"
echo "wrote deploy/dev-secrets/jwt-secret (development only)"
