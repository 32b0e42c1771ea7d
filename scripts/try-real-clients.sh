#!/usr/bin/env bash
# Tries a Cosell server the way a new user would, with the AWS clients Debian 12 ships: boto3 (python3-boto3, 1.26)
# and the AWS CLI (awscli, 2.9). Neither knows Partner Central Selling yet; both learn it from clients/botocore-data
# (boto3: AWS_DATA_PATH; CLI: `aws configure add-model`). Installs the two packages with apt when missing.
#
#   scripts/try-real-clients.sh                  # server: dotnet run --project src/Cosell.Server -c Release --no-build
#   COSELL_DLL=path/to/cosell.dll scripts/try-real-clients.sh     # server: dotnet path/to/cosell.dll
#
# Build first (dotnet build src/Cosell.Server -c Release) unless COSELL_DLL names a built assembly. The script starts
# the server on a free port of 127.0.0.1 with a temporary data folder and an accounts file of three partner accounts
# (111111111111 sender, 222222222222 receiver, 333333333333 outsider; random keys), runs the engagement-invitation flow
# with boto3 and then with the CLI, prints what the clients decoded, stops the server and ends with
# "N passed, N failed". Exit status 0 only when every check passed. COSELL_KEEP_DATA=1 keeps the temporary folder.
# The CLI runs with HOME pointing into the temporary folder, so `aws configure add-model` leaves ~/.aws alone.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
PY=/usr/bin/python3
AWS=/usr/bin/aws
VECTORS="$root/tests/Conformance/vectors/boto3"
DATA_PATH="$root/clients/botocore-data"
MODEL="$DATA_PATH/partnercentral-selling/2022-07-26/service-2.json"

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   - $1"; }
bad() { failed=$((failed + 1)); echo "FAIL - $1"; }
check() { # check NAME COMMAND... : ok when the command succeeds
  local name=$1; shift
  if "$@"; then ok "$name"; else bad "$name"; fi
}

# ---------------------------------------------------------------- clients
if ! "$PY" -c 'import boto3' 2>/dev/null || [ ! -x "$AWS" ]; then
  echo "== installing python3-boto3 and awscli with apt"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-boto3 awscli >/dev/null \
    || { echo "apt-get install python3-boto3 awscli failed"; exit 2; }
fi
echo "== clients: $("$PY" -c 'import boto3, botocore; print("boto3", boto3.__version__, "/ botocore", botocore.__version__)'); $("$AWS" --version 2>&1)"

# ---------------------------------------------------------------- server
work=$(mktemp -d /tmp/cosell-try-XXXXXX)
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

port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
endpoint="http://127.0.0.1:$port"
"$PY" - "$work/accounts.json" <<'EOF'
import json, secrets, sys
def account(account_id, name, site):
    return {"accountId": account_id, "companyName": name, "websiteUrl": site,
            "accessKeys": [{"accessKeyId": "AKIA" + secrets.token_hex(8).upper(), "secretAccessKey": secrets.token_urlsafe(30)}]}
json.dump({"accounts": [
    account("111111111111", "Sender Partner", "https://sender.example.com"),
    account("222222222222", "Receiver Partner", "https://receiver.example.com"),
    account("333333333333", "Third Partner", "https://third.example.com"),
]}, open(sys.argv[1], "w"), indent=2)
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
# setsid: the server (and, with `dotnet run`, its child) get their own process group, stopped as one.
DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 setsid "${server[@]}" >"$work/server.log" 2>&1 &
server_pid=$!
up=""
for _ in $(seq 450); do
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  if "$PY" -c "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('$endpoint/_cosell/health', timeout=2).status == 200 else 1)" 2>/dev/null; then
    up=1; break
  fi
  sleep 0.2
done
if [ -z "$up" ]; then
  echo "The server did not come up; its output:"; cat "$work/server.log"; exit 2
fi
echo "== health: $("$PY" -c "import urllib.request; print(urllib.request.urlopen('$endpoint/_cosell/health').read().decode())")"

# ---------------------------------------------------------------- boto3
echo
echo "================ boto3 (AWS_DATA_PATH=clients/botocore-data)"
AWS_DATA_PATH="$DATA_PATH" COSELL_ENDPOINT="$endpoint" COSELL_ACCOUNTS_FILE="$work/accounts.json" VECTORS="$VECTORS" \
  AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null "$PY" - <<'EOF' | tee "$work/boto3.txt"
import copy, datetime, json, os, pprint, re, uuid
import boto3, botocore

