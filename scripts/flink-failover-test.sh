#!/usr/bin/env bash
# `make flink-failover-test`: the KPI job survives the faults a cluster has. On the loopback
# session cluster of scripts/flink-cluster.sh with two TaskManagers, restarts and region failover
# on (runner-configs/flink/conf/failover.yaml), against a standalone emulator per run (settled: a
# re-read window gets what the first read got, so a restarted run must equal the clean one; R
# requests a minute per token; its counters on /emulator/stats) and a PostgreSQL cluster of its
# own (port 5433, so that restarting it disturbs nothing else):
#   clean       a run without faults, the reference (checked against ground truth)
#   rate-limit  the same by detail queries, whose windows spread over both TaskManagers' read
#               subtasks: with two TaskManagers reading, no token passes R requests in any 60 s
#               and each reading token uses at least 80 % of R
#   tm-kill     once a quarter of the result pages are served (the read's own progress), SIGKILL
#               a TaskManager running a subtask of the read; a fresh TaskManager replaces it; the
#               job must restart (Flink's exception history) and end DONE (exit 0)
#   pg-restart  restart PostgreSQL while a write of the job is in flight: the test holds a lock
#               on the ledger (written last), every other table is written, the ledger's first
#               upsert waits on the lock, and the restart ends it; the job must restart and end
#               DONE (or, out of restarts, exit non-zero with a ledger that a re-run completes)
#   streaming   --streaming with checkpoints every 2 s, the emulator's clock running 3,600 times
#               real time: right after the first completed checkpoint, SIGKILL a TaskManager
#               running the job; Flink restores that checkpoint and the stream goes on from the
#               page after it; kpi_daily ends equal to the clean batch run's, each conversation
#               counted once
# After each batch fault run every table equals the clean run's (EXCEPT ALL both ways, timestamps
# and the emulator's job ids left out), ground truth holds, and the ledger marks every window
# complete.
# SCENARIOS="rate-limit tm-kill pg-restart streaming" (the default) chooses which run after the
# clean one.
# Every wait is bounded; the cluster always goes, the schemas when the test passes (else they stay
# for a look). A wrong table does not stop the test: every check runs, then it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
# Two days of 3,000 conversations: a day is one span of the read (its jobs read by one subtask),
# so two days give each TaskManager a read subtask of its own.
VOLUME=${VOLUME:-3000}
DATE=${DATE:-2024-01-15}
DAYS=2
INTERVAL="${DATE}T00:00:00Z/$(date -u -d "$DATE + $DAYS days" +%F)T00:00:00Z"
JOB_TIMEOUT=${JOB_TIMEOUT:-480}
PROGRESS_TIMEOUT=${PROGRESS_TIMEOUT:-300}
PG_PORT=${GCKPI_FAILOVER_DB_PORT:-5433}
EMU_PORT=${GCKPI_FAILOVER_EMULATOR_PORT:-18210}
EMU="http://127.0.0.1:$EMU_PORT"
# Requests a minute per token, in the emulator and in the job: low enough that the read is paced
# by it (and lasts long enough for a TaskManager to be killed in the middle of it).
RATE=${RATE:-120}
# The vertex that reads the windows (Beam's splittable DoFn in Flink batch), and the streaming read.
READ_VERTEX="KpiTables/ReadGenesys/ExtractWindows/ProcessKeyedElements/NaiveProcess"
PG_CLUSTER=gckpi_failover
DB=gckpi_failover
REST_PORT=$(awk '/^rest.port:/ {print $2}' runner-configs/flink/conf/flink-conf.yaml)
REST="http://127.0.0.1:$REST_PORT"
export FLINK_CLUSTER_DIR=runner-configs/flink/target/failover-cluster
export FLINK_TASKMANAGERS=2
export FLINK_CONF_OVERLAY=runner-configs/flink/conf/failover.yaml
WORK=runner-configs/flink/target/failover-test
# The scenarios to run after the clean one (all by default).
SCENARIOS=${SCENARIOS:-rate-limit tm-kill pg-restart streaming}
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
  stop_emulator
  scripts/flink-cluster.sh stop >/dev/null 2>&1 || true
  if [ "$status" = 0 ]; then
    for schema in "${SCHEMAS[@]}"; do sql "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1 || true; done
  else
    say "kept the schemas ${SCHEMAS[*]} in database $DB on port $PG_PORT for a look; the job logs are in $WORK"
  fi
  say "ended with status $status after $(( $(date +%s) - T0 )) s"
}

