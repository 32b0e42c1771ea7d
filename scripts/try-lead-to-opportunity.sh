#!/usr/bin/env bash
# Runs AWS's public Lead-to-Opportunity sample, unchanged, with boto3 against a fresh Cosell server.
#
# The sample is not part of this repository; fetch it yourself:
#
#   git clone https://github.com/aws-samples/partner-crm-integration-samples
#   scripts/try-lead-to-opportunity.sh \
#     partner-crm-integration-samples/partner-central-api-sample-codes/python_preview/leadToOpportunity
#
# Build first (dotnet build src/Cosell.Server -c Release) unless COSELL_DLL names a built assembly.
#
# What it does, configuring only endpoint, catalog and credentials the way the sample's README says:
#   * copies the sample folder to a temporary python_preview/leadToOpportunity (your checkout is never written to: the
#     scripts write shared_env.json next to their folder and rewrite update_opportunity_from_lead.json inside it);
#   * writes the copy's workflow_config.json: accounts 111111111111 (inviting_partner) and 222222222222
#     (receiving_partner), catalog Sandbox, endpoint_url = the server;
#   * starts the server on a free port of 127.0.0.1 with those two accounts (random keys; every account has the
#     Sandbox solution S-1234567 by default);
#   * writes the two AWS CLI profiles the sample's run_complete_workflow.sh uses, inviting-partner and
#     receiving-partner, into a temporary AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE;
#   * runs the 12 steps the way run_complete_workflow.sh does (from python_preview/, `python leadToOpportunity/<step>.py`,
#     shared_env.json reset to {}, AWS_PROFILE=inviting-partner for 0_1 and 0_2, receiving-partner for 1 to 10). The
#     workflow script itself is not run: it needs a venv, `aws sts get-caller-identity` against real AWS STS and a
#     utils/ package next to the folder;
#   * reports each step: the sample's scripts print an API error and still exit 0, so a step passes only when the
#     script exits 0, every Partner Central call it made succeeded, it made the calls its step is about, and the ids
#     it should pass on reached shared_env.json. The calls are seen through a sitecustomize.py (generated into the
#     temporary folder, on PYTHONPATH) that wraps botocore's BaseClient._make_api_call and logs each call;
#   * checks that the copy's .py files are still byte-identical to yours, stops the server, ends with
#     "N passed, N failed" and exits 0 only when all 12 steps passed.
#
# Python: steps 6 to 9 use f-strings that nest the same quotes (f"{config.CONFIG_VARS["CATALOG"]}"), which needs
# Python >= 3.12; Debian 12's python3 is 3.11. PYTHON=/path/to/python3.12 picks the interpreter; otherwise the first
# Python >= 3.12 found (PATH, pyenv) is used. When that interpreter has no boto3/requests (pip cannot always reach
# PyPI), the pure-Python packages boto3 and requests load (boto3, botocore, s3transfer, jmespath, dateutil, six,
# urllib3, requests, idna, certifi, charset_normalizer, ...) are borrowed from another python3 that has them, through
# symlinks in the temporary folder; the same happens when its botocore is too old for step 4, which calls
# BaseClient._get_credentials (Debian's botocore 1.29 lacks it; the sample asks for boto3>=1.42.8) and a newer one is
# around. A botocore that does not know partnercentral-selling (Debian's 1.29) gets AWS_DATA_PATH=clients/botocore-data.
#
# utils.helpers: the scripts `import utils.helpers`, which the published folder does not contain (its utils/ has only
# config.py and no __init__.py). When neither the folder nor its parent provides utils/helpers.py, a minimal one (our
# own pretty_print_datetime: JSON with datetimes as ISO 8601) is put into the same namespace package from the
# temporary folder.
#
# COSELL_KEEP_DATA=1 keeps the temporary folder (server log, step outputs, calls.jsonl, the copy).
set -uo pipefail

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; }
if [ $# -ne 1 ] || [ "$1" = -h ] || [ "$1" = --help ]; then usage; exit 2; fi
sample=$(cd "$1" 2>/dev/null && pwd) || { echo "No such folder: $1"; exit 2; }
cd "$(dirname "$0")/.."
root=$(pwd)

STEPS=(
  # name  script                                          profile            calls it must make (all must succeed)
  "0_1|0_1_create_engagement_lead.py|inviting-partner|CreateEngagement"
  "0_2|0_2_create_engagement_invitation_lead.py|inviting-partner|CreateEngagementInvitation"
  "1|1_get_engagement_invitation.py|receiving-partner|GetEngagementInvitation"
  "2|2_accept_engagement_invitation.py|receiving-partner|AcceptEngagementInvitation"
  "3|3_getEngagement.py|receiving-partner|GetEngagement"
  "4|4_update_engagement_context.py|receiving-partner|UpdateEngagementContext"
  "5|5_start_opportunity_from_engagement_task.py|receiving-partner|StartOpportunityFromEngagementTask"
  "6|6_list_solutions.py|receiving-partner|ListSolutions"
  "7|7_associate_opportunity.py|receiving-partner|AssociateOpportunity"
  "8|8_get_opportunity.py|receiving-partner|GetOpportunity"
  "9|9_update_opportunity.py|receiving-partner|GetOpportunity UpdateOpportunity"
  "10|10_start_engagement_from_opportunity_task.py|receiving-partner|StartEngagementFromOpportunityTask"
)
# Keys of shared_env.json a step must have written (the sample's own hand-over between steps).
declare -A HANDS_ON=([0_1]="ENGAGEMENT_ID" [0_2]="ENGAGEMENT_INVITATION_ID" [1]="ENGAGEMENT_ID" [5]="TASK_ID OPPORTUNITY_ID" [6]="SOLUTION_ID")

for s in "${STEPS[@]}"; do
  IFS='|' read -r _ script _ _ <<<"$s"
  [ -f "$sample/$script" ] || { echo "$sample does not look like the leadToOpportunity folder: $script is missing"; exit 2; }
done
[ -f "$sample/utils/config.py" ] || { echo "$sample/utils/config.py is missing"; exit 2; }

work=$(mktemp -d /tmp/cosell-l2o-XXXXXX)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill -TERM -- "-$server_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$server_pid" 2>/dev/null
  fi
  if [ "${COSELL_KEEP_DATA:-}" = 1 ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- Python
version_of() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null; }
at_least_312() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }
# 2: boto3 and requests, with a botocore recent enough for the sample (step 4 calls BaseClient._get_credentials, which
# the botocore of Debian 12 lacks; the sample asks for boto3>=1.42.8); 1: boto3 and requests; 0: not both.
clients_level() {
  PYTHONPATH="${2:-}" "$1" -c '
try:
    import boto3, requests, botocore.client
    print(2 if hasattr(botocore.client.BaseClient, "_get_credentials") else 1)
except Exception:
    print(0)' 2>/dev/null || echo 0
}
candidates() {
  local n
  for n in python3.14 python3.13 python3.12 python3 python; do command -v "$n"; done 2>/dev/null
  ls -d /usr/local/bin/python3.1[2-9] 2>/dev/null
  ls -d "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/3.*/bin/python3 2>/dev/null | sort -rV
  [ -x /usr/bin/python3 ] && echo /usr/bin/python3
}
PY=""
if [ -n "${PYTHON:-}" ]; then
  PY=$PYTHON
  version_of "$PY" >/dev/null || { echo "PYTHON=$PYTHON does not run"; exit 2; }
