# Shared by .ci/run and scripts/quickstart.sh: bring Node >= 22 and make sure PostgreSQL and
# RabbitMQ answer, with the conveyor database created. Source it; it defines functions only.

step() { printf '\n==> %s\n' "$*"; }
die() { printf '\nerror: %s\n' "$*" >&2; exit 1; }

# --- a. Node.js ------------------------------------------------------------------------------
# The project needs Node >= 22 (MikroORM 7, vitest 5 and connect-node 2 declare it, and we run
# .ts files directly via Node's type stripping). The machine's node may be older, so bring a
# Node 24 binary from the npm registry's `node` package into a per-user cache and reuse it on
# later runs. npm itself is plain JS and runs on whichever node is first on PATH.
NODE24_DIR="$HOME/.cache/conveyor/node24"
NODE24_BIN="$NODE24_DIR/node_modules/.bin"
MIN_NODE_MAJOR=22

node_major() { # prints the major version of the given node binary, or nothing if it won't run
  "$1" --version 2>/dev/null | sed -nE 's/^v([0-9]+)\..*/\1/p'
}

provision_node() {
  step "Node.js"
  local major
  major="$(node_major node || true)"
  if [[ -z "$major" || "$major" -lt "$MIN_NODE_MAJOR" ]]; then
    echo "node on PATH: $(node --version 2>/dev/null || echo missing); need >= $MIN_NODE_MAJOR"
    local cached
    cached="$(node_major "$NODE24_BIN/node" || true)"
    if [[ -n "$cached" && "$cached" -ge "$MIN_NODE_MAJOR" ]]; then
      echo "reusing $NODE24_BIN/node"
    else
      echo "installing node@24 into $NODE24_DIR"
      # npm 11 holds back the package's install script; the binary it ships works regardless.
      npm install --prefix "$NODE24_DIR" --no-audit --no-fund node@24
    fi
    export PATH="$NODE24_BIN:$PATH"
    major="$(node_major node || true)"
    [[ -n "$major" && "$major" -ge "$MIN_NODE_MAJOR" ]] \
      || die "could not provision Node >= $MIN_NODE_MAJOR (got '${major:-nothing}' from $NODE24_BIN/node)"
  fi
  echo "using node $(node --version) ($(command -v node)), npm $(npm --version)"
}

# --- b. PostgreSQL and RabbitMQ ----------------------------------------------------------------
# The tests talk to real services. They normally run already; if one has stopped (a machine
# restart, say), start it with the same command the machine uses, then wait for it to answer.
PG_HOST=127.0.0.1
PG_PORT=5432
AMQP_HOST=127.0.0.1
AMQP_PORT=5672
SERVICE_TIMEOUT=60
DB_NAME=conveyor

pg_up() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; }
amqp_up() { (exec 3<>"/dev/tcp/$AMQP_HOST/$AMQP_PORT") 2>/dev/null; }

wait_until() { # wait_until <what> <command...>: poll for up to SERVICE_TIMEOUT seconds
  local what="$1"; shift
  local waited=0
  until "$@"; do
    ((waited >= SERVICE_TIMEOUT)) && return 1
    sleep 1; waited=$((waited + 1))
  done
  if ((waited > 0)); then echo "$what is up (after ${waited}s)"; else echo "$what is up"; fi
}

ensure_services() {
  step "PostgreSQL and RabbitMQ"
  if ! pg_up; then
    echo "PostgreSQL does not answer on $PG_HOST:$PG_PORT; starting it"
    # `|| true`: it may be half-started already; the wait below is what decides.
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
  fi
  wait_until "PostgreSQL" pg_up \
    || die "PostgreSQL did not answer on $PG_HOST:$PG_PORT within ${SERVICE_TIMEOUT}s"

  if ! amqp_up; then
    echo "RabbitMQ does not answer on $AMQP_HOST:$AMQP_PORT; starting it"
    rabbitmq-server -detached || true
  fi
  # RabbitMQ opens its AMQP listener only once it has booted, so an open port means ready.
  wait_until "RabbitMQ" amqp_up \
    || die "RabbitMQ did not answer on $AMQP_HOST:$AMQP_PORT within ${SERVICE_TIMEOUT}s"

  # The server needs its database to exist before it starts (it creates tables, not databases).
  local exists
  exists="$(psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" \
    || die "cannot query PostgreSQL as user postgres on $PG_HOST:$PG_PORT"
  if [[ "$exists" == 1 ]]; then
    echo "database $DB_NAME exists"
  else
    local out
    if out="$(createdb -h "$PG_HOST" -p "$PG_PORT" -U postgres "$DB_NAME" 2>&1)"; then
      echo "database $DB_NAME created"
    elif [[ "$out" == *"already exists"* ]]; then
      # A concurrent run created it between the check and here: fine.
      echo "database $DB_NAME exists"
    else
      die "could not create database $DB_NAME: $out"
    fi
  fi
}

