#!/usr/bin/env bash
# Set up a fresh machine that has only Node 20 and npm: Debian's Chromium and PostgreSQL for the
# end-to-end and collector tests (when missing and we may install), then the workspace's packages.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${need[*]} from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "setup: please install ${need[*]} (Debian: sudo apt-get install -y ${need[*]})" >&2
    exit 1
  fi
fi

# corepack fails its signature check against this registry; npx fetches pnpm itself.
npx -y pnpm@10 install --frozen-lockfile