else
  while read -r c; do
    if [ -n "$c" ] && at_least_312 "$c"; then
      [ -z "$PY" ] && PY=$c
      [ "$(clients_level "$c")" = 2 ] && { PY=$c; break; }
    fi
  done < <(candidates)
  [ -n "$PY" ] || PY=$(command -v python3)
fi
if ! at_least_312 "$PY"; then
  echo "!! running with $PY ($(version_of "$PY")): steps 6 to 9 of the sample need Python >= 3.12 (f-strings with"
  echo "!! nested quotes) and will fail with a SyntaxError. Set PYTHON=/path/to/python3.12."
fi
lib="$work/pylib"
mkdir -p "$lib"
level=$(clients_level "$PY")
if [ "$level" != 2 ]; then
  donor=""
  for want in 2 1; do
    [ "$want" -le "$level" ] && break
    while read -r c; do
      if [ -n "$c" ] && [ "$c" != "$PY" ] && [ "$(clients_level "$c")" -ge "$want" ]; then donor=$c; break 2; fi
    done < <(candidates)
  done
  if [ -z "$donor" ] && [ "$level" = 0 ]; then
    echo "Neither $PY nor another python3 here has boto3 and requests (Debian: apt-get install python3-boto3 python3-requests)."
    exit 2
  fi
