#!/usr/bin/env bash
# A standalone Flink 1.19 session cluster on loopback, from the Flink jars that the Beam Flink
# runner brings in (no Flink distribution needed): one JobManager and FLINK_TASKMANAGERS
# TaskManagers (default 1), each its own JVM, configured by runner-configs/flink/conf/flink-conf.yaml
# plus, when FLINK_CONF_OVERLAY names a file, that file's settings (they win over the base).
#   scripts/flink-cluster.sh start              start them, wait until every TaskManager registered
#   scripts/flink-cluster.sh add-taskmanager    start one more TaskManager (a replacement)
#   scripts/flink-cluster.sh stop               stop them all (safe to call when nothing runs)
#   scripts/flink-cluster.sh status             print the REST /overview
# TaskManager i runs with resource id tm-i and writes its pid to $WORK/taskmanager-i.pid, so a test
# can find the JVM behind a TaskManager the REST API names. TaskManager i takes RPC port i of the
# range in flink-conf.yaml (a replacement never reuses a lost one's); data and query ports are
# ephemeral, so TaskManagers never clash.
# start builds the shaded job jar and the runner's classpath first, unless FLINK_CLUSTER_REUSE_JAR=1
# and both are there.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -B -ntp}
WORK=${FLINK_CLUSTER_DIR:-runner-configs/flink/target/cluster}
CONF_SRC=runner-configs/flink/conf
REST_PORT=$(awk '/^rest.port:/ {print $2}' "$CONF_SRC/flink-conf.yaml")
RPC_PORTS=$(awk '/^taskmanager.rpc.port:/ {print $2}' "$CONF_SRC/flink-conf.yaml")
REST="http://127.0.0.1:$REST_PORT"
TASKMANAGERS=${FLINK_TASKMANAGERS:-1}

# Java 17 needs these for Flink's reflection and Kryo (the flags Flink's own scripts pass).
JAVA17_OPENS="--add-exports=java.base/sun.net.util=ALL-UNNAMED
 --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
 --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
 --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
 --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
 --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
 --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
 --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED"

overview() { curl -fsS "$REST/overview" 2>/dev/null; }
# Whether the JobManager has TaskManager tm-$1 registered.
registered() { curl -fsS "$REST/taskmanagers" 2>/dev/null | grep -q "\"id\":\"tm-$1\""; }

stop() {
  local pidfile pid
  for pidfile in "$WORK"/taskmanager*.pid "$WORK/jobmanager.pid"; do
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
  echo "flink-cluster: stopped"
}

# Starts TaskManager number $1 (resource id tm-$1) and waits until it has registered.
start_taskmanager() {
  local i=$1 cp
  cp=$(cat runner-configs/flink/target/flink-classpath.txt)
  # TaskManager i gets RPC port i of the range, never the port of one killed before it: the
  # JobManager's remoting quarantines the address of a lost TaskManager, and a fresh one on that
  # address would never register ("read-only association").
  local rpc_port=$(( ${RPC_PORTS%-*} + i - 1 ))
  [ "$rpc_port" -le "${RPC_PORTS#*-}" ] || { echo "flink-cluster: no RPC port left in $RPC_PORTS for tm-$i" >&2; return 1; }
  # Heap = framework + task heap; direct = framework + task off-heap + network (flink-conf.yaml).
  # shellcheck disable=SC2086
  nohup java $JAVA17_OPENS -Xms1664m -Xmx1664m -XX:MaxDirectMemorySize=640m \
    -XX:MaxMetaspaceSize=384m -Dlog.file="$WORK/log/taskmanager-$i.log" -cp "$cp" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    --configDir "$WORK/conf" -Dtaskmanager.resource-id="tm-$i" -Dtaskmanager.rpc.port="$rpc_port" \
    > "$WORK/log/taskmanager-$i.out" 2>&1 &
  echo $! > "$WORK/taskmanager-$i.pid"
  # A TaskManager JVM takes well over a minute to register on a loaded machine.
  for _ in $(seq 1 240); do
    registered "$i" && return 0
    sleep 1
  done
  echo "flink-cluster: TaskManager tm-$i did not register; see $WORK/log" >&2
  tail -30 "$WORK/log/taskmanager-$i.out" >&2
  return 1
}

add_taskmanager() {
  overview >/dev/null || { echo "flink-cluster: no cluster answers on $REST" >&2; exit 1; }
  local i=1
  while [ -f "$WORK/taskmanager-$i.pid" ]; do i=$((i + 1)); done
  start_taskmanager "$i" || exit 1
  echo "flink-cluster: TaskManager tm-$i added, $(overview)"
}

start() {
  if overview >/dev/null; then
    echo "flink-cluster: something already answers on $REST; stop it first" >&2
    exit 1
  fi
  mkdir -p "$WORK/conf" "$WORK/log" "$WORK/tmp"
  cp "$CONF_SRC/flink-conf.yaml" "$WORK/conf/flink-conf.yaml"
  if [ -n "${FLINK_CONF_OVERLAY:-}" ]; then
    # Flink reads a repeated key's last value, so the overlay's settings win.
    cat "$FLINK_CONF_OVERLAY" >> "$WORK/conf/flink-conf.yaml"
  fi
  echo "io.tmp.dirs: $(cd "$WORK/tmp" && pwd)" >> "$WORK/conf/flink-conf.yaml"
  # The Flink runner's runtime classpath, without gckpi itself: the job's code reaches the
  # cluster only through the submitted jar, as on a real cluster.
  # FLINK_CLUSTER_REUSE_JAR=1: a caller that has just built them (make test) skips the build.
  if [ "${FLINK_CLUSTER_REUSE_JAR:-0}" != 1 ] || [ ! -f runner-configs/flink/target/flink-classpath.txt ] ||
      ! ls runner-configs/flink/target/gckpi-flink-*-shaded.jar >/dev/null 2>&1; then
    $MVN -q -pl runner-configs/flink -am -DskipTests package dependency:build-classpath \
      -DexcludeGroupIds=io.gckpi -Dmdep.includeScope=runtime \
      -Dmdep.outputFile=target/flink-classpath.txt >&2
  fi
  local cp; cp=$(cat runner-configs/flink/target/flink-classpath.txt)
  # shellcheck disable=SC2086
  nohup java $JAVA17_OPENS -Xms512m -Xmx512m -XX:MaxMetaspaceSize=256m \
    -Dlog.file="$WORK/log/jobmanager.log" -cp "$cp" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    --configDir "$WORK/conf" > "$WORK/log/jobmanager.out" 2>&1 &
  echo $! > "$WORK/jobmanager.pid"
  for _ in $(seq 1 60); do overview >/dev/null && break; sleep 1; done
  overview >/dev/null || { echo "flink-cluster: JobManager did not start; see $WORK/log" >&2; tail -30 "$WORK/log/jobmanager.out" >&2; stop; exit 1; }
  local i
  for i in $(seq 1 "$TASKMANAGERS"); do
    start_taskmanager "$i" || { stop; exit 1; }
  done
  echo "flink-cluster: running, REST $REST, $(overview)"
}

case "${1:-}" in
  start) start ;;
  add-taskmanager) add_taskmanager ;;
  stop) stop ;;
  status) overview; echo ;;
  *) echo "usage: $0 start|add-taskmanager|stop|status" >&2; exit 2 ;;
esac
