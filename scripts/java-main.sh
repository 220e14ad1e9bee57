#!/usr/bin/env bash
# Builds the project (tests skipped) and runs a main class from one module with its runtime
# classpath: scripts/java-main.sh MODULE MAIN_CLASS [ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
module=$1; main=$2; shift 2
MVN=${MVN:-mvn -B -ntp}
BUILD_DIR=${GCKPI_BUILD_DIR:-target}
$MVN -q -DskipTests -Dgckpi.buildDir="$BUILD_DIR" -pl "$module" -am package dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$BUILD_DIR/classpath.txt" >&2
exec java ${JAVA_OPTS:-} -cp "$module/$BUILD_DIR/classes:$(cat "$module/$BUILD_DIR/classpath.txt")" "$main" "$@"
