#!/usr/bin/env bash
# The whole test suite: generated-code drift check, every .NET test project, and the JS SDK conformance suite
# against a real server. Ends with one line: "N passed, N failed".
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

echo "== dotnet test"
dotnet test Cosell.slnx -c Release --no-build -nologo 2>&1 | tee "$logs/dotnet.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
# VSTest prints one summary per test assembly: "Passed!  - Failed:     0, Passed:    57, Skipped: ..."
while read -r f p; do
  failed=$((failed + f)); passed=$((passed + p))
done < <(sed -n 's/.*Failed: *\([0-9]*\), Passed: *\([0-9]*\),.*/\1 \2/p' "$logs/dotnet.txt")
if ! grep -q 'Passed: *[0-9]' "$logs/dotnet.txt"; then
  echo "dotnet test printed no summary"; failed=$((failed + 1)); status=1
fi

echo "== JS SDK conformance"
if [ -f tests/Conformance/package.json ]; then
  (cd tests/Conformance && npm ci --no-audit --no-fund --silent) || status=1
  COSELL_DLL="$root/src/Cosell.Server/bin/Release/net10.0/cosell.dll" \
    node tests/Conformance/run.mjs 2>&1 | tee "$logs/js.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$logs/js.txt" | tail -n 1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$logs/js.txt" | tail -n 1)
  if [ -z "$p" ]; then echo "conformance printed no summary"; failed=$((failed + 1)); status=1; fi
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
fi

[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
