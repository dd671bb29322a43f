#!/usr/bin/env bash
# What autosaving costs a run: the largest guided session at its default size (mmn-two-gaussians,
# M = 800, snapshots and the PDE overlay) run to the end three times by `mflab run`,
# with compute.autosaveSeconds = 3600 (no timed save in the run), 5 (the default) and 1 (five times
# as many), whole-process wall time each. The cost of one save is (T_1 - T_3600) / (number of 1 s saves);
# the default's share of the run is (T_5 - T_3600) / T_3600. Needs the built CLI (npm run build:cli).
# Usage: bash test/bench/autosave-cost.sh [BACKEND [STEPS]]  (auto, what a user gets; 2 000 000)
# KEEP=FILE keeps the 5 s run's session there (for test/bench/autosave-cost.mts).
set -euo pipefail
cd "$(dirname "$0")/../.."
CLI=$PWD/out/cli/mflab.cjs
BACKEND=${1:-auto}
# ten times the preset's steps: long enough (tens of seconds) for the saves to be measured
STEPS=${2:-2000000}
KEEP=${KEEP:-}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
declare -A T
for a in 3600 5 1; do
  node "$CLI" new --preset mmn-two-gaussians --size default --set "compute.autosaveSeconds=$a" \
    --set "dynamics.steps=$STEPS" \
    -o "$DIR/a$a.mflab" >/dev/null
  t0=$(date +%s.%N)
  node "$CLI" run "$DIR/a$a.mflab" --backend "$BACKEND" >/dev/null 2>&1
  T[$a]=$(echo "$(date +%s.%N) - $t0" | bc -l)
  printf 'autosaveSeconds=%s: %.2f s\n' "$a" "${T[$a]}"
done
[ -z "$KEEP" ] || cp "$DIR/a5.mflab" "$KEEP"
ls -l "$DIR/a5.mflab" | awk '{printf "session file: %.1f MB\n", $5 / 1e6}'
echo "${T[3600]} ${T[5]} ${T[1]}" | awk '{
  saves = int($3 / 1)
  printf "one save: about %.0f ms (%d saves at 1 s); default 5 s autosave: %+.1f %% of the run\n",
    1000 * ($3 - $1) / saves, saves, 100 * ($2 - $1) / $1 }'