endpoint = os.environ["COSELL_ENDPOINT"]
A_acct, B_acct, C_acct = json.load(open(os.environ["COSELL_ACCOUNTS_FILE"]))["accounts"]
passed = failed = 0

def vector(name):
    return json.load(open(os.path.join(os.environ["VECTORS"], name + ".json")))["input"]

def client(account):
    key = account["accessKeys"][0]
    return boto3.client("partnercentral-selling", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id=key["accessKeyId"], aws_secret_access_key=key["secretAccessKey"])

def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1; print("ok   - " + name)
    else:
        failed += 1; print("FAIL - " + name + (": " + str(detail) if detail else ""))

def show(title, response):
    body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    print(f"--- {title} (HTTP {response['ResponseMetadata']['HTTPStatusCode']}, RequestId {response['ResponseMetadata'].get('RequestId')})")
    pprint.pprint(body, width=120, sort_dicts=False)

def step(name, call):
    """Runs one call; an unexpected error counts as a failed check and returns None."""
    try:
        return call()
    except Exception as e:  # noqa: BLE001 - report anything
        check(name, False, f"{type(e).__name__}: {e}")
        return None

def expect_error(name, error_name, call):
    try:
        r = call()
        check(name, False, f"succeeded: {r}")
        return None
    except botocore.exceptions.ClientError as e:
        code = e.response["Error"]["Code"]
        check(name, code == error_name and bool(e.response["ResponseMetadata"].get("RequestId")),
              f"got {code}: {e.response['Error'].get('Message')}")
        print(f"    {type(e).__name__}: {e}")
        return e

def is_aware_datetime(v):
    return isinstance(v, datetime.datetime) and v.tzinfo is not None

A, B, C = client(A_acct), client(B_acct), client(C_acct)
print("service model:", A.meta.service_model.service_name, A.meta.service_model.api_version)

# 1. A creates the engagement (CreateEngagement vector, verbatim)
engagement_input = vector("CreateEngagement")
r = step("A create_engagement", lambda: A.create_engagement(**engagement_input))
if r:
    show("A create_engagement", r)
    check("create_engagement: Id eng-…, Arn, ModifiedAt a tz-aware datetime",
          re.fullmatch(r"eng-[0-9a-z]{14}", r["Id"]) and r["Arn"] == f"arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement/{r['Id']}"
          and is_aware_datetime(r["ModifiedAt"]), r)
    check("create_engagement: ResponseMetadata.RequestId set", bool(r["ResponseMetadata"].get("RequestId")))
engagement_id = r["Id"] if r else "eng-00000000000000"
print("engagement id:", engagement_id)

# 2. A sends the seed invitation to B (boto3 vector input; engagement id and receiver replaced)
seed = vector("CreateEngagementInvitation-opportunity")
seed["EngagementIdentifier"] = engagement_id
seed["Invitation"]["Receiver"]["Account"]["AwsAccountId"] = B_acct["accountId"]
r = step("A create_engagement_invitation", lambda: A.create_engagement_invitation(**copy.deepcopy(seed)))
invitation_id = None
if r:
    show("A create_engagement_invitation (the seed request)", r)
    invitation_id = r["Id"]
    check("create_engagement_invitation: Id engi-…, Arn",
          re.fullmatch(r"engi-[0-9a-z]{13}", r["Id"])
          and r["Arn"] == f"arn:aws:partnercentral:us-east-1::catalog/Sandbox/engagement-invitation/{r['Id']}", r)
    again = step("replay", lambda: A.create_engagement_invitation(**copy.deepcopy(seed)))
    check("create_engagement_invitation replayed with the same ClientToken returns the same Id", again and again["Id"] == invitation_id, again)