# The emulator of scenario $1, standalone on EMU_PORT: settled (every conversation in its final
# version from the first read on, so that a restarted job re-reading a window sees what the clean
# run saw), its jobs done at once, R requests a minute per token; counters on /emulator/stats.
start_emulator() { # $1 scenario, more emulator options after it
  local scenario=$1
  shift
  stop_emulator
  java -cp "$JAR" io.gckpi.genesys.testing.GenesysEmulatorMain --port="$EMU_PORT" \
    --volume="$VOLUME" --days="$DAYS" --start="$DATE" --rate-limit="$RATE" --job-delay-ms=0 --settled=true \
    "$@" > "$WORK/emulator-$scenario.log" 2>&1 &
  EMU_PID=$!
  for _ in $(seq 1 120); do
    grep -q "listening on" "$WORK/emulator-$scenario.log" && return 0
    kill -0 "$EMU_PID" 2>/dev/null || break
    sleep 0.25
  done
  cat "$WORK/emulator-$scenario.log" >&2
  fail "the emulator did not start on port $EMU_PORT"
}
stop_emulator() {
  if [ -n "${EMU_PID:-}" ]; then kill "$EMU_PID" 2>/dev/null || true; wait "$EMU_PID" 2>/dev/null || true; fi
  EMU_PID=
}
emulator_stats() { curl -fsS "$EMU/emulator/stats"; }

job_args() { # $1 schema
  echo --runner=FlinkRunner "--flinkMaster=127.0.0.1:$REST_PORT" "--filesToStage=$JAR" \
    --parallelism=2 --source=genesys "--apiBaseUrl=$EMU" --clientId=gckpi-demo \
    --clientSecret=gckpi-demo-secret "--rateLimitPerMinute=${JOB_RATE:-$RATE}" "--interval=$INTERVAL" --sink=jdbc \
    "--jdbcSchema=$1" "--output=$WORK/$1"
}

# Submits the job for schema $1 (more options after it) in the background; its output goes to
# $WORK/$1$LOG_SUFFIX.log.
submit() {
  local schema=$1
  shift
  SCHEMAS+=("$schema")
  mkdir -p "$WORK/$schema"
  # shellcheck disable=SC2046
  timeout "$JOB_TIMEOUT" java -cp "$JAR" io.gckpi.pipeline.KpiPipeline $(job_args "$schema") \
    "--jdbcUrl=$URL" "$@" > "$WORK/$schema${LOG_SUFFIX:-}.log" 2>&1 &
  JOB_PID=$!
}
finish() { # waits for the job submitted last; sets JOB_EXIT
  set +e; wait "$JOB_PID"; JOB_EXIT=$?; set -e; JOB_PID=
}

