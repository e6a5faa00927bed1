#!/usr/bin/env bash
# A/B benchmark: runs the same e2e-load point with two builds, alternating, so machine drift hits both alike.
# usage: scripts/bench-ab.sh BASE_CHECKOUT NEW_CHECKOUT ROUNDS -- e2e-load arguments...
#   e.g. git worktree add ../base <rev> (copy media/ and models/ into it), build both with
#        dotnet build tests/ActorVision.Benchmarks -c Release, then
#        scripts/bench-ab.sh ../base . 2 -- --cameras 128 --no-overload --sources crossing --models motion --no-peer --no-limits
set -euo pipefail
base="$(cd "$1" && pwd)"; new="$(cd "$2" && pwd)"; rounds="$3"; shift 3
[ "${1:-}" = "--" ] && shift
out="$new/artifacts/benchmarks/ab"; mkdir -p "$out"
for round in $(seq 1 "$rounds"); do
  for side in base new; do
    dir=$base; [ "$side" = new ] && dir=$new
    (cd "$dir" && dotnet run -c Release --no-build --project tests/ActorVision.Benchmarks -- e2e-load "$@" --chart "$out/$side-$round.png") 2>&1 \
      | grep -E "N=" | sed "s/^/$side round $round: /"
  done
done