if invitation_id:
    # 3. B finds it with the receiver vector's filters, then reads it
    r = step("B list_engagement_invitations", lambda: B.list_engagement_invitations(**vector("ListEngagementInvitations-receiver")))
    if r:
        check("B list_engagement_invitations (RECEIVER, PENDING) lists it",
              any(s["Id"] == invitation_id and s["ParticipantType"] == "RECEIVER" for s in r["EngagementInvitationSummaries"]), r)
    g = step("B get_engagement_invitation", lambda: B.get_engagement_invitation(Catalog="Sandbox", Identifier=invitation_id))
    if g:
        show("B get_engagement_invitation", g)
        check("get: Payload, Receiver and Message exactly as sent",
              g.get("Payload") == seed["Invitation"]["Payload"] and g.get("Receiver") == seed["Invitation"]["Receiver"]
              and g.get("InvitationMessage") == seed["Invitation"]["Message"])
        check("get: Status PENDING, PayloadType, sender 111111111111 'Sender Partner', engagement title",
              g.get("Status") == "PENDING" and g.get("PayloadType") == "OpportunityInvitation"
              and g.get("SenderAwsAccountId") == A_acct["accountId"] and g.get("SenderCompanyName") == A_acct["companyName"]
              and g.get("EngagementId") == engagement_id and g.get("EngagementTitle") == engagement_input["Title"])
        check("get: InvitationDate/ExpirationDate are tz-aware datetimes 15 days apart",
              is_aware_datetime(g.get("InvitationDate")) and is_aware_datetime(g.get("ExpirationDate"))
              and g["ExpirationDate"] - g["InvitationDate"] == datetime.timedelta(days=15))

    # 4. C, an outsider, is refused
    expect_error("C get_engagement_invitation -> AccessDeniedException", "AccessDeniedException",
                 lambda: C.get_engagement_invitation(Catalog="Sandbox", Identifier=invitation_id))
    try:
        C.get_engagement(Catalog="Sandbox", Identifier=engagement_id)
        check("C get_engagement raises C.exceptions.AccessDeniedException", False, "succeeded")
    except C.exceptions.AccessDeniedException as e:
        check("C get_engagement raises C.exceptions.AccessDeniedException", True)
    except Exception as e:  # noqa: BLE001
        check("C get_engagement raises C.exceptions.AccessDeniedException", False, repr(e))

    # 5. B accepts (AcceptEngagementInvitation vector)
    accept = dict(vector("AcceptEngagementInvitation"), Identifier=invitation_id)
    r = step("B accept_engagement_invitation", lambda: B.accept_engagement_invitation(**accept))
    if r:
        show("B accept_engagement_invitation", r)
        check("accept: HTTP 200, RequestId set", r["ResponseMetadata"]["HTTPStatusCode"] == 200 and bool(r["ResponseMetadata"].get("RequestId")))
    r = step("A get_engagement", lambda: A.get_engagement(Catalog="Sandbox", Identifier=engagement_id))
    if r:
        show("A get_engagement", r)
        check("get_engagement after accept: MemberCount 2", r.get("MemberCount") == 2, r.get("MemberCount"))
    r = step("B list_engagement_members", lambda: B.list_engagement_members(**dict(vector("ListEngagementMembers"), Identifier=engagement_id)))
    if r:
        show("B list_engagement_members", r)
        check("list_engagement_members: A and B",
              sorted(m["AccountId"] for m in r["EngagementMemberList"]) == [A_acct["accountId"], B_acct["accountId"]])

    # 6. The reject path: A invites C, C rejects with a reason
    second = copy.deepcopy(seed)
    second["ClientToken"] = str(uuid.uuid4())
    second["Invitation"]["Receiver"]["Account"]["AwsAccountId"] = C_acct["accountId"]
    r = step("A invites C", lambda: A.create_engagement_invitation(**second))
    if r:
        reject = dict(vector("RejectEngagementInvitation"), Identifier=r["Id"])
        rr = step("C reject_engagement_invitation", lambda: C.reject_engagement_invitation(**reject))
        g = step("A get rejected", lambda: A.get_engagement_invitation(Catalog="Sandbox", Identifier=r["Id"]))
        check("reject: the sender sees REJECTED with the RejectionReason",
              rr and g and g.get("Status") == "REJECTED" and g.get("RejectionReason") == reject["RejectionReason"], g)

# 7. Paginator from paginators-1.json, over two engagements (the second with a ClientToken botocore fills in)
r = step("A create_engagement without ClientToken", lambda: A.create_engagement(
    Catalog="Sandbox", Title="Second engagement (botocore token)", Description=engagement_input["Description"]))
check("create_engagement without ClientToken (botocore fills it) succeeds", r and r["Id"] != engagement_id, r)
pages = step("paginate", lambda: list(A.get_paginator("list_engagements").paginate(Catalog="Sandbox", PaginationConfig={"PageSize": 1})))
if pages is not None:
    ids = [s["Id"] for p in pages for s in p["EngagementSummaryList"]]
    print(f"--- A list_engagements paginated by 1: {len(pages)} pages, ids {ids}")
    check("list_engagements paginator (PageSize 1) walks every page", engagement_id in ids and len(set(ids)) == len(ids) >= 2 and len(pages) >= 2, ids)

