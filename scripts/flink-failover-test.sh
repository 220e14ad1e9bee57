#!/usr/bin/env bash
# `make flink-failover-test`: the KPI job survives the faults a cluster has. On the loopback
# session cluster of scripts/flink-cluster.sh with two TaskManagers, restarts and region failover
# on (runner-configs/flink/conf/failover.yaml), against the built-in emulator and a PostgreSQL
# cluster of its own (port 5433, so that restarting it disturbs nothing else):
#   clean       a run without faults, the reference (and checked against ground truth)
#   tm-kill     SIGKILL the TaskManager running the job's tasks once the first interaction
#               timelines are committed; a fresh TaskManager replaces it; the job must end DONE
#               (exit 0) after at least one restart
#   pg-restart  restart PostgreSQL once the first interaction timelines are committed; the job
#               must end DONE after at least one restart
# After each batch fault run every table equals the clean run's (EXCEPT ALL both ways, timestamps
# and the emulator's job ids left out), ground truth holds, and the ledger marks every window
# complete.
# SCENARIOS="tm-kill pg-restart" (the default) chooses which run after the clean one.
# Every wait is bounded; the cluster always goes, the schemas when the test passes (else they stay
# for a look). A wrong table does not stop the test: every check runs, then it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
VOLUME=${VOLUME:-6000}
DATE=${DATE:-2024-01-15}
JOB_TIMEOUT=${JOB_TIMEOUT:-480}
PROGRESS_TIMEOUT=${PROGRESS_TIMEOUT:-300}
PG_PORT=${GCKPI_FAILOVER_DB_PORT:-5433}
PG_CLUSTER=gckpi_failover
DB=gckpi_failover
REST_PORT=$(awk '/^rest.port:/ {print $2}' runner-configs/flink/conf/flink-conf.yaml)
REST="http://127.0.0.1:$REST_PORT"
export FLINK_CLUSTER_DIR=runner-configs/flink/target/failover-cluster
export FLINK_TASKMANAGERS=2
export FLINK_CONF_OVERLAY=runner-configs/flink/conf/failover.yaml
WORK=runner-configs/flink/target/failover-test
# The scenarios to run after the clean one (all by default).
SCENARIOS=${SCENARIOS:-tm-kill pg-restart}
RUN_ID=$$
SCHEMAS=()
T0=$(date +%s)

say() { echo "flink-failover-test [$(( $(date +%s) - T0 ))s]: $*"; }
fail() { say "FAILED: $*" >&2; exit 1; }
# A result that is wrong: recorded, the next checks still run, the test fails at its end.
PROBLEMS=()
problem() { say "WRONG: $*" >&2; PROBLEMS+=("$*"); }

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo

# A PostgreSQL cluster of the test's own, created once, with the gckpi role and database.
own_database() {
  scripts/db.sh >/dev/null # installs the server when missing
  PG_VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$PG_VERSION $PG_CLUSTER$"; then
    $SUDO pg_createcluster --port "$PG_PORT" "$PG_VERSION" "$PG_CLUSTER" >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" \
      '$1==v && $2==c {print $4}' | grep -q online; then
    $SUDO pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >&2
  fi
  wait_pg_ready || fail "PostgreSQL $PG_VERSION/$PG_CLUSTER did not become ready"
  as_postgres psql -q -p "$PG_PORT" -tAc "SELECT 1 FROM pg_roles WHERE rolname='gckpi'" | grep -q 1 ||
    as_postgres psql -q -p "$PG_PORT" -c "CREATE ROLE gckpi LOGIN PASSWORD 'gckpi'" >/dev/null
  as_postgres psql -q -p "$PG_PORT" -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'" | grep -q 1 ||
    as_postgres psql -q -p "$PG_PORT" -c "CREATE DATABASE $DB OWNER gckpi" >/dev/null
  URL="jdbc:postgresql://127.0.0.1:$PG_PORT/$DB?user=gckpi&password=gckpi"
}
wait_pg_ready() {
  for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && return 0; sleep 0.5; done
  return 1
}
sql() { PGPASSWORD=gckpi psql -h 127.0.0.1 -p "$PG_PORT" -U gckpi -d "$DB" -XAtq -v ON_ERROR_STOP=1 -c "$1"; }

cleanup() {
  local status=$?
  [ -n "${JOB_PID:-}" ] && kill "$JOB_PID" 2>/dev/null || true
  scripts/flink-cluster.sh stop >/dev/null 2>&1 || true
  if [ "$status" = 0 ]; then
    for schema in "${SCHEMAS[@]}"; do sql "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1 || true; done
  else
    say "kept the schemas ${SCHEMAS[*]} in database $DB on port $PG_PORT for a look; the job logs are in $WORK"
  fi
  say "ended with status $status after $(( $(date +%s) - T0 )) s"
}