fi
if [ -n "${donor:-}" ]; then
  # The top-level modules boto3 and requests load from site-packages, linked into $lib (pure Python; compiled
  # extensions for the other version are skipped by the import system and their pure fallbacks used).
  "$donor" - "$lib" <<'EOF'
import os, sys
import boto3, botocore.session, requests  # noqa: F401
roots = {os.path.realpath(p) for p in sys.path if p.endswith(("site-packages", "dist-packages"))}
linked = []
for name in sorted({n.split(".")[0] for n in sys.modules}):
    path = getattr(sys.modules.get(name), "__file__", None)
    if not path:
        continue
    # a package links its folder, a module its .py file; compiled modules of the donor's version are left out
    source = os.path.dirname(path) if os.path.basename(path) == "__init__.py" else path
    if os.path.realpath(os.path.dirname(source)) in roots and not source.endswith(".so") and not name.startswith("_"):
        os.symlink(source, os.path.join(sys.argv[1], os.path.basename(source)))
        linked.append(name)
print("== borrowed from %s: %s" % (sys.executable, " ".join(linked)))
EOF
  [ $? -eq 0 ] || { echo "Could not borrow boto3 from $donor"; exit 2; }
fi
PYTHONPATH_BASE="$work/shim:$lib"
if [ "$(clients_level "$PY" "$lib")" != 2 ]; then
  echo "!! the botocore $PY sees has no BaseClient._get_credentials, which step 4 calls (the sample requires"
  echo "!! boto3>=1.42.8): step 4 will fail on the client side. Set PYTHON to an interpreter with a recent boto3."
fi

# ---------------------------------------------------------------- the sample, copied and configured
run="$work/python_preview"
mkdir -p "$run"
cp -a "$sample" "$run/leadToOpportunity"
rm -rf "$run/leadToOpportunity/venv" "$run/leadToOpportunity/shared_env.json.bak"
find "$run/leadToOpportunity" -name __pycache__ -prune -exec rm -rf {} +
[ -d "$sample/../utils" ] && cp -a "$sample/../utils" "$run/utils"
mkdir -p "$work/shim"
if [ ! -f "$sample/utils/helpers.py" ] && [ ! -f "$sample/../utils/helpers.py" ]; then
  if [ -f "$sample/utils/__init__.py" ]; then
    echo "$sample/utils is a regular package without helpers.py: cannot add utils.helpers without changing the sample"; exit 2
  fi
  mkdir -p "$work/shim/utils"
  cat >"$work/shim/utils/helpers.py" <<'EOF'
# Stand-in for the sample's missing utils/helpers.py (Cosell's scripts/try-lead-to-opportunity.sh): only what the
# leadToOpportunity scripts call.
import datetime
import json


def _default(value):
    if isinstance(value, (datetime.datetime, datetime.date)):
        return value.isoformat()
    return str(value)


def pretty_print_datetime(value):
    print("None" if value is None else json.dumps(value, indent=4, default=_default))
EOF
  echo "== utils/helpers.py is not in the sample: a stand-in is provided from $work/shim/utils (namespace package)"
fi

# Records every botocore call (operation, HTTP status, error, the request of failed calls) as JSON lines.
cat >"$work/shim/sitecustomize.py" <<'EOF'
import json, os, time
try:
    from botocore.client import BaseClient
    from botocore.exceptions import ClientError
except Exception:  # noqa: BLE001 - no botocore, nothing to record
    BaseClient = None

_LOG = os.environ.get("COSELL_CALL_LOG")
if BaseClient is not None and _LOG:
    _original = BaseClient._make_api_call

    def _write(entry):
        with open(_LOG, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, default=str) + "\n")

    def _make_api_call(self, operation_name, api_params):
        entry = {"step": os.environ.get("COSELL_STEP"), "operation": operation_name, "at": time.time()}
        try:
            response = _original(self, operation_name, api_params)
        except ClientError as e:
            entry.update(ok=False, status=e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
                         error=e.response.get("Error", {}).get("Code"), message=e.response.get("Error", {}).get("Message"),
                         errorList=e.response.get("ErrorList"), request=api_params)
            _write(entry)
            raise
        except Exception as e:  # noqa: BLE001 - parameter validation, connection errors
            entry.update(ok=False, status=None, error=type(e).__name__, message=str(e), request=api_params)
            _write(entry)
            raise
        entry.update(ok=True, status=response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
                     response={k: v for k, v in response.items() if k != "ResponseMetadata"})
        _write(entry)
        return response

    BaseClient._make_api_call = _make_api_call
