#!/usr/bin/env bash
# Builds the project (tests skipped) and runs a main class from one module with its runtime
# classpath: scripts/java-main.sh MODULE MAIN_CLASS [ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
module=$1; main=$2; shift 2
MVN=${MVN:-mvn -B -ntp}
BUILD_DIR=${GCKPI_BUILD_DIR:-target}
# Maven checks the build in about 3 s even when nothing changed: skip it while no pom.xml and no
# file under a module's src/ is newer than the last build of this module that succeeded, and
# every jar of its classpath is still there.
stamp="$module/$BUILD_DIR/java-main.built"
classpath="$module/$BUILD_DIR/classpath.txt"
built() {
  [ -f "$stamp" ] && [ -f "$classpath" ] \
    && [ -z "$(find pom.xml ./*/pom.xml ./*/src -newer "$stamp" -print -quit 2>/dev/null)" ] \
    && { tr ':' '\n' < "$classpath"; echo; } \
      | { while read -r jar; do [ -z "$jar" ] || [ -e "$jar" ] || exit 1; done; }
}
if ! built; then
  mkdir -p "$module/$BUILD_DIR"
  touch "$stamp.new" # before the build: a file changed while it runs is newer, and rebuilds
  $MVN -q -DskipTests -Dgckpi.buildDir="$BUILD_DIR" -pl "$module" -am package \
    dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$BUILD_DIR/classpath.txt" >&2
  mv "$stamp.new" "$stamp"
fi
exec java ${JAVA_OPTS:-} -cp "$module/$BUILD_DIR/classes:$(cat "$classpath")" "$main" "$@"
