#!/usr/bin/env bash
# The whole test suite: generated-code drift check, every .NET test project, and the JS SDK conformance suite
# against a real server. Ends with one line: "N passed, N failed".
#
# The suites run on SQLite. When COSELL_TEST_POSTGRES holds an Npgsql connection string (scripts/postgres.sh start DIR
# prints one; .ci/run does this), the store-dependent suites run a second time on PostgreSQL: the PostgreSQL store
# tests, the integration suite (a database per fixture), the multi-instance tests and the JS SDK conformance suite (a
# schema of its own); the robustness tests, which choose their stores themselves, then run once, in that pass. The
# final line sums both passes.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

passed=0
failed=0
status=0

echo "== codegen --check"
if dotnet run --project tools/Cosell.Codegen -c Release -- --check; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi

echo "== build"
if ! dotnet build Cosell.slnx -c Release -nologo -v q 2>&1 | tail -n 3; then status=1; fi

postgres=${COSELL_TEST_POSTGRES:-}
# The tests whose outcome depends on the store, run again on PostgreSQL.
postgres_filter='FullyQualifiedName~Postgres|FullyQualifiedName~Cosell.Server.IntegrationTests|FullyQualifiedName~Cosell.MultiInstance.Tests|FullyQualifiedName~Cosell.Robustness.Tests'

# dotnet_tests LABEL [dotnet test arguments]: runs the solution's tests with the environment as given and adds up
# VSTest's per-assembly summaries ("Passed!  - Failed:     0, Passed:    57, Skipped: ...").
dotnet_tests() {
  local label=$1; shift
  dotnet test Cosell.slnx -c Release --no-build -nologo "$@" 2>&1 | tee "$logs/dotnet-$label.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  while read -r f p; do
    failed=$((failed + f)); passed=$((passed + p))
  done < <(sed -n 's/.*Failed: *\([0-9]*\), Passed: *\([0-9]*\),.*/\1 \2/p' "$logs/dotnet-$label.txt")
  if ! grep -q 'Passed: *[0-9]' "$logs/dotnet-$label.txt"; then
    echo "dotnet test ($label) printed no summary"; failed=$((failed + 1)); status=1
  fi
  # A fixture whose clean-up threw fails the run without failing a test: counted here, so the totals say so.
  local cleanups
  cleanups=$(grep -c 'Cleanup Failure' "$logs/dotnet-$label.txt" || true)
  failed=$((failed + cleanups))
}

rm -f tests/Cosell.Robustness.Tests/bin/Release/net10.0/figures.txt # written afresh by the robustness tests
echo "== dotnet test (SQLite)"
unset COSELL_TEST_POSTGRES
if [ -n "$postgres" ]; then
  # The robustness tests pick their stores themselves (SQLite, plus PostgreSQL when set): they run once, below.
  dotnet_tests sqlite --filter 'FullyQualifiedName!~Cosell.Robustness.Tests'
else
  dotnet_tests sqlite
fi
if [ -n "$postgres" ]; then
  echo "== dotnet test (PostgreSQL)"
  COSELL_TEST_POSTGRES=$postgres dotnet_tests postgres --filter "$postgres_filter"
fi

# The figures issue 6 asks for (duplicates raced, kills survived, hostile requests, attacks, probes), from this run.
figures=tests/Cosell.Robustness.Tests/bin/Release/net10.0/figures.txt
if [ -f "$figures" ]; then echo "== robustness figures"; cat "$figures"; fi

# conformance LABEL: runs the JS SDK suite against a server on the store the environment names.
conformance() {
  local label=$1
  COSELL_DLL="$root/src/Cosell.Server/bin/Release/net10.0/cosell.dll" \
    node tests/Conformance/run.mjs 2>&1 | tee "$logs/js-$label.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$logs/js-$label.txt" | tail -n 1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$logs/js-$label.txt" | tail -n 1)
  if [ -z "$p" ]; then echo "conformance ($label) printed no summary"; failed=$((failed + 1)); status=1; fi
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}

if [ -f tests/Conformance/package.json ]; then
  (cd tests/Conformance && npm ci --no-audit --no-fund --silent) || status=1
  echo "== JS SDK conformance (SQLite)"
  conformance sqlite
  if [ -n "$postgres" ]; then
    echo "== JS SDK conformance (PostgreSQL)"
    COSELL_TEST_POSTGRES=$postgres conformance postgres
  fi
fi

# The names of the failed tests (and the start of their messages) just above the totals, so that a log cut to its
# last lines still says what failed.
if [ "$failed" -gt 0 ]; then
  echo "== failed tests"
  for f in "$logs"/dotnet-*.txt; do
    [ -f "$f" ] || continue
    awk -v pass="$(basename "$f" .txt)" '
      /^  Failed .* \[[<0-9]/ { name = $0; sub(/^  Failed /, "", name); sub(/ \[[^[]*$/, "", name)
                              print pass ": " name; grab = 0; next }
      /^  Error Message:/ { grab = 3; next }
      /^  Stack Trace:/ { grab = 0; next }
      /Cleanup Failure/ { sub(/^.*\[Test Class Cleanup Failure \(/, ""); print pass ": clean-up of " $0; next }
      grab > 0 { print "    " substr($0, 1, 240); grab--; next }' "$f" | head -n 80
  done
  for f in "$logs"/js-*.txt; do
    [ -f "$f" ] || continue
    grep -E '^ *not ok ' "$f" | sed "s/^/$(basename "$f" .txt): /" | head -n 40
  done
fi

[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
