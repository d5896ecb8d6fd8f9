#!/usr/bin/env bash
# Makes sure the system programs Tawasul needs are installed, installing the missing ones from Debian's
# packages (apt-get, as root or with passwordless sudo). Elsewhere it prints how to install them and fails.
#
#   scripts/ensure-system-deps.sh [--check] PROGRAM...     (default PROGRAM: redis-server)
#
# PROGRAM is a command name: redis-server, redis-cli, chromium, docker-compose, psql, pg_isready,
# pg_ctlcluster, faketime, caddy. --check only reports what is missing (exit 1), without installing anything.
# Nothing is done, and apt-get is not even updated, when every program is already there.
set -euo pipefail

check_only=0
if [ "${1:-}" = "--check" ]; then
  check_only=1
  shift
fi
[ "$#" -gt 0 ] || set -- redis-server

# Plain functions, not associative arrays: macOS still ships bash 3.2.
debian_package() {
  case $1 in
    redis-server) echo redis-server ;;
    redis-cli) echo redis-tools ;;
    chromium) echo chromium ;;
    docker-compose) echo docker-compose ;;
    psql | pg_isready) echo postgresql-client ;;
    pg_ctlcluster) echo postgresql ;;
    faketime) echo faketime ;;
    caddy) echo caddy ;;
    *) return 1 ;;
  esac
}
brew_formula() {
  case $1 in
    redis-server | redis-cli) echo redis ;;
    chromium) echo '--cask chromium' ;;
    docker-compose) echo docker-compose ;;
    psql | pg_isready) echo libpq ;;
    pg_ctlcluster) echo postgresql@16 ;;
    faketime) echo libfaketime ;;
    caddy) echo caddy ;;
  esac
}

missing=()
for program in "$@"; do
  if ! debian_package "$program" >/dev/null; then
    echo "ensure-system-deps: unknown program '$program' (known: redis-server redis-cli chromium docker-compose psql pg_isready pg_ctlcluster faketime caddy)" >&2
    exit 2
  fi
  command -v "$program" >/dev/null 2>&1 || missing+=("$program")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

packages=()
for program in "${missing[@]}"; do
  package=$(debian_package "$program")
  [[ " ${packages[*]-} " == *" $package "* ]] || packages+=("$package")
done

hint() {
  echo "Missing: ${missing[*]}. Install them with:" >&2
  if command -v apt-get >/dev/null 2>&1; then
    echo "  sudo apt-get update && sudo apt-get install -y ${packages[*]}" >&2
  elif command -v brew >/dev/null 2>&1; then
    for program in "${missing[@]}"; do echo "  brew install $(brew_formula "$program")" >&2; done
  else
    echo "  your system's packages for: ${missing[*]}" >&2
  fi
  echo "(redis-server is needed only when REDIS_URL is unset: Tawasul then starts its own.)" >&2
}

if [ "$check_only" = 1 ] || ! command -v apt-get >/dev/null 2>&1; then
  hint
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    hint
    exit 1
  fi
fi

echo "ensure-system-deps: installing ${packages[*]} (for ${missing[*]})" >&2
export DEBIAN_FRONTEND=noninteractive
# Keep the packages' own scripts from starting system services (a redis-server on 6379, say): whoever
# needs a service starts it with the options it wants. policy-rc.d exit 101 means "do not start".
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
  "${sudo[@]}" chmod 755 "$policy"
  trap '"${sudo[@]}" rm -f "$policy"' EXIT
fi
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confold "${packages[@]}" </dev/null

still=()
for program in "${missing[@]}"; do command -v "$program" >/dev/null 2>&1 || still+=("$program"); done
if [ "${#still[@]}" -gt 0 ]; then
  echo "ensure-system-deps: installed ${packages[*]} but still cannot find: ${still[*]}" >&2
  exit 1
fi
