#!/usr/bin/env bash
# CreateEngagementInvitation throughput on SQLite vs PostgreSQL, one run, same machine (a figure, not a test).
#
#   bash scripts/bench-stores.sh [invitations=2000] [concurrency=32]
#
# Builds the server (Release), installs the JS SDK of tests/Conformance, uses the PostgreSQL of COSELL_TEST_POSTGRES or
# starts a throwaway one (scripts/postgres.sh), and prints one line per store. Both stores fsync every commit.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build src/Cosell.Server -c Release -nologo -v q >/dev/null
[ -d tests/Conformance/node_modules ] || (cd tests/Conformance && npm ci --no-audit --no-fund --silent)
if [ -z "${COSELL_TEST_POSTGRES:-}" ]; then
  pgdir=$(mktemp -d /tmp/cosell-pg.XXXXXX)
  trap 'bash scripts/postgres.sh stop "$pgdir" || true' EXIT
  COSELL_TEST_POSTGRES=$(bash scripts/postgres.sh start "$pgdir")
fi
COSELL_DLL="$PWD/src/Cosell.Server/bin/Release/net10.0/cosell.dll" COSELL_TEST_POSTGRES="$COSELL_TEST_POSTGRES" \
  node scripts/bench-stores.mjs "$@"