job_args() { # $1 schema
  echo --runner=FlinkRunner "--flinkMaster=127.0.0.1:$REST_PORT" "--filesToStage=$JAR" \
    --parallelism=2 --source=emulator "--date=$DATE" "--emulatorVolume=$VOLUME" --sink=jdbc \
    "--jdbcSchema=$1" "--output=$WORK/$1"
}

# Submits the job for schema $1 (more options after it) in the background; its output goes to
# $WORK/$1.log.
submit() {
  local schema=$1
  shift
  SCHEMAS+=("$schema")
  mkdir -p "$WORK/$schema"
  # shellcheck disable=SC2046
  timeout "$JOB_TIMEOUT" java -cp "$JAR" io.gckpi.pipeline.KpiPipeline $(job_args "$schema") \
    "--jdbcUrl=$URL" "$@" > "$WORK/$schema.log" 2>&1 &
  JOB_PID=$!
}
finish() { # waits for the job submitted last; sets JOB_EXIT
  set +e; wait "$JOB_PID"; JOB_EXIT=$?; set -e; JOB_PID=
}

# Waits until the run in schema $1 has committed interaction timelines (the job's own progress).
wait_for_committed_rows() {
  local schema=$1 deadline=$(( $(date +%s) + PROGRESS_TIMEOUT )) rows
  while [ "$(date +%s)" -lt "$deadline" ]; do
    kill -0 "$JOB_PID" 2>/dev/null || fail "the job in $schema ended before any row was committed"
    rows=$(sql "SELECT count(*) FROM $schema.interaction_timelines" 2>/dev/null || echo 0)
    if [ "${rows:-0}" -gt 0 ]; then COMMITTED=$rows; return 0; fi
    sleep 0.2
  done
  fail "no interaction timeline committed in $schema within $PROGRESS_TIMEOUT s"
}

