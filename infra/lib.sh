# shellcheck shell=bash
# Shared helpers of infra/run, infra/test and friends. Sourced, never executed.
#
# Environment (all optional):
#   PGHOST/PGPORT      where PostgreSQL listens (default 127.0.0.1:5432)
#   HACKOPS_STATE_DIR  logs, pids, broker data (default: <repo>/infra/.state)

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$INFRA_DIR/.." && pwd)"
export HACKOPS_STATE_DIR="${HACKOPS_STATE_DIR:-$INFRA_DIR/.state}"
export PGHOST="${PGHOST:-127.0.0.1}"
export PGPORT="${PGPORT:-5432}"

say() { printf '\033[1m%s\033[0m\n' "$*" >&2; }
die() { echo "$(basename "$0"): $*" >&2; exit 1; }

# Runs psql as the postgres superuser over the local socket (peer auth works on every Debian install).
as_postgres_psql() {
  if [ "$(id -un)" = postgres ]; then
    psql -X -v ON_ERROR_STOP=1 -q "$@"
  else
    runuser -u postgres -- psql -X -v ON_ERROR_STOP=1 -q "$@"
  fi
}

# Runs a command that leaves a daemon behind (PostgreSQL, the Kafka broker) without the caller's open file descriptors
# beyond stdin, stdout and stderr: a daemon that inherits, say, the descriptor of a `flock <file> infra/test` holds that
# lock for as long as it runs, and every later flock on the file waits for ever.
detached() {
  (
    local fd
    for fd in /proc/self/fd/*; do
      fd="${fd##*/}"
      if [[ "$fd" =~ ^[0-9]+$ ]] && [ "$fd" -gt 2 ]; then
        eval "exec $fd>&-" 2>/dev/null || true
      fi
    done
    exec "$@"
  )
}

# Installs PostgreSQL when missing, starts the cluster when it is down, waits until it accepts connections.
ensure_postgres() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    say "installing PostgreSQL (Debian packages)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
    local version
    version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    say "starting PostgreSQL $version"
    detached pg_ctlcluster --skip-systemctl-redirect "$version" main start || detached pg_ctlcluster "$version" main start
  fi
  for _ in $(seq 1 60); do
    pg_isready -q -h "$PGHOST" -p "$PGPORT" && return 0
    sleep 0.5
  done
  die "PostgreSQL does not answer on $PGHOST:$PGPORT"
}

# Installs Node.js and npm (Debian packages) when missing: the query-side build vendors the dashboard's chart
# library from npm with them (query-side/src/main/frontend/build-vendor.sh).
ensure_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    say "installing Node.js and npm (Debian packages), for the dashboard's build"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
  fi
}

# Installs Chromium and its WebDriver (Debian packages) when missing: the dashboard's browser test drives them
# headless. Selenium is pointed at these two binaries and never downloads a browser or driver itself.
ensure_browser() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    say "installing Chromium and chromedriver (Debian packages), for the dashboard's browser test"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
}

# Creates the platform's roles (infra/sql/roles.sql) and its databases, owned by hackops_owner.
ensure_roles_and_databases() {
  as_postgres_psql -d postgres -f "$INFRA_DIR/sql/roles.sql"
  local db
  for db in "$@"; do
    if [ -z "$(as_postgres_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
      as_postgres_psql -d postgres -c "CREATE DATABASE $db OWNER hackops_owner"
    fi
  done
}

# Waits until an actuator health URL says UP.
wait_healthy() { # url seconds name
  local url="$1" seconds="$2" name="$3"
  for _ in $(seq 1 $((seconds * 2))); do
    if curl -fsS "$url" 2>/dev/null | grep -q '"status":"UP"'; then
      return 0
    fi
    sleep 0.5
  done
  return 1
}

# Builds the services once (tests skipped) unless the jars are newer than every source file.
build_services() {
  local stale
  stale="$(find "$REPO_DIR/pom.xml" "$REPO_DIR"/shared-events "$REPO_DIR"/platform-web "$REPO_DIR"/command-side "$REPO_DIR"/query-side \
      -path '*/target' -prune -o -type f -newer "$REPO_DIR/query-side/target/query-side-0.1.0-SNAPSHOT.jar" -print 2>/dev/null | head -n 1)"
  if [ ! -f "$REPO_DIR/query-side/target/query-side-0.1.0-SNAPSHOT.jar" ] || [ ! -f "$REPO_DIR/command-side/target/command-side-0.1.0-SNAPSHOT.jar" ] || [ -n "$stale" ]; then
    say "building the services"
    (cd "$REPO_DIR" && mvn -q -B -DskipTests package)
  fi
}
