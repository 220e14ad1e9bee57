#!/usr/bin/env bash
# Makes a local InfluxDB 1.x reachable for the tests: installs Debian's influxdb when missing,
# starts influxd in the background on a loopback port with its data in a temporary directory,
# waits until /ping answers 204, and prints the URL. Safe to run again: when a server already
# answers on the port, it only prints the URL. Needs root (or sudo) for apt-get.
#   GCKPI_INFLUX_PORT  HTTP port (default 18086); the RPC port is this + 2
#   GCKPI_INFLUX_DIR   data, config, log and pid (default ${TMPDIR:-/tmp}/gckpi-influxdb-PORT)
set -euo pipefail

PORT=${GCKPI_INFLUX_PORT:-18086}
RPC_PORT=$((PORT + 2))
DIR=${GCKPI_INFLUX_DIR:-${TMPDIR:-/tmp}/gckpi-influxdb-$PORT}
URL="http://127.0.0.1:$PORT"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

MISSING=()
command -v influxd >/dev/null 2>&1 || MISSING+=(influxdb)
command -v curl >/dev/null 2>&1 || MISSING+=(curl)
if [ ${#MISSING[@]} -gt 0 ]; then
  echo "influxdb: installing ${MISSING[*]} with apt-get" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${MISSING[@]}" >&2
fi

ping_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$URL/ping" 2>/dev/null || true
}

if [ "$(ping_status)" = "204" ]; then
  echo "$URL"
  exit 0
fi

mkdir -p "$DIR"

# True when the influxd this script started last is still running (and not a zombie).
alive() {
  local pid
  pid=$(cat "$DIR/influxd.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  [ "$(awk '{print $3}' "/proc/$pid/stat")" != "Z" ] && grep -q influxd "/proc/$pid/cmdline"
}

start() {
  cat >"$DIR/influxdb.conf" <<EOF
reporting-disabled = true
bind-address = "127.0.0.1:$RPC_PORT"
[meta]
  dir = "$DIR/meta"
[data]
  dir = "$DIR/data"
  wal-dir = "$DIR/wal"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  bind-address = "127.0.0.1:$PORT"
  log-enabled = false
  pprof-enabled = false
[logging]
  level = "warn"
EOF
  echo "influxdb: starting influxd on $URL (data in $DIR, log $DIR/influxd.log)" >&2
  nohup setsid influxd -config "$DIR/influxdb.conf" >"$DIR/influxd.log" 2>&1 </dev/null &
  echo $! >"$DIR/influxd.pid"
}

started=0
if alive; then
  echo "influxdb: influxd (pid $(cat "$DIR/influxd.pid")) is running; waiting for it" >&2
else
  start
  started=1
fi

for _ in $(seq 1 60); do
  if [ "$(ping_status)" = "204" ]; then
    echo "$URL"
    exit 0
  fi
  if ! alive; then
    if [ "$started" -eq 1 ]; then
      echo "influxdb: influxd exited; its log:" >&2
      tail -n 20 "$DIR/influxd.log" >&2 || true
      exit 1
    fi
    start # the one found running was stopping
    started=1
  fi
  sleep 0.5
done
echo "influxdb: $URL/ping did not answer 204 within 30 s; see $DIR/influxd.log" >&2
exit 1
