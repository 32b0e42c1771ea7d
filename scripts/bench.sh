#!/usr/bin/env bash
# The signed-load benchmark (issue 7). Builds Cosell, the bare-Kestrel baseline and the load generator in Release,
# then runs bench/Cosell.Bench: it starts the servers itself on free loopback ports, drives SigV4-signed traffic at
# them, stops them, and prints one table (medians of --runs runs, unpinned and pinned, every figure also as a ratio
# to the baseline of the same run). Extra arguments go to the benchmark (`--help` lists them), e.g.
#
#   bash scripts/bench.sh                                   # the full table, a few minutes (the 1M-invitation store is seeded once)
#   bash scripts/bench.sh --runs 1 --modes unpinned --list-sizes 10000 --duration 2   # a quick look
#   BENCH_POSTGRES=1 bash scripts/bench.sh                  # also PostgreSQL, on a throwaway cluster (scripts/postgres.sh)
#   COSELL_TEST_POSTGRES='Host=...;Username=...;Password=...;Database=...' bash scripts/bench.sh
#
# Traffic goes to 127.0.0.1 only, and every phase stops by itself after its fixed duration.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== build (Release)"
for project in src/Cosell.Server bench/Cosell.Bench.Baseline bench/Cosell.Bench; do
  dotnet build "$project" -c Release -nologo -v q -clp:ErrorsOnly
done
# The server under test is published the way it is deployed: framework-dependent, precompiled (ReadyToRun). The plain
# build above is also timed at start-up, for comparison.
echo "== publish the server (Release, linux-x64, ReadyToRun)"
dotnet publish src/Cosell.Server -c Release -r linux-x64 --self-contained false -nologo -v q -clp:ErrorsOnly \
  -o bench/.work/publish

pg_dir=""
cleanup() {
  if [ -n "$pg_dir" ]; then bash scripts/postgres.sh stop "$pg_dir" || true; fi
}
trap cleanup EXIT

if [ "${BENCH_POSTGRES:-0}" = "1" ] && [ -z "${COSELL_TEST_POSTGRES:-}" ]; then
  pg_dir=$(mktemp -d /tmp/cosell-bench-pg.XXXXXX)
  echo "== PostgreSQL (throwaway cluster in $pg_dir)"
  COSELL_TEST_POSTGRES=$(bash scripts/postgres.sh start "$pg_dir")
  export COSELL_TEST_POSTGRES
fi

echo "== bench"
dotnet bench/Cosell.Bench/bin/Release/net10.0/Cosell.Bench.dll "$@"