EOF

data_path=""
if ! PYTHONPATH="$PYTHONPATH_BASE" "$PY" -c 'import botocore.session, sys; sys.exit(0 if "partnercentral-selling" in botocore.session.get_session().get_available_services() else 1)' 2>/dev/null; then
  data_path="$root/clients/botocore-data"
fi
echo "== python: $PY ($(version_of "$PY")), $(PYTHONPATH="$PYTHONPATH_BASE" "$PY" -c 'import boto3, botocore, requests; print("boto3", boto3.__version__, "/ botocore", botocore.__version__, "/ requests", requests.__version__)')${data_path:+, AWS_DATA_PATH=clients/botocore-data}"

# ---------------------------------------------------------------- server
port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
endpoint="http://127.0.0.1:$port"
"$PY" - "$work" "$endpoint" "$run/leadToOpportunity/workflow_config.json" <<'EOF'
import json, os, secrets, sys
work, endpoint, workflow_config = sys.argv[1:]
def account(account_id, name, site):
    return {"accountId": account_id, "companyName": name, "websiteUrl": site,
            "accessKeys": [{"accessKeyId": "AKIA" + secrets.token_hex(8).upper(), "secretAccessKey": secrets.token_urlsafe(30)}]}
inviting = account("111111111111", "Lead Owner Partner", "https://lead-owner.example.com")
receiving = account("222222222222", "Collaborating Partner", "https://collaborator.example.com")
json.dump({"accounts": [inviting, receiving]}, open(os.path.join(work, "accounts.json"), "w"), indent=2)
# The sample's configuration file, as its README describes it.
json.dump({"accounts": {"inviting_partner": inviting["accountId"], "receiving_partner": receiving["accountId"]},
           "catalog": "Sandbox", "endpoint_url": endpoint, "region": "us-east-1"}, open(workflow_config, "w"), indent=2)
# The two profiles run_complete_workflow.sh switches between.
os.makedirs(os.path.join(work, "aws"))
with open(os.path.join(work, "aws", "credentials"), "w") as f:
    for profile, a in (("inviting-partner", inviting), ("receiving-partner", receiving)):
        k = a["accessKeys"][0]
        f.write(f"[{profile}]\naws_access_key_id = {k['accessKeyId']}\naws_secret_access_key = {k['secretAccessKey']}\n\n")
with open(os.path.join(work, "aws", "config"), "w") as f:
    for profile in ("inviting-partner", "receiving-partner"):
        f.write(f"[profile {profile}]\nregion = us-east-1\noutput = json\n\n")
EOF

if [ -n "${COSELL_DLL:-}" ]; then
  server=(dotnet "$COSELL_DLL" serve)
else
  if [ ! -f "$root/src/Cosell.Server/bin/Release/net10.0/cosell.dll" ]; then
    echo "No Release build found: run 'dotnet build src/Cosell.Server -c Release' first, or set COSELL_DLL."
    exit 2
  fi
  server=(dotnet run --project "$root/src/Cosell.Server" -c Release --no-build -- serve)
fi
server+=(--urls "$endpoint" --data "$work/data" --accounts "$work/accounts.json")
echo "== server: ${server[*]}"
DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 setsid "${server[@]}" >"$work/server.log" 2>&1 &
server_pid=$!
up=""
for _ in $(seq 450); do
  kill -0 "$server_pid" 2>/dev/null || break
  if "$PY" -c "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('$endpoint/_cosell/health', timeout=2).status == 200 else 1)" 2>/dev/null; then
    up=1; break
  fi
  sleep 0.2
done
if [ -z "$up" ]; then echo "The server did not come up; its output:"; cat "$work/server.log"; exit 2; fi
echo "== health: $("$PY" -c "import urllib.request; print(urllib.request.urlopen('$endpoint/_cosell/health').read().decode())")"