# 8. A ValidationException: a receiver account id that breaks the model's pattern (botocore checks no patterns)
invalid = copy.deepcopy(seed)
invalid["ClientToken"] = str(uuid.uuid4())
invalid["Invitation"]["Receiver"]["Account"]["AwsAccountId"] = "not an account!"
try:
    A.create_engagement_invitation(**invalid)
    check("invalid request raises ValidationException", False, "succeeded")
except A.exceptions.ValidationException as e:
    print("--- ValidationException")
    print('e.response["Error"]     =', e.response["Error"])
    print('e.response["Reason"]    =', e.response.get("Reason"))
    print('e.response["ErrorList"] =', e.response.get("ErrorList"))
    check('ValidationException: e.response["Reason"] == "REQUEST_VALIDATION_FAILED"', e.response.get("Reason") == "REQUEST_VALIDATION_FAILED")
    errors = e.response.get("ErrorList") or []
    check('ValidationException: e.response["ErrorList"] entries have FieldName, Code, Message',
          errors and all(x.get("FieldName") and x.get("Code") and x.get("Message") for x in errors), errors)
    check("ValidationException: RequestId set, HTTP 400",
          bool(e.response["ResponseMetadata"].get("RequestId")) and e.response["ResponseMetadata"]["HTTPStatusCode"] == 400)
except Exception as e:  # noqa: BLE001
    check("invalid request raises ValidationException", False, repr(e))

# 9. An operation newer than the model (patch 006), through the generated botocore model: prospecting, then its paginator
r = step("A start_prospecting_from_engagement_task", lambda: A.start_prospecting_from_engagement_task(
    Catalog="Sandbox", TaskName="Try prospecting", Identifiers=[engagement_id]))
if r:
    show("A start_prospecting_from_engagement_task", r)
    check("start_prospecting_from_engagement_task: COMPLETED, StartTime a tz-aware datetime",
          r.get("TaskStatus") == "COMPLETED" and is_aware_datetime(r.get("StartTime")) and r.get("Identifiers") == [engagement_id], r)
    pages = step("paginate prospecting tasks", lambda: list(A.get_paginator("list_prospecting_from_engagement_tasks").paginate(
        Catalog="Sandbox", TaskIdentifier=[r["TaskId"]])))
    check("list_prospecting_from_engagement_tasks paginator finds the task",
          pages is not None and [t["TaskId"] for p in pages for t in p["TaskSummaries"]] == [r["TaskId"]], pages)

