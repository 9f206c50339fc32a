#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need, then runs every
# test tier: type checks, lint, unit + golden tests (vitest), the app and CLI build, and
# the end-to-end tests in Debian's Chromium (Playwright).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v xz >/dev/null || need_apt+=(xz-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]} from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "== preparing real-dump fixtures (decompressed into a cache outside the repo)"
node scripts/fixtures.mjs --vmlinux >/dev/null

echo "== type check";      npm run -s typecheck
echo "== lint";            npm run -s lint
echo "== unit and golden"; npx vitest run
echo "== build";           npm run -s build
echo "== end-to-end";      npx playwright test
echo "all test stages passed"
