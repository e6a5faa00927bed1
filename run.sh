#!/usr/bin/env bash
# The two commands of the README:
#   ./run.sh demo   set up what is missing, then run a node analysing live cameras (Ctrl+C stops it)
#   ./run.sh test   set up what is missing, then run the whole test suite
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
case "${1:-}" in
  demo)
    scripts/setup.sh demo
    dotnet build -c Release --nologo -v q src/ActorVision.Node
    # avctl too: the demo's banner points at it.
    dotnet build -c Release --nologo -v q src/ActorVision.Cli
    exec scripts/demo.sh
    ;;
  test)
    scripts/setup.sh test
    # The reconnect soak measures the test process's resident memory: with glibc's default of up to 8 malloc arenas a
    # core, each new decode thread can take a fresh arena, and a run of that test alone grew ~90 MB in 50 reconnects
    # (managed memory flat); with 2 arenas ~45 MB. Tests only: nodes keep glibc's default (see docs/benchmarks.md).
    export MALLOC_ARENA_MAX=2
    exec dotnet test ActorVision.sln -c Release --nologo
    ;;
  bench)
    scripts/setup.sh bench
    shift
    exec dotnet run -c Release --project tests/ActorVision.Benchmarks -- "$@"
    ;;
  *)
    echo "usage: ./run.sh demo | test | bench [name]" >&2
    exit 2
    ;;
esac
