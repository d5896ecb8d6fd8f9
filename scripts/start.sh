#!/usr/bin/env bash
# The README's start command: installs what is missing (redis-server from Debian's packages, the npm
# dependencies), then starts Tawasul on its embedded defaults: PGlite in ./data, a private
# redis-server, the web chat on http://127.0.0.1:3000 and, in a terminal, the terminal chat.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh redis-server
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # --include=dev: `npm start` runs the source with tsx, a devDependency, even where NODE_ENV=production.
  npm ci --include=dev --no-audit --no-fund
fi
exec npm start
