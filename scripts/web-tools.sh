#!/usr/bin/env bash
# Makes the tools of the dashboard available, installing Debian's packages with apt-get when they
# are missing: npm (the serve module's build installs the chart library with it) and, with
# --browser, Chromium (the dashboard's test drives it headless). Safe to run again.
# Needs root (or sudo) for apt-get. With --browser it prints the path of the browser.
set -euo pipefail

browser=false
for arg in "$@"; do
  case "$arg" in
    --browser) browser=true ;;
    *) echo "usage: scripts/web-tools.sh [--browser]" >&2; exit 2 ;;
  esac
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
updated=false
install() {
  echo "web-tools: $1 not found; installing Debian's ${*:2} with apt-get" >&2
  if [ "$updated" = false ]; then
    $SUDO apt-get update -qq >&2
    updated=true
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${@:2}" >&2
}

if ! command -v npm >/dev/null 2>&1; then
  if command -v node >/dev/null 2>&1; then install npm npm; else install npm nodejs npm; fi
fi
command -v npm >/dev/null 2>&1 || { echo "web-tools: npm is still missing" >&2; exit 1; }

if [ "$browser" = true ]; then
  CHROMIUM=${GCKPI_CHROMIUM:-/usr/bin/chromium}
  if [ ! -x "$CHROMIUM" ]; then
    install chromium chromium chromium-driver
  fi
  [ -x "$CHROMIUM" ] || { echo "web-tools: $CHROMIUM is still missing" >&2; exit 1; }
  echo "$CHROMIUM"
fi
