#!/usr/bin/env bash
# Radial PDE overlay, before vs after: CPU ms of the default mmn-two-gaussians run's overlay over
# the bench's watched run (radial-pde-cost.mts), this checkout against BASE (default 55d21e6, the
# commit before the faster particle loop), runs alternating in one command, then the medians.
# Run: bash test/bench/radial-pde-cost.sh [BASE] [rounds]
set -euo pipefail
base=${1:-55d21e6}
rounds=${2:-7}
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/base/test/bench"
git -C "$root" archive "$base" src-shared src-main tsconfig.base.json tsconfig.node.json |
  tar -x -C "$tmp/base"
ln -s "$root/node_modules" "$tmp/base/node_modules"
cp "$root/test/bench/radial-pde-cost.mts" "$tmp/base/test/bench/"
bundle() {
  (cd "$1" && "$root/node_modules/.bin/esbuild" test/bench/radial-pde-cost.mts --bundle \
    --platform=node --format=esm --tsconfig=tsconfig.node.json --log-level=warning --outfile="$2")
}
bundle "$tmp/base" "$tmp/before.mjs"
bundle "$root" "$tmp/after.mjs"
echo "load: $(uptime)"
for _ in $(seq "$rounds"); do
  echo "before $(node "$tmp/before.mjs")"
  echo "after  $(node "$tmp/after.mjs")"
done | tee "$tmp/log"
node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n")
const med = (w) => {
  const v = lines.filter((l) => l.startsWith(w)).map((l) => JSON.parse(l.split("RESULT ")[1]).cpuMs)
  v.sort((a, b) => a - b)
  return v[v.length >> 1]
}
const [b, a] = [med("before"), med("after")]
console.log(`median CPU ms: before ${b}, after ${a}; before/after ${(b / a).toFixed(2)}`)
' "$tmp/log"