# ---------------------------------------------------------------- the 12 steps
calls="$work/calls.jsonl"
: >"$calls"
echo "{}" >"$run/shared_env.json"
mkdir -p "$work/steps"
passed=0
failed=0
summary=()
cd "$run"
for s in "${STEPS[@]}"; do
  IFS='|' read -r name script profile expected <<<"$s"
  echo
  echo "--- Step $name: python leadToOpportunity/$script   (AWS_PROFILE=$profile)"
  out="$work/steps/$name.txt"
  env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_SECURITY_TOKEN -u AWS_DEFAULT_PROFILE \
    -u AWS_ENDPOINT_URL -u AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING -u VIRTUAL_ENV \
    AWS_PROFILE="$profile" AWS_CONFIG_FILE="$work/aws/config" AWS_SHARED_CREDENTIALS_FILE="$work/aws/credentials" \
    AWS_DEFAULT_REGION=us-east-1 ${data_path:+AWS_DATA_PATH="$data_path"} PYTHONPATH="$PYTHONPATH_BASE" PYTHONDONTWRITEBYTECODE=1 \
    NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}" \
    COSELL_CALL_LOG="$calls" COSELL_STEP="$name" \
    "$PY" "leadToOpportunity/$script" >"$out" 2>&1
  code=$?
  verdict=$("$PY" - "$calls" "$name" "$code" "$expected" "$run/shared_env.json" "${HANDS_ON[$name]:-}" <<'EOF'
import json, sys
log, step, code, expected, env_file, keys = sys.argv[1:]
calls = [c for c in map(json.loads, open(log, encoding="utf-8")) if c["step"] == step]
problems = []
if code != "0":
    problems.append(f"the script exited with {code}")
for c in calls:
    if not c["ok"]:
        problems.append(f"{c['operation']} -> {c['error']} (HTTP {c['status']}): {c['message']}")
for op in expected.split():
    if not any(c["operation"] == op and c["ok"] for c in calls):
        if not any(c["operation"] == op for c in calls):
            problems.append(f"{op} was not called")
env = json.load(open(env_file))
for k in keys.split():
    if not env.get(k):
        problems.append(f"shared_env.json has no {k}")
made = ", ".join(f"{c['operation']} {c['status']}" for c in calls) or "no Partner Central call"
print(("PASS" if not problems else "FAIL") + "\t" + made + "\t" + "; ".join(problems))
EOF
)
  IFS=$'\t' read -r result made problems <<<"$verdict"
  if [ "$result" = PASS ]; then
    passed=$((passed + 1)); echo "ok   - step $name ($made)"
  else
    failed=$((failed + 1)); echo "FAIL - step $name ($made): $problems"
    echo "     last lines of its output:"; tail -n 15 "$out" | sed 's/^/       | /'
  fi
  summary+=("$(printf '%-4s %-46s %-4s %s' "$name" "$script" "$result" "$made")")
done
cd "$root"

# The failed calls with their requests, for bug reports.
"$PY" - "$calls" <<'EOF'
import json, sys
bad = [c for c in map(json.loads, open(sys.argv[1], encoding="utf-8")) if not c["ok"]]
if bad:
    print("\n--- failed calls (request as sent by the sample, error as decoded by botocore)")
for c in bad:
    print(f"step {c['step']}: {c['operation']} -> HTTP {c['status']} {c['error']}: {c['message']}")
    if c.get("errorList"):
        print("  ErrorList:", json.dumps(c["errorList"]))
    print("  request:", json.dumps(c["request"], default=str)[:3000])
EOF

# The sample's code ran unchanged: every .py of the copy is still byte-identical to the checkout's.
changed=""
while IFS= read -r f; do
  cmp -s "$sample/$f" "$run/leadToOpportunity/$f" || changed="$changed $f"
done < <(cd "$sample" && find . -name '*.py' -not -path './venv/*' | sort)
if [ -n "$changed" ]; then
  failed=$((failed + 1)); echo "FAIL - sample code differs from the checkout:$changed"
fi

echo
echo "--- summary (sample: $sample)"
printf '%s\n' "${summary[@]}"
if [ "$failed" -ne 0 ]; then
  echo "--- server log excerpt"
  grep -iE "fail|error|exception" "$work/server.log" | head -n 20
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
