#!/usr/bin/env bash
# The time-bomb guard: runs the tests that work with dates again, with this process's clock (and that of
# everything it starts: jest's workers, PGlite, a private redis-server) moved years ahead by libfaketime.
#
#   scripts/test-future-date.sh [OFFSET] [JEST ARGS...]     (default OFFSET: +5y; e.g. +1y, +400d)
#
# A test fixed on a date (a controllable clock set to 2026-11-22, say) must pass whatever day it runs:
# everything in it has to follow that clock, not the calendar. One that mixes its clock with the real
# time (BullMQ delays counted from Date.now(), a SQL now(), a channel stamping messages with new Date())
# passes on the day it is written and fails weeks later; here it fails the day it is written.
#
# The PostgreSQL server is another process and keeps the real time: the PGlite half of each suite runs
# entirely in the moved time.
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

bash scripts/ensure-system-deps.sh faketime

# The unit tests (fast, all of them) and every integration suite that names a date or sets a clock.
# (Paths without spaces: a plain word split, which macOS's bash 3.2 also has.)
# shellcheck disable=SC2207
dated=($(grep -rlE --include='*.int.test.ts' '20[0-9]{2}-[01][0-9]-[0-3][0-9]|test-clock|now: ' test | sort))
echo "test-future-date: clock moved ${offset}; unit tests and ${#dated[@]} dated integration suites"

# -m: Node is multi-threaded. --exclude-monotonic: timers and timeouts keep their real durations.
in_future() { faketime -m --exclude-monotonic -f "$offset" "$@"; }
in_future node -e 'console.log("test-future-date: the tests see " + new Date().toISOString())'
in_future npx jest --selectProjects unit "$@"
NODE_OPTIONS=--experimental-vm-modules in_future npx jest --selectProjects integration "$@" -- "${dated[@]}"
