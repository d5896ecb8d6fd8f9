#!/usr/bin/env bash
# The time-bomb guard: runs the tests that work with dates again, with this process's clock (and that of
# everything it starts: jest's workers, PGlite, a private redis-server) moved years ahead by libfaketime.
#
#   scripts/test-future-date.sh [OFFSET] [--all] [JEST ARGS...]   (default OFFSET: +5y; e.g. +1y, +400d)
#
# Without --all: the unit tests and the integration suites that name a date or set a clock (npm test runs
# this). With --all: the whole suite, both projects.
#
# A test fixed on a date (a controllable clock set to 2026-11-22, say) must pass whatever day it runs:
# everything in it has to follow that clock, not the calendar. One that mixes its clock with the real
# time (BullMQ delays counted from Date.now(), a SQL now(), a channel stamping messages with new Date())
# passes on the day it is written and fails weeks later; here it fails the day it is written.
#
# The PostgreSQL server is another process and keeps the real time: the PGlite half of each suite runs
# entirely in the moved time. So do redis-server and Chromium: both abort under libfaketime (its clock hook
# recurses in their allocators), so the tests start them through shims that drop it.
set -euo pipefail
cd "$(dirname "$0")/.."

offset=${1:-+5y}
[ "$#" -gt 0 ] && shift
case $offset in
  [+-][0-9]*[ymdhs]) ;;
  *)
    echo "test-future-date: OFFSET must look like +5y, +1y or +400d, not '$offset'" >&2
    exit 2
    ;;
esac

all=0
if [ "${1:-}" = "--all" ]; then
  all=1
  shift
fi

bash scripts/ensure-system-deps.sh faketime redis-server

# Shims that start redis-server and Chromium in the real time (see above): first on the PATH for the
# private redis-servers, and CHROMIUM_PATH for the browser tests.
shims=$(mktemp -d)
trap 'rm -rf "$shims"' EXIT
real_time_shim() {
  local name=$1 target=$2
  printf '#!/bin/sh\nexec env -u LD_PRELOAD -u FAKETIME %q "$@"\n' "$target" >"$shims/$name"
  chmod +x "$shims/$name"
}
real_time_shim redis-server "$(command -v redis-server)"
real_time_shim chromium "${CHROMIUM_PATH:-/usr/bin/chromium}"
export PATH="$shims:$PATH" CHROMIUM_PATH="$shims/chromium"
unset REDIS_SERVER_BIN

# -m: Node is multi-threaded. --exclude-monotonic: timers and timeouts keep their real durations.
in_future() { faketime -m --exclude-monotonic -f "$offset" "$@"; }
in_future node -e 'console.log("test-future-date: the tests see " + new Date().toISOString())'

if [ "$all" = 1 ]; then
  echo "test-future-date: clock moved ${offset}; the whole suite"
  NODE_OPTIONS=--experimental-vm-modules in_future npx jest "$@" --selectProjects unit integration
  exit
fi

# The unit tests (fast, all of them) and every integration suite that names a date or sets a clock.
# (Paths without spaces: a plain word split, which macOS's bash 3.2 also has.)
# shellcheck disable=SC2207
dated=($(grep -rlE --include='*.int.test.ts' '20[0-9]{2}-[01][0-9]-[0-3][0-9]|test-clock|now: ' test | sort))
echo "test-future-date: clock moved ${offset}; unit tests and ${#dated[@]} dated integration suites"
in_future npx jest --selectProjects unit "$@"
NODE_OPTIONS=--experimental-vm-modules in_future npx jest --selectProjects integration "$@" -- "${dated[@]}"
