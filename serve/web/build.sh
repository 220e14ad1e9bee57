#!/usr/bin/env bash
# Installs the dashboard's chart library exactly as package-lock.json pins it and copies its
# browser build, with its licence, into the classes, where KpiServer serves it as
# /assets/chart.umd.js: nothing is loaded from elsewhere when the page runs.
# The serve module's build runs it (generate-resources): web/build.sh BUILD_DIRECTORY
set -euo pipefail
if ! command -v npm >/dev/null 2>&1; then
  echo "serve: npm not found. The dashboard's chart library is installed from the npm" >&2
  echo "registry at build time: install Node.js and npm with scripts/web-tools.sh (or" >&2
  echo "apt-get install nodejs npm); make build, make test and make serve run that script." >&2
  exit 1
fi

web=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: web/build.sh BUILD_DIRECTORY}
work=$build/web
assets=$build/classes/static/assets

# npm ci starts from an empty node_modules; run it only when package.json or the lock file changed
# since the last install, so a rebuild neither waits for nor needs the registry.
mkdir -p "$work"
if ! cmp -s "$web/package-lock.json" "$work/package-lock.json" \
    || ! cmp -s "$web/package.json" "$work/package.json" \
    || [ ! -f "$work/node_modules/.package-lock.json" ]; then
  cp "$web/package.json" "$web/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --prefer-offline --loglevel=error)
fi

mkdir -p "$assets"
cp "$work/node_modules/chart.js/dist/chart.umd.js" "$assets/chart.umd.js"
cp "$work/node_modules/chart.js/LICENSE.md" "$assets/chart.js-LICENSE.md"
