#!/usr/bin/env bash
# `make flink-cluster-test`: the KPI job on a real Flink session cluster, not the in-process mini
# cluster. Starts a JobManager and a TaskManager as separate JVMs on loopback, submits the shaded
# job jar through the cluster's REST endpoint (FlinkRunner --flinkMaster) against the built-in
# emulator and the local PostgreSQL, checks the tables against the emulator's ground truth, and
# stops the cluster whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -B -ntp}
VOLUME=${VOLUME:-3000}
DATE=${DATE:-2024-01-15}
REST_PORT=$(awk '/^rest.port:/ {print $2}' runner-configs/flink/conf/flink-conf.yaml)
WORK=runner-configs/flink/target/cluster-test
SCHEMA="flink_cluster_test_$$"

url=$(scripts/db.sh)
scripts/flink-cluster.sh stop >/dev/null
trap 'scripts/flink-cluster.sh stop; psql_drop' EXIT
psql_drop() {
  java -cp "$JAR" io.gckpi.pipeline.verify.GroundTruthCheck --dropSchema \
    --jdbcUrl="$url" --jdbcSchema="$SCHEMA" >/dev/null 2>&1 || true
}

scripts/flink-cluster.sh start
JAR=$(ls runner-configs/flink/target/gckpi-flink-*-shaded.jar)
mkdir -p "$WORK"
args=(--source=emulator --date="$DATE" --emulatorVolume="$VOLUME" --sink=jdbc
  --jdbcUrl="$url" --jdbcSchema="$SCHEMA" --output="$WORK")

echo "flink-cluster-test: submitting the job to 127.0.0.1:$REST_PORT"
set +e
java -cp "$JAR" io.gckpi.pipeline.KpiPipeline --runner=FlinkRunner \
  --flinkMaster="127.0.0.1:$REST_PORT" --filesToStage="$JAR" --parallelism=2 "${args[@]}"
job_exit=$?
set -e
echo "flink-cluster-test: job exited with $job_exit"

jobs=$(curl -fsS "http://127.0.0.1:$REST_PORT/jobs/overview")
echo "flink-cluster-test: cluster jobs: $jobs"
echo "$jobs" | grep -q '"state":"FINISHED"' || {
  echo "flink-cluster-test: FAILED: the cluster has no finished job" >&2; exit 1; }
[ "$job_exit" = 0 ] || { echo "flink-cluster-test: FAILED: the job exited $job_exit" >&2; exit 1; }

java -cp "$JAR" io.gckpi.pipeline.verify.GroundTruthCheck "${args[@]}"
echo "flink-cluster-test: OK"
