#!/usr/bin/env bash
# The README's "Running several instances" example, run for real: two Cosell instances on one PostgreSQL behind
# nginx (both from Debian's packages), driven through nginx with curl's own SigV4 signing (--aws-sigv4).
#
#   bash scripts/try-several-instances.sh
#
# Builds the server (Release), installs nginx and PostgreSQL with apt when missing (root), uses the PostgreSQL of
# COSELL_STORE or starts a throwaway one (scripts/postgres.sh), starts the two instances and nginx on free ports of
# 127.0.0.1, runs an invitation flow through nginx, checks that both instances answered, stops everything and ends
# with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
pids=()
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   - $1"; }
bad() { failed=$((failed + 1)); echo "FAIL - $1"; }

cleanup() {
  [ -f "$work/nginx/nginx.pid" ] && nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -s stop 2>/dev/null
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  [ -n "${pgdir:-}" ] && bash "$root/scripts/postgres.sh" stop "$pgdir"
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { # a port nothing answers on, below the kernel's ephemeral range (32768+) that client sockets use
  local p
  while :; do
    p=$(( 20000 + RANDOM % 12000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "== installing nginx with apt"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null; } ||
    { echo "apt-get install nginx failed"; exit 2; }
fi
PATH=$PATH:/usr/sbin

echo "== build"
dotnet build src/Cosell.Server -c Release -nologo -v q >/dev/null || { echo "build failed"; exit 2; }
dll="$root/src/Cosell.Server/bin/Release/net10.0/cosell.dll"

store=${COSELL_STORE:-}
if [ -z "$store" ]; then
  pgdir=$(mktemp -d /tmp/cosell-pg.XXXXXX)
  store=$(bash scripts/postgres.sh start "$pgdir") || exit 2
fi

# What each instance needs: the same accounts file and the same store.
cat >"$work/accounts.json" <<'JSON'
{"accounts": [
  {"accountId": "111111111111", "companyName": "Sender Partner", "websiteUrl": "https://sender.example.com",
   "accessKeys": [{"accessKeyId": "AKIASENDER0000000001", "secretAccessKey": "sender-secret-0000000000000000000000000"}]},
  {"accountId": "222222222222", "companyName": "Receiver Partner", "websiteUrl": "https://receiver.example.com",
   "accessKeys": [{"accessKeyId": "AKIARECEIVER00000001", "secretAccessKey": "receiver-secret-00000000000000000000000"}]}
]}
JSON

echo "== two instances"
ports=()
for i in 1 2; do # port 0: each instance takes a free port and prints it
  dotnet "$dll" serve --urls "http://127.0.0.1:0" --store "$store" --accounts "$work/accounts.json" \
    >"$work/instance$i.log" 2>&1 &
  pids+=($!)
done
for i in 1 2; do
  port=""
  for _ in $(seq 1 150); do
    port=$(sed -n 's|^Cosell is listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/instance$i.log")
    [ -n "$port" ] && break
    sleep 0.2
  done
  ports+=("${port:-0}")
  if [ -n "$port" ] && curl -sf "http://127.0.0.1:$port/_cosell/health" | grep -q '"store":"postgresql"'; then
    ok "instance on port $port is up on PostgreSQL"
  else
    bad "instance $i did not start"; cat "$work/instance$i.log"
  fi
done

echo "== nginx"
lb=$(free_port)
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  upstream cosell {
    server 127.0.0.1:${ports[0]};
    server 127.0.0.1:${ports[1]};
    keepalive 16;
  }
  server {
    listen 127.0.0.1:$lb;
    client_max_body_size 5m;
    client_body_buffer_size 5m; # in memory: nginx's worker user cannot write into this script's temporary prefix
    location / {
      proxy_pass http://cosell;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      # SigV4 signs the Host header: the instances must see the one the client signed.
      proxy_set_header Host \$http_host;
      add_header X-Cosell-Upstream \$upstream_addr always;
    }
  }
}
CONF
if nginx -p "$work/nginx" -c "$work/nginx/nginx.conf"; then ok "nginx listens on 127.0.0.1:$lb"; else bad "nginx did not start"; fi

endpoint="http://127.0.0.1:$lb"
call() { # call KEY SECRET OPERATION JSON: prints the body; the upstream that answered goes to $work/upstreams
  curl -s -D "$work/headers" --aws-sigv4 "aws:amz:us-east-1:partnercentral-selling" --user "$1:$2" \
    -H 'Content-Type: application/x-amz-json-1.0' -H "X-Amz-Target: AWSPartnerCentralSelling.$3" -d "$4" "$endpoint/"
  sed -n 's/^[Xx]-[Cc]osell-[Uu]pstream: *\([^\r]*\).*/\1/p' "$work/headers" >>"$work/upstreams"
}
A=(AKIASENDER0000000001 sender-secret-0000000000000000000000000)
B=(AKIARECEIVER00000001 receiver-secret-00000000000000000000000)
field() { python3 -c 'import json,sys; print(json.load(sys.stdin).get(sys.argv[1], ""))' "$1"; }

echo "== invitation flow through nginx"
engagement=$(call "${A[@]}" CreateEngagement '{"Catalog":"Sandbox","ClientToken":"'"$(date +%s%N)"'","Title":"Acme","Description":"Joint engagement for Acme",
  "Contexts":[{"Type":"CustomerProject","Payload":{"CustomerProject":{"Customer":{"CompanyName":"Acme","CountryCode":"US",
  "Industry":"Software and Internet","WebsiteUrl":"https://acme.example.com"},"Project":{"Title":"Migration",
  "BusinessProblem":"Legacy data warehouse cannot keep up","TargetCompletionDate":"2027-06-30"}}}}]}' | field Id)
[[ "$engagement" == eng-* ]] && ok "A created engagement $engagement" || bad "CreateEngagement through nginx"

invite='{"Catalog":"Sandbox","ClientToken":"invite-'$engagement'","EngagementIdentifier":"'$engagement'",
  "Invitation":{"Message":"Join us","Payload":{"OpportunityInvitation":{"Customer":{"CompanyName":"Acme","CountryCode":"US",
  "Industry":"Software and Internet","WebsiteUrl":"https://acme.example.com"},"Project":{"Title":"Migration",
  "BusinessProblem":"Legacy data warehouse cannot keep up","TargetCompletionDate":"2027-06-30",
  "ExpectedCustomerSpend":[{"Amount":"5000.00","CurrencyCode":"USD","Frequency":"Monthly","TargetCompany":"AWS"}]},
  "ReceiverResponsibilities":["Software Partner"],"SenderContacts":[{"Email":"jane@example.com"}]}},
  "Receiver":{"Account":{"AwsAccountId":"222222222222"}}}}'
first=$(call "${A[@]}" CreateEngagementInvitation "$invite" | field Id)
again=$(call "${A[@]}" CreateEngagementInvitation "$invite" | field Id)
[[ "$first" == engi-* && "$first" == "$again" ]] && ok "A invited B ($first); the retry got the same id" \
  || bad "idempotent CreateEngagementInvitation ($first / $again)"

listed=$(call "${B[@]}" ListEngagementInvitations '{"Catalog":"Sandbox","ParticipantType":"RECEIVER"}')
[[ -n "$first" && "$listed" == *"$first"* ]] && ok "B lists the invitation" || bad "ListEngagementInvitations: $listed"

accepted=$(call "${B[@]}" AcceptEngagementInvitation '{"Catalog":"Sandbox","Identifier":"'$first'"}')
[ -z "$accepted" ] && ok "B accepted" || bad "AcceptEngagementInvitation: $accepted"

members=$(call "${A[@]}" GetEngagement '{"Catalog":"Sandbox","Identifier":"'$engagement'"}' | field MemberCount)
[ "$members" = 2 ] && ok "the engagement has 2 members" || bad "MemberCount $members"

for _ in 1 2 3 4; do call "${A[@]}" ListEngagements '{"Catalog":"Sandbox"}' >/dev/null; done
used=$(sort -u "$work/upstreams" | wc -l)
[ "$used" -eq 2 ] && ok "nginx spread the calls over both instances ($(sort "$work/upstreams" | uniq -c | tr -s ' ' | paste -sd, -))" \
  || bad "only $used instance(s) answered"

# A body past Cosell's 4 MiB limit must reach Cosell (nginx's limit is above it) and get the API's JSON 413, not nginx's page.
head -c $((4 * 1024 * 1024 + 100)) /dev/zero | tr '\0' ' ' >"$work/large.json"
large=$(curl -s -o "$work/large.out" -w '%{http_code} %{content_type}' --aws-sigv4 "aws:amz:us-east-1:partnercentral-selling" \
  --user "${A[0]}:${A[1]}" -H 'Content-Type: application/x-amz-json-1.0' -H 'X-Amz-Target: AWSPartnerCentralSelling.ListEngagements' \
  --data-binary @"$work/large.json" "$endpoint/")
[[ "$large" == "413 application/x-amz-json-1.0"* ]] && grep -q RequestEntityTooLarge "$work/large.out" \
  && ok "a 4 MiB body passes nginx and gets Cosell's JSON 413" || bad "oversized body through nginx: $large $(head -c 200 "$work/large.out")"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
