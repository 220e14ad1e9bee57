#!/usr/bin/env bash
# Makes a local PostgreSQL reachable for the tests: installs it when missing, creates and starts a
# cluster, creates the gckpi role and the gckpi_test database, and prints the JDBC URL.
# Safe to run again. Needs root (or sudo) for apt-get and for acting as the postgres user.
set -euo pipefail

DB_USER=${GCKPI_DB_USER:-gckpi}
DB_PASSWORD=${GCKPI_DB_PASSWORD:-gckpi}
DB_NAME=${GCKPI_DB_NAME:-gckpi_test}
DB_PORT=${GCKPI_DB_PORT:-5432}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "db: PostgreSQL server not found; installing it with apt-get" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
fi

PG_VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$PG_VERSION main$"; then
  echo "db: creating cluster $PG_VERSION/main on port $DB_PORT" >&2
  $SUDO pg_createcluster --port "$DB_PORT" "$PG_VERSION" main >&2
fi
CLUSTER_PORT=$(pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main" {print $3}')
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1==v && $2=="main" {print $4}' | grep -q online; then
  echo "db: starting cluster $PG_VERSION/main" >&2
  $SUDO pg_ctlcluster "$PG_VERSION" main start >&2
fi

for _ in $(seq 1 30); do
  if pg_isready -q -h 127.0.0.1 -p "$CLUSTER_PORT"; then break; fi
  sleep 1
done
pg_isready -h 127.0.0.1 -p "$CLUSTER_PORT" >&2 || { echo "db: PostgreSQL did not become ready" >&2; exit 1; }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
psql_admin() { as_postgres psql -p "$CLUSTER_PORT" -v ON_ERROR_STOP=1 -qtA "$@"; }

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" != "1" ]; then
  psql_admin -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASSWORD' CREATEDB"
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != "1" ]; then
  psql_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
fi

echo "jdbc:postgresql://127.0.0.1:$CLUSTER_PORT/$DB_NAME?user=$DB_USER&password=$DB_PASSWORD"
