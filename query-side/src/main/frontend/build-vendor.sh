#!/usr/bin/env bash
# Vendors the dashboard's third-party browser code at build time, from the npm registry through the machine's
# own npm (no Node download): installs the packages locked in package-lock.json into <target>/frontend (never into
# the source tree) and copies what the dashboard loads into <target>/classes/static/vendor.
# Maven runs it in phase generate-resources (exec-maven-plugin in query-side/pom.xml).
#   build-vendor.sh <the module's target directory>
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${1:?usage: build-vendor.sh <target directory>}"

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  cat >&2 <<'MSG'
[ERROR] query-side: node and npm are missing. The build vendors chart.js (the dashboard's chart library) from npm.
[ERROR]   Install them with:  apt-get install -y nodejs npm     (infra/run and infra/test do this themselves)
MSG
  exit 1
fi

work="$target/frontend"
mkdir -p "$work"
# npm ci wipes and reinstalls node_modules: only when the lock changed since the last build
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" \
    || [ ! -f "$work/node_modules/chart.js/dist/chart.umd.js" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --prefer-offline --ignore-scripts --loglevel=error)
fi

mkdir -p "$target/classes/static/vendor"
cp "$work/node_modules/chart.js/dist/chart.umd.js" "$target/classes/static/vendor/chart.umd.js"
cp "$work/node_modules/chart.js/LICENSE.md" "$target/classes/static/vendor/chart.js.LICENSE.md"
