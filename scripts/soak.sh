#!/usr/bin/env bash
# Soak run (not a CI test): starts a Release cosell server on a free loopback port with its own data and accounts, drives
# MINUTES (default 10; fractions allowed) of mixed signed traffic from several accounts at it, stops by itself, and
# reports throughput, error count and the server's RSS at start and end.
#   bash scripts/soak.sh [MINUTES] [CLIENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
clients=${2:-8}
work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill -TERM "$server_pid"; wait "$server_pid" || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== build (Release)"
dotnet build src/Cosell.Server -c Release -nologo -v q | tail -n 2
dotnet build tools/Cosell.Soak -c Release -nologo -v q | tail -n 2
soak="dotnet tools/Cosell.Soak/bin/Release/net10.0/cosell-soak.dll"

$soak accounts "$work/accounts.json" "$clients" # one account per client, so no client answers another's invitation
dotnet src/Cosell.Server/bin/Release/net10.0/cosell.dll serve --urls http://127.0.0.1:0 --data "$work/data" \
  --accounts "$work/accounts.json" > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
  grep -q 'Cosell is listening on' "$work/server.log" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "the server did not start"; exit 1; }
  sleep 0.1
done
url=$(sed -n 's/.*Cosell is listening on \(http:[^ ,]*\).*/\1/p' "$work/server.log" | head -n 1)
[ -n "$url" ] || { cat "$work/server.log"; echo "the server did not start"; exit 1; }
rss() { awk '/^VmRSS/ {printf "%.1f MB", $2/1024}' "/proc/$server_pid/status"; }
echo "== server pid $server_pid at $url; RSS at start $(rss)"

status=0
$soak run --url "$url" --accounts "$work/accounts.json" --minutes "$minutes" --clients "$clients" --pid "$server_pid" || status=$?
echo "== server RSS at end $(rss); data $(du -sh "$work/data" | cut -f1)"
kill -TERM "$server_pid"
wait "$server_pid" && echo "== server stopped cleanly (exit 0)" || { echo "== server exit code $?"; status=1; }
server_pid=
exit $status