# Waits until the emulator has served $1 result pages: the read's own progress.
wait_for_pages() {
  local want=$1 deadline=$(( $(date +%s) + PROGRESS_TIMEOUT ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    kill -0 "$JOB_PID" 2>/dev/null || fail "the job ended before the emulator served $want result pages"
    PAGES=$(emulator_stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["resultPagesServed"])')
    [ "$PAGES" -ge "$want" ] && return 0
    sleep 0.2
  done
  fail "the emulator served $PAGES of $want result pages within $PROGRESS_TIMEOUT s"
}

# The TaskManagers (resource ids) running a subtask of a vertex of job $1 whose name holds $2.
taskmanagers_running() {
  local vertex
  for vertex in $(curl -fsS "$REST/jobs/$1" | python3 -c '
import json, sys
for v in json.load(sys.stdin)["vertices"]:
    if sys.argv[1] in v["name"] and v["status"] == "RUNNING": print(v["id"])' "$2"); do
    curl -fsS "$REST/jobs/$1/vertices/$vertex/taskmanagers" | python3 -c '
import json, sys
for tm in json.load(sys.stdin)["taskmanagers"]:
    if tm.get("status-counts", {}).get("RUNNING", 0) > 0: print(tm["taskmanager-id"])'
  done | sort -u
}

# SIGKILLs a TaskManager that runs a subtask of the read ($READ_VERTEX) of
# job $1 at this moment, then starts a fresh one in its place.
kill_reading_taskmanager() {
  local victim
  victim=$(taskmanagers_running "$1" "$READ_VERTEX" | head -1)
  [ -n "$victim" ] || fail "no TaskManager runs a subtask of the read"
  kill -9 "$(cat "$FLINK_CLUSTER_DIR/taskmanager-${victim#tm-}.pid")"
  KILLED=$victim
  scripts/flink-cluster.sh add-taskmanager >/dev/null
}

# Holds a lock on the ledger of schema $1 (once the job's migrations have made it) that lets
# reads through but makes every write wait: a background session, ended by the restart.
hold_ledger_lock() {
  local deadline=$(( $(date +%s) + PROGRESS_TIMEOUT ))
  # The launcher logs the schema's version once its migrations are done.
  until grep -q "is at schema version" "$WORK/$1.log"; do
    [ "$(date +%s)" -lt "$deadline" ] || fail "the job did not migrate schema $1"
    kill -0 "$JOB_PID" 2>/dev/null || fail "the job ended before it made its tables"
    sleep 0.2
  done
  PGPASSWORD=gckpi psql -h 127.0.0.1 -p "$PG_PORT" -U gckpi -d "$DB" -Xq -v ON_ERROR_STOP=1 \
    -c "BEGIN" -c "LOCK TABLE $1.extraction_windows IN EXCLUSIVE MODE" \
    -c "SELECT pg_sleep($JOB_TIMEOUT)" > "$WORK/lock-$1.log" 2>&1 &
}
# Waits until a session of the job waits for the lock on schema $1's ledger: a write in flight.
wait_for_blocked_ledger_write() {
  local deadline=$(( $(date +%s) + JOB_TIMEOUT ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    kill -0 "$JOB_PID" 2>/dev/null || fail "the job in $1 ended before it wrote its ledger"
    [ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE datname = '$DB'
        AND wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO extraction_windows%'")" -gt 0 ] &&
      return 0
    sleep 0.2
  done
  fail "no ledger write of the job in $1 within $JOB_TIMEOUT s"
}

# The id of the cluster's job that runs or ran last.
last_job_id() {
  curl -fsS "$REST/jobs/overview" | python3 -c '
import json, sys
jobs = json.load(sys.stdin)["jobs"]
print(max(jobs, key=lambda j: j["start-time"])["jid"] if jobs else "")'
}
# Waits until the cluster runs a job started after epoch ms $1; prints its id.
wait_for_job() {
  local jid
  for _ in $(seq 1 $(( PROGRESS_TIMEOUT * 5 ))); do
    jid=$(curl -fsS "$REST/jobs/overview" | python3 -c '
import json, sys
jobs = [j for j in json.load(sys.stdin)["jobs"] if j["start-time"] >= int(sys.argv[1])]
print(jobs[0]["jid"] if jobs else "")' "$1")
    [ -n "$jid" ] && { echo "$jid"; return 0; }
    kill -0 "$JOB_PID" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
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

# Rate limit across workers: every token the run used (one per reading task, on two
# TaskManagers; the launcher's and the reconciliation's own) kept to R requests in any 60 s, as
# the emulator counted them (a sliding minute), none was answered 429; and each reading token, from
# its first request to its last, ran at 80 % of R or more. Genesys limits each token, and each
# worker JVM paces its own tokens to --rateLimitPerMinute, so two TaskManagers reading may use
# twice R between them; how evenly the windows spread over them is the read's plan, not the pacing.
check_rate_limit() { # $1 what
  emulator_stats | python3 -c '
import json, sys
stats, rate = json.load(sys.stdin), int(sys.argv[1])
tokens = stats["tokens"]
worst = max(t["busiestMinute"] for t in tokens)
print("%d tokens, %d requests, %d answered 429; the busiest 60 s of any token: %d requests (limit %d)"
      % (len(tokens), stats["requests"], stats["tooManyRequestsSent"], worst, rate))
ok = worst <= rate and stats["tooManyRequestsSent"] == 0
# The reading tokens: those with many requests (the launcher and reconciliation make a handful).
reading = [t for t in tokens if t["requests"] >= 10]
ok = ok and len(reading) >= 2
for t in reading:
    span = (t["lastRequestMs"] - t["firstRequestMs"]) / 1000.0
    per_minute = (t["requests"] - 1) * 60.0 / span if span > 0 else float("inf")
    print("a reading token: %d requests in %.1f s, %.0f a minute, %.0f %% of R"
          % (t["requests"], span, per_minute, 100.0 * per_minute / rate))
    ok = ok and per_minute >= 0.8 * rate
sys.exit(0 if ok else 1)' "$RATE" | sed "s/^/  $1: /" || problem "$1: the rate limit was passed, or less than 80 % of it was used"
}

# Flink's count of job $1's checkpoints of kind $2 (completed, restored, failed, ...).
checkpoint_count() {
  # The REST API answers 500 until the job's checkpointing is set up.
  (curl -fsS "$REST/jobs/$1/checkpoints" 2>/dev/null || echo '{}') | python3 -c '
import json, sys
print(json.load(sys.stdin).get("counts", {}).get(sys.argv[1], 0))' "$2"
}
completed_checkpoints() { checkpoint_count "$1" completed; }
wait_for_checkpoint() { # $1 job, $2 how many
  for _ in $(seq 1 $(( PROGRESS_TIMEOUT * 5 ))); do
    [ "$(completed_checkpoints "$1")" -ge "$2" ] && return 0
    kill -0 "$JOB_PID" 2>/dev/null || fail "the job ended before checkpoint $2"
    sleep 0.2
  done
  fail "job $1 completed no checkpoint within $PROGRESS_TIMEOUT s"
}

# The interaction rows of schema $1 are the clean run's conversations, each once.
same_ids_as_clean() {
  local diff
  diff=$(sql "SELECT (SELECT count(*) FROM (SELECT conversation_id FROM clean_$RUN_ID.interaction_timelines
      EXCEPT ALL SELECT conversation_id FROM $1.interaction_timelines) a) || ' ' || (SELECT count(*)
      FROM (SELECT conversation_id FROM $1.interaction_timelines EXCEPT ALL SELECT conversation_id
      FROM clean_$RUN_ID.interaction_timelines) b) || ' ' || (SELECT count(*) FROM $1.interaction_timelines)")
  read -r missing extra rows <<< "$diff"
  say "  $1.interaction_timelines: $rows rows, $missing conversations missing, $extra extra or twice against the clean run"
  [ "$missing" = 0 ] && [ "$extra" = 0 ] || problem "$1.interaction_timelines holds other conversations than the clean run"
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
  java -cp "$JAR" io.gckpi.pipeline.verify.GroundTruthCheck --source=emulator \
    "--emulatorVolume=$VOLUME" "--interval=$INTERVAL" --sink=jdbc "--jdbcSchema=$1" "--output=$WORK/$1" \
    "--jdbcUrl=$URL" || problem "$1 does not match the emulator's ground truth"
}

expect_done_after_restart() { # $1 schema, $2 what happened
  local jid restarts
  jid=$(last_job_id)
  say "$1: job exited $JOB_EXIT; $2"
  restarts=$(restarts_of "$jid")
  RESTARTS=$(echo "$restarts" | head -1)
  say "$1: Flink job $jid, state $(curl -fsS "$REST/jobs/$jid" | python3 -c \
    'import json,sys; print(json.load(sys.stdin)["state"])'), restarts $restarts"
  [ "$JOB_EXIT" = 0 ] || { tail -40 "$WORK/$1.log" >&2; fail "the job in $1 exited $JOB_EXIT"; }
}

mkdir -p "$WORK"
own_database
trap cleanup EXIT
scripts/flink-cluster.sh stop >/dev/null
scripts/flink-cluster.sh start
JAR=$(ls runner-configs/flink/target/gckpi-flink-*-shaded.jar)
say "cluster up with two TaskManagers; PostgreSQL $PG_VERSION/$PG_CLUSTER on $PG_PORT; emulator on $EMU_PORT, $RATE requests a minute per token"

# clean: the reference run, and the rate limit with two TaskManagers reading.
started=$(date +%s)
start_emulator clean
submit "clean_$RUN_ID"
JID=$(wait_for_job "$(( started * 1000 ))") || fail "the clean run never reached the cluster"
finish
[ "$JOB_EXIT" = 0 ] || { tail -40 "$WORK/clean_$RUN_ID.log" >&2; fail "the clean run exited $JOB_EXIT"; }
[ "$(restarts_of "$JID" | head -1)" = 0 ] || fail "the clean run restarted: $(restarts_of "$JID")"
ground_truth "clean_$RUN_ID"
TOTAL_PAGES=$(emulator_stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["resultPagesServed"])')
say "clean: done in $(( $(date +%s) - started )) s, $(sql "SELECT count(*) FROM clean_$RUN_ID.interaction_timelines") timelines, $TOTAL_PAGES result pages"

# rate-limit: two TaskManagers reading at once, under the emulator's limit per token. A day is one
# span of the jobs read (one subtask pages its jobs), so detail queries, which read each window as
# a span of its own, spread the 48 windows over both TaskManagers' read subtasks.
if [[ " $SCENARIOS " == *" rate-limit "* ]]; then
started=$(date +%s)
start_emulator rate-limit
submit "rate_$RUN_ID" --mode=QUERY
JID=$(wait_for_job "$(( started * 1000 ))") || fail "the rate-limit run never reached the cluster"
READERS=0
while kill -0 "$JOB_PID" 2>/dev/null; do
  now=$(taskmanagers_running "$JID" "$READ_VERTEX" | wc -l)
  [ "$now" -gt "$READERS" ] && READERS=$now
  sleep 1
done
finish
[ "$JOB_EXIT" = 0 ] || { tail -40 "$WORK/rate_$RUN_ID.log" >&2; fail "the rate-limit run exited $JOB_EXIT"; }
ground_truth "rate_$RUN_ID"
say "rate-limit: done in $(( $(date +%s) - started )) s by detail queries, $READERS TaskManagers reading at once"
[ "$READERS" = 2 ] || problem "the read ran on $READERS TaskManagers at once, not 2"
check_rate_limit rate-limit
fi

# tm-kill: SIGKILL a TaskManager running a subtask of the read once a quarter of the result pages
# are served: its read task is still running, so the job must fail and restart.
if [[ " $SCENARIOS " == *" tm-kill "* ]]; then
started=$(date +%s)
start_emulator tm-kill
submit "tm_kill_$RUN_ID"
JID=$(wait_for_job "$(( started * 1000 ))") || fail "the tm-kill run never reached the cluster"
wait_for_pages $(( (TOTAL_PAGES + 3) / 4 ))
kill_reading_taskmanager "$JID"
say "tm-kill: SIGKILLed $KILLED, which was running the read, after $(( $(date +%s) - started )) s, with $PAGES of $TOTAL_PAGES result pages served; a fresh TaskManager replaced it"
finish
expect_done_after_restart "tm_kill_$RUN_ID" "done in $(( $(date +%s) - started )) s, $(emulator_stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["resultPagesServed"])') result pages served"
[ "$RESTARTS" -ge 1 ] || problem "the TaskManager kill in tm_kill_$RUN_ID caused no restart"
check_exact "tm_kill_$RUN_ID"
fi

# pg-restart: restart PostgreSQL while a write of the job is in flight. The ledger is written last
# (each window's row once its rows are committed), so the test holds a lock on it: every other
# table is written, the ledger's first upsert waits, and the restart lands in the middle of it.
if [[ " $SCENARIOS " == *" pg-restart "* ]]; then
started=$(date +%s)
start_emulator pg-restart
submit "db_restart_$RUN_ID"
hold_ledger_lock "db_restart_$RUN_ID"
wait_for_blocked_ledger_write "db_restart_$RUN_ID"
committed=$(sql "SELECT count(*) FROM db_restart_$RUN_ID.interaction_timelines")
$SUDO pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart
wait_pg_ready || fail "PostgreSQL did not come back"
say "pg-restart: restarted PostgreSQL after $(( $(date +%s) - started )) s, while the job's ledger write waited, with $committed timelines and $(sql "SELECT count(*) FROM db_restart_$RUN_ID.extraction_windows") ledger rows committed"
finish
if [ "$JOB_EXIT" != 0 ]; then
  # Out of restarts: the ledger must make the next run exact.
  tail -20 "$WORK/db_restart_$RUN_ID.log" | cut -c1-300 | sed 's/^/  /' >&2
  say "pg-restart: the job exited $JOB_EXIT; $(sql "SELECT count(*) FROM db_restart_$RUN_ID.extraction_windows WHERE status = 'complete'") windows complete in the ledger; running it again"
  start_emulator pg-restart-again
  LOG_SUFFIX=-again submit "db_restart_$RUN_ID"; finish
fi
expect_done_after_restart "db_restart_$RUN_ID" "done in $(( $(date +%s) - started )) s"
[ "$RESTARTS" -ge 1 ] || problem "the PostgreSQL restart in db_restart_$RUN_ID caused no restart: it missed the write"
say "pg-restart: the write that met the restart failed its task and Flink restarted it (the JobManager's log):"
jid=$(last_job_id)
{ grep -h -m2 "($jid) switched from state RUNNING to RESTARTING" "$FLINK_CLUSTER_DIR"/log/jobmanager.out
  grep -h -m2 "Caused by: org.postgresql.util.PSQLException" "$FLINK_CLUSTER_DIR"/log/jobmanager.out
} | cut -c1-240 | sed 's/^/  /' || true
check_exact "db_restart_$RUN_ID"
fi

# streaming: the job with --streaming and checkpoints every 2 s on the same cluster; as soon as
# the first checkpoint has completed, SIGKILL a TaskManager running the job's tasks (a streaming
# job's tasks all run to its end, so it must fail); Flink restores the last checkpoint. kpi_daily
# must end equal to the clean batch run's, and the interaction rows and per-window components
# count each conversation once.
if [[ " $SCENARIOS " == *" streaming "* ]]; then
started=$(date +%s)
# The emulator's clock starts at the day's start and runs 3,600 times faster than real time (a
# window comes due every second; the two days and the 6-hour re-read horizon take about 54 s), so
# the stream takes the windows one after another and checkpoints between them; no rate limit.
# The job's sources shut down after 60 s idle, longer than the stream takes: once its input has
# ended, Beam's Flink operator runs the read's remaining work inside its finish, where no
# checkpoint barrier gets through, so a source shut down early would leave nothing to restore.
RATE=0 start_emulator streaming --clock="${DATE}T00:00:00Z" --clock-speed=3600
JOB_RATE=100000 submit "stream_$RUN_ID" --streaming=true --checkpointingInterval=2000 \
  --shutdownSourcesAfterIdleMs=60000 --pollInterval=PT0.2S --earlyFiringPeriod=PT1S \
  --trailingHorizon=PT6H
JID=$(wait_for_job "$(( started * 1000 ))") || fail "the streaming run never reached the cluster"
wait_for_checkpoint "$JID" 1
checkpoints=$(completed_checkpoints "$JID")
PAGES=$(emulator_stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["resultPagesServed"])')
# A streaming job holds its slots until it ends: the TaskManager with the most slots taken.
victim=$(curl -fsS "$REST/taskmanagers" | python3 -c '
import json, sys
tms = [t for t in json.load(sys.stdin)["taskmanagers"] if t["freeSlots"] < t["slotsNumber"]]
print(min(tms, key=lambda t: t["freeSlots"])["id"] if tms else "")')
[ -n "$victim" ] || fail "no TaskManager runs a task of the streaming job"
kill -9 "$(cat "$FLINK_CLUSTER_DIR/taskmanager-${victim#tm-}.pid")"
scripts/flink-cluster.sh add-taskmanager >/dev/null
say "streaming: SIGKILLed $victim after $(( $(date +%s) - started )) s, right after checkpoint $checkpoints completed, with $PAGES result pages served; a fresh TaskManager replaced it"
finish
expect_done_after_restart "stream_$RUN_ID" "done in $(( $(date +%s) - started )) s, $(emulator_stats | python3 -c 'import json,sys; print(json.load(sys.stdin)["resultPagesServed"])') result pages served"
[ "$RESTARTS" -ge 1 ] || problem "the TaskManager kill in stream_$RUN_ID caused no restart"
restored=$(checkpoint_count "$JID" restored)
[ "$restored" -ge 1 ] || problem "stream_$RUN_ID restarted without restoring a checkpoint"
say "streaming: restored from a checkpoint $restored time(s)"
same_as_clean "stream_$RUN_ID" "kpi_daily kpi_daily_components"
same_ids_as_clean "stream_$RUN_ID"
ground_truth "stream_$RUN_ID"
fi

[ "${#PROBLEMS[@]}" = 0 ] || fail "${#PROBLEMS[@]} wrong results: $(printf '%s; ' "${PROBLEMS[@]}")"
say "OK"
