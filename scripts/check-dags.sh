#!/usr/bin/env bash
# Checks that the example Airflow DAGs compile (syntax and imports resolved by name only; Airflow
# itself is not needed). Installs python3 with apt-get when the machine has none.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v python3 >/dev/null; then
  echo "check-dags: installing python3" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq python3 >&2
fi
for dag in runner-configs/airflow/dags/*.py; do
  python3 -m py_compile "$dag"
  echo "check-dags: $dag compiles"
done
