#!/usr/bin/env bash
# The README's commands, run as a user pastes them: every fenced ```bash block of the sections a
# new user follows (the two commands, Running the job with PostgreSQL, BigQuery and InfluxDB,
# Serving the KPIs, Flink), in order, from the project's root, each command checked for exit 0.
#   scripts/readme-test.sh [README.md]
# A command that serves in the foreground (`make serve`, `make emulator`) is started in the
# background and waited for on its port; the commands after it then talk to it, and it is
# stopped at the end. `make test` is not run: this script is part of it.
set -uo pipefail
cd "$(dirname "$0")/.."
README=${1:-README.md}
SECTIONS='^(Two commands on a fresh machine|Running the job|Serving the KPIs|Flink)'
LOG_DIR=target/readme-test
mkdir -p "$LOG_DIR"

# One command per element: continuation lines joined, blank lines and comment lines dropped.
mapfile -t COMMANDS < <(awk -v sections="$SECTIONS" '
  /^## / { title = substr($0, 4); keep = (title ~ sections) }
  /^```/ { if (inblock) { inblock = 0; next } if (keep && $0 == "```bash") { inblock = 1; next } }
  inblock {
    line = $0
    if (line ~ /^[[:space:]]*(#|$)/ && cmd == "") next
    if (line ~ /\\$/) { cmd = cmd substr(line, 1, length(line) - 1); next }
    print cmd line; cmd = ""
  }' "$README")

BACKGROUND=()
cleanup() {
  for pid in "${BACKGROUND[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null # setsid made it the leader of its own process group
  done
  scripts/flink-cluster.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

wait_for_port() { # PORT SECONDS
  for _ in $(seq 1 "$2"); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 1
  done
  return 1
}

passed=0; failed=0; n=0
for cmd in "${COMMANDS[@]}"; do
  n=$((n + 1))
  log="$LOG_DIR/$n.log"
  case "$cmd" in
    "make test"*)
      echo "readme-test: [$n] skipped (runs this script): $cmd"
      continue ;;
    "make serve"* | "make emulator"*)
      port=$(sed -n 's/.*PORT=\([0-9][0-9]*\).*/\1/p' <<<"$cmd")
      [ -n "$port" ] || { [[ $cmd == "make serve"* ]] && port=8080 || port=8089; }
      echo "readme-test: [$n] in the background, waiting for port $port: $cmd"
      setsid bash -c "$cmd" >"$log" 2>&1 &
      BACKGROUND+=("$!")
      if wait_for_port "$port" 600; then
        passed=$((passed + 1))
      else
        failed=$((failed + 1))
        echo "readme-test: [$n] FAILED: nothing listens on $port; the end of $log:" >&2
        tail -20 "$log" >&2
      fi
      continue ;;
  esac
  echo "readme-test: [$n] $cmd"
  start=$(date +%s)
  if timeout 1200 bash -c "set -o pipefail; $cmd" >"$log" 2>&1; then
    passed=$((passed + 1))
    echo "readme-test: [$n] ok in $(( $(date +%s) - start )) s"
  else
    code=$?
    failed=$((failed + 1))
    echo "readme-test: [$n] FAILED with exit $code; the end of $log:" >&2
    tail -30 "$log" >&2
  fi
done

[ "$n" -gt 0 ] || { echo "readme-test: no bash blocks found in $README" >&2; exit 1; }
echo "readme-test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