print(f"boto3: {passed} passed, {failed} failed")
EOF
read -r p f < <(sed -n 's/^boto3: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$work/boto3.txt")
if [ -z "${p:-}" ]; then bad "the boto3 part ran to its end"; else passed=$((passed + p)); failed=$((failed + f)); fi

# ---------------------------------------------------------------- AWS CLI
echo
echo "================ AWS CLI (aws configure add-model)"
home="$work/home"
mkdir -p "$home"
key() { "$PY" -c "import json,sys; a=json.load(open('$work/accounts.json'))['accounts'][$1]['accessKeys'][0]; print(a['$2'])"; }
declare -A KEY SECRET
for i in 0 1 2; do KEY[$i]=$(key $i accessKeyId); SECRET[$i]=$(key $i secretAccessKey); done
A=0 B=1 C=2
# cli WHO ARGS... : the CLI as account WHO against the server; stdout to $work/out.json, stderr to $work/err.txt
cli() {
  local who=$1; shift
  env -u AWS_SESSION_TOKEN -u AWS_SECURITY_TOKEN -u AWS_PROFILE \
  HOME="$home" AWS_CONFIG_FILE="$home/config" AWS_SHARED_CREDENTIALS_FILE="$home/credentials" AWS_PAGER="" \
    AWS_ACCESS_KEY_ID="${KEY[$who]}" AWS_SECRET_ACCESS_KEY="${SECRET[$who]}" AWS_DEFAULT_REGION=us-east-1 \
    "$AWS" partnercentral-selling "$@" --endpoint-url "$endpoint" --output json >"$work/out.json" 2>"$work/err.txt"
}
# field EXPR : evaluates a Python expression over the last output (o)
field() { "$PY" -c "import json,sys; o=json.load(open('$work/out.json')); print($1)"; }
# vector NAME EDITS : a boto3 vector's input, edited by Python statements on v, written to $work/NAME.json
vector() { "$PY" -c "import json; v=json.load(open('$VECTORS/$1.json'))['input']; ${2:-pass}; json.dump(v, open('$work/$1.json','w'))"; }

if HOME="$home" AWS_PAGER="" "$AWS" partnercentral-selling help >/dev/null 2>&1; then
  echo "(this awscli already knows partnercentral-selling)"
else
  echo "before add-model: $(HOME="$home" "$AWS" partnercentral-selling help 2>&1 | grep -m1 -i 'invalid choice' | cut -c1-100)"
fi
check "aws configure add-model --service-name partnercentral-selling" \
  env HOME="$home" "$AWS" configure add-model --service-name partnercentral-selling --service-model "file://$MODEL"

# The CreateEngagement vector again, verbatim: same account, token and body as the boto3 call, so the same engagement.
vector CreateEngagement ""
if cli $A create-engagement --cli-input-json "file://$work/CreateEngagement.json"; then
  cat "$work/out.json"
  boto_engagement=$(sed -n 's/^engagement id: //p' "$work/boto3.txt")
  check "create-engagement replaying boto3's ClientToken returns boto3's engagement ($boto_engagement)" \
    test "$(field 'o["Id"]')" = "$boto_engagement"
else
  bad "create-engagement --cli-input-json: $(cat "$work/err.txt")"
fi

# A new engagement from flags, ClientToken left to the CLI
cat >"$work/contexts.json" <<'EOF'
[{"Type": "CustomerProject", "Payload": {"CustomerProject": {
  "Customer": {"CompanyName": "Acme Corp", "CountryCode": "US", "Industry": "Software and Internet", "WebsiteUrl": "https://acme.example.com"},
  "Project": {"Title": "Data platform migration", "BusinessProblem": "Legacy on-premises data warehouse cannot keep up with reporting demand", "TargetCompletionDate": "2027-06-30"}}}}]
EOF
engagement=""
if cli $A create-engagement --catalog Sandbox --title "Acme data platform migration (CLI)" \
    --description "Joint engagement for Acme Corp's move of its data warehouse to AWS" --contexts "file://$work/contexts.json"; then
  cat "$work/out.json"
  engagement=$(field 'o["Id"]')
  check "create-engagement: Id $engagement" grep -Eq '^eng-[0-9a-z]{14}$' <<<"$engagement"
else
  bad "create-engagement: $(cat "$work/err.txt")"
fi

invitation=""
if [ -n "$engagement" ]; then
  # The seed with its own ClientToken: boto3 already used that token for another engagement -> ConflictException.
  vector CreateEngagementInvitation-opportunity "v['EngagementIdentifier']='$engagement'"
  if cli $A create-engagement-invitation --cli-input-json "file://$work/CreateEngagementInvitation-opportunity.json"; then
    bad "seed ClientToken reused with another body: expected ConflictException, got $(cat "$work/out.json")"
  else
    echo "$(cat "$work/err.txt")"
    check "seed ClientToken reused with another body -> ConflictException" grep -q "(ConflictException)" "$work/err.txt"
  fi
  # The seed without ClientToken: the CLI generates one.
  vector CreateEngagementInvitation-opportunity "v['EngagementIdentifier']='$engagement'; del v['ClientToken']"
  if cli $A create-engagement-invitation --cli-input-json "file://$work/CreateEngagementInvitation-opportunity.json"; then
    cat "$work/out.json"
    invitation=$(field 'o["Id"]')
    check "create-engagement-invitation (ClientToken filled by the CLI): Id $invitation" grep -Eq '^engi-[0-9a-z]{13}$' <<<"$invitation"
  else
    bad "create-engagement-invitation: $(cat "$work/err.txt")"
  fi
fi

if [ -n "$invitation" ]; then
  if cli $B get-engagement-invitation --catalog Sandbox --identifier "$invitation"; then
    cat "$work/out.json"
    check "get-engagement-invitation (B): PENDING, Payload and Receiver as sent, ExpirationDate = InvitationDate + 15 days" \
      "$PY" -c "
import json, datetime
o = json.load(open('$work/out.json')); v = json.load(open('$work/CreateEngagementInvitation-opportunity.json'))
d = lambda s: datetime.datetime.fromisoformat(s.replace('Z', '+00:00'))
assert o['Status'] == 'PENDING' and o['Payload'] == v['Invitation']['Payload'] and o['Receiver'] == v['Invitation']['Receiver'], o
assert d(o['ExpirationDate']) - d(o['InvitationDate']) == datetime.timedelta(days=15), (o['InvitationDate'], o['ExpirationDate'])"
  else
    bad "get-engagement-invitation (B): $(cat "$work/err.txt")"
  fi
  if cli $C get-engagement-invitation --catalog Sandbox --identifier "$invitation"; then
    bad "get-engagement-invitation (C): expected AccessDeniedException, got $(cat "$work/out.json")"
  else
    cat "$work/err.txt"
    check "get-engagement-invitation (C) -> AccessDeniedException" grep -q "(AccessDeniedException)" "$work/err.txt"
  fi
  if cli $B accept-engagement-invitation --catalog Sandbox --identifier "$invitation"; then
    check "accept-engagement-invitation (B) succeeds with no output" test ! -s "$work/out.json"
  else
    bad "accept-engagement-invitation (B): $(cat "$work/err.txt")"
  fi
  if cli $A get-engagement --catalog Sandbox --identifier "$engagement"; then
    check "get-engagement (A) after accept: MemberCount 2" test "$(field 'o["MemberCount"]')" = 2
  else
    bad "get-engagement (A): $(cat "$work/err.txt")"
  fi
fi

# Paging by hand: MaxResults and NextToken are plain members, so they work with the bare service model.
if cli $A list-engagements --catalog Sandbox --max-results 1; then
  first=$(field 'o["EngagementSummaryList"][0]["Id"]'); token=$(field 'o.get("NextToken", "")')
  if [ -n "$token" ] && cli $A list-engagements --catalog Sandbox --max-results 1 --next-token "$token"; then
    second=$(field 'o["EngagementSummaryList"][0]["Id"]')
    echo "list-engagements --max-results 1: $first, then with --next-token: $second"
    check "list-engagements --max-results 1 / --next-token: two different pages" test "$first" != "$second"
  else
    bad "list-engagements --max-results 1: no NextToken or the second page failed: $(cat "$work/out.json" "$work/err.txt")"
  fi
else
  bad "list-engagements --max-results 1: $(cat "$work/err.txt")"
fi
# `aws configure add-model` installs service-2.json only, so the CLI has no paginator for the service: no --page-size /
# --max-items and no automatic NextToken following. Putting paginators-1.json next to the added model brings them.
if cli $A list-engagements --catalog Sandbox --page-size 1; then
  echo "(this awscli paginates partnercentral-selling without paginators-1.json)"
else
  echo "without paginators-1.json: $(grep -m1 'Unknown options' "$work/err.txt")"
fi
models="$home/.aws/models/partnercentral-selling/2022-07-26"
check "paginators-1.json copied next to the added model" cp "$DATA_PATH/partnercentral-selling/2022-07-26/paginators-1.json" "$models/"
if cli $A list-engagements --catalog Sandbox --page-size 1; then
  echo "list-engagements --page-size 1 (CLI follows NextToken): $(field '[s["Id"] for s in o["EngagementSummaryList"]]')"
  check "list-engagements --page-size 1: every engagement of A, each once" \
    "$PY" -c "import json; o=json.load(open('$work/out.json')); ids=[s['Id'] for s in o['EngagementSummaryList']]; assert len(ids) == len(set(ids)) >= 3 and '$engagement' in ids, ids"
else
  bad "list-engagements --page-size 1: $(cat "$work/err.txt")"
fi

vector CreateEngagementInvitation-opportunity "v['EngagementIdentifier']='${engagement:-eng-00000000000000}'; del v['ClientToken']; v['Invitation']['Receiver']['Account']['AwsAccountId']='not an account!'"
if cli $A create-engagement-invitation --cli-input-json "file://$work/CreateEngagementInvitation-opportunity.json"; then
  bad "invalid receiver: expected ValidationException, got $(cat "$work/out.json")"
else
  cat "$work/err.txt"
  check "invalid receiver account -> ValidationException" grep -q "(ValidationException)" "$work/err.txt"
fi

# An operation newer than the model (patch 006), known to the CLI only through the generated botocore model
if cli $A start-prospecting-from-engagement-task --catalog Sandbox --task-name "Try prospecting (CLI)"     --identifiers "${engagement:-eng-00000000000000}"; then
  cat "$work/out.json"
  check "start-prospecting-from-engagement-task: COMPLETED" test "$(field 'o["TaskStatus"]')" = COMPLETED
else
  bad "start-prospecting-from-engagement-task: $(cat "$work/err.txt")"
fi

echo
if [ "$failed" -ne 0 ]; then
  echo "--- server log excerpt"
  grep -iE "fail|error|exception" "$work/server.log" | head -n 40
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