# SIGKILLs the TaskManager with the most slots taken (the job's tasks), then starts a fresh one
# in its place.
kill_busy_taskmanager() {
  local victim
  victim=$(curl -fsS "$REST/taskmanagers" | python3 -c '
import json, sys
tms = [t for t in json.load(sys.stdin)["taskmanagers"] if t["freeSlots"] < t["slotsNumber"]]
print(min(tms, key=lambda t: t["freeSlots"])["id"] if tms else "")')
  [ -n "$victim" ] || fail "no TaskManager runs a task of the job"
  kill -9 "$(cat "$FLINK_CLUSTER_DIR/taskmanager-${victim#tm-}.pid")"
  KILLED=$victim
  scripts/flink-cluster.sh add-taskmanager >/dev/null
}

# The id of the cluster's job that runs or ran last.
last_job_id() {
  curl -fsS "$REST/jobs/overview" | python3 -c '
import json, sys
jobs = json.load(sys.stdin)["jobs"]
print(max(jobs, key=lambda j: j["start-time"])["jid"] if jobs else "")'
}
# How many times job $1 failed and restarted, with the first cause, from the exception history.
restarts_of() {
  curl -fsS "$REST/jobs/$1/exceptions" | python3 -c '
import json, sys
history = json.load(sys.stdin).get("exceptionHistory", {}).get("entries", [])
causes = [e.get("exceptionName", "?") + ": " + (e.get("stacktrace") or "").splitlines()[0][:200]
          for e in history]
print(len(history))
for c in causes: print("  cause:", c)'
}

# Compares schema $1 with the clean run, table by table ($2: the tables), timestamps and the
# emulator's job ids left out: no row missing, none extra, none twice (EXCEPT ALL both ways).
# Floating-point columns are compared as float4: their sums depend on the order of addition,
# which no two runs share, down to the last bits of a double.
same_as_clean() {
  local schema=$1 table cols diff missing extra rows
  for table in $2; do
    cols=$(sql "SELECT string_agg(CASE WHEN data_type = 'double precision' THEN
        quote_ident(column_name) || '::real' ELSE quote_ident(column_name) END, ','
        ORDER BY ordinal_position)
      FROM information_schema.columns WHERE table_schema='clean_$RUN_ID' AND table_name='$table'
      AND column_name NOT IN ('updated_at', 'job_id')")
    diff=$(sql "SELECT (SELECT count(*) FROM (SELECT $cols FROM clean_$RUN_ID.$table EXCEPT ALL
        SELECT $cols FROM $schema.$table) a) || ' ' || (SELECT count(*) FROM (SELECT $cols FROM
        $schema.$table EXCEPT ALL SELECT $cols FROM clean_$RUN_ID.$table) b)
        || ' ' || (SELECT count(*) FROM $schema.$table)")
    read -r missing extra rows <<< "$diff"
    say "  $schema.$table: $rows rows, $missing missing, $extra extra against the clean run"
    [ "$missing" = 0 ] && [ "$extra" = 0 ] || problem "$schema.$table differs from the clean run"
  done
}

# Checks batch schema $1 against the clean run (every table), ground truth and the ledger.
check_exact() {
  local schema=$1 incomplete
  same_as_clean "$schema" "$(sql "SELECT string_agg(table_name, ' ' ORDER BY table_name)
    FROM information_schema.tables WHERE table_schema='clean_$RUN_ID'
    AND table_name <> 'flyway_schema_history'")"
  incomplete=$(sql "SELECT count(*) FROM $schema.extraction_windows WHERE status <> 'complete'")
  [ "$incomplete" = 0 ] && [ "$(sql "SELECT count(*) FROM $schema.extraction_windows")" -gt 0 ] ||
    problem "the ledger in $schema has $incomplete windows not complete"
  ground_truth "$schema"
}

# Checks schema $1 against the emulator's ground truth, as flink-cluster-test does.
ground_truth() {
  # shellcheck disable=SC2046
  java -cp "$JAR" io.gckpi.pipeline.verify.GroundTruthCheck $(job_args "$1" | tr ' ' '\n' |
    grep -v -e '^--runner' -e '^--flinkMaster' -e '^--filesToStage' -e '^--parallelism') \
    "--jdbcUrl=$URL" || problem "$1 does not match the emulator's ground truth"
}

expect_done_after_restart() { # $1 schema, $2 what happened
  local jid restarts
  jid=$(last_job_id)
  say "$1: job exited $JOB_EXIT; $2"
  restarts=$(restarts_of "$jid")
  say "$1: Flink job $jid, state $(curl -fsS "$REST/jobs/$jid" | python3 -c \
    'import json,sys; print(json.load(sys.stdin)["state"])'), restarts $restarts"
  [ "$JOB_EXIT" = 0 ] || { tail -40 "$WORK/$1.log" >&2; fail "the job in $1 exited $JOB_EXIT"; }
  [ "$(echo "$restarts" | head -1)" -ge 1 ] || fail "the fault in $1 caused no restart: it missed the job"
}

mkdir -p "$WORK"
own_database
trap cleanup EXIT
scripts/flink-cluster.sh stop >/dev/null
scripts/flink-cluster.sh start
JAR=$(ls runner-configs/flink/target/gckpi-flink-*-shaded.jar)
say "cluster up with two TaskManagers; PostgreSQL $PG_VERSION/$PG_CLUSTER on $PG_PORT"

# clean: the reference run.
started=$(date +%s)
submit "clean_$RUN_ID"; finish
[ "$JOB_EXIT" = 0 ] || { tail -40 "$WORK/clean_$RUN_ID.log" >&2; fail "the clean run exited $JOB_EXIT"; }
[ "$(restarts_of "$(last_job_id)" | head -1)" = 0 ] || fail "the clean run restarted: $(restarts_of "$(last_job_id)")"
ground_truth "clean_$RUN_ID"
say "clean: done in $(( $(date +%s) - started )) s, $(sql "SELECT count(*) FROM clean_$RUN_ID.interaction_timelines") timelines"

# tm-kill: SIGKILL the TaskManager with the job's tasks after the first commits.
if [[ " $SCENARIOS " == *" tm-kill "* ]]; then
started=$(date +%s)
submit "tm_kill_$RUN_ID"
wait_for_committed_rows "tm_kill_$RUN_ID"
kill_busy_taskmanager
say "tm-kill: SIGKILLed $KILLED after $(( $(date +%s) - started )) s, with $COMMITTED timelines committed; a fresh TaskManager replaced it"
finish
expect_done_after_restart "tm_kill_$RUN_ID" "done in $(( $(date +%s) - started )) s"
check_exact "tm_kill_$RUN_ID"
fi

# pg-restart: restart PostgreSQL under the writers.
if [[ " $SCENARIOS " == *" pg-restart "* ]]; then
started=$(date +%s)
submit "db_restart_$RUN_ID"
wait_for_committed_rows "db_restart_$RUN_ID"
$SUDO pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart
wait_pg_ready || fail "PostgreSQL did not come back"
say "pg-restart: restarted PostgreSQL after $(( $(date +%s) - started )) s, with $COMMITTED timelines committed"
finish
expect_done_after_restart "db_restart_$RUN_ID" "done in $(( $(date +%s) - started )) s"
grep -h -m3 -i "PSQLException\|terminating connection" "$FLINK_CLUSTER_DIR"/log/taskmanager-*.log \
  | cut -c1-240 | sed 's/^/  /' || true
check_exact "db_restart_$RUN_ID"
fi

[ "${#PROBLEMS[@]}" = 0 ] || fail "${#PROBLEMS[@]} wrong results: $(printf '%s; ' "${PROBLEMS[@]}")"
say "OK"
