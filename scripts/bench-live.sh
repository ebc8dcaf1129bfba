#!/usr/bin/env bash
# Benchmarks live approvals against the target of the product issue: with 500 connected live clients on a 2-core machine,
# the time from the answer to a decision request (202 pending) to the `pending` step arriving at the clients, p50/p95/p99;
# targets p95 at most 250 ms and server memory growth at most 100 KB per connected client.
#
# For each engine (SQLite, and PostgreSQL in a private throwaway cluster as scripts/test.sh starts one) it:
#   1. creates a fresh store; adds with the CLI `bench` (admin, security), a second security person `bench-approver` and an
#      owner, and a personal API token for each of the first two;
#   2. starts the console (Release) on a free loopback port and signs both people in once to replace the CLI-set passwords;
#   3. through the public API registers an assistant (prod, terraform:apply, tier low), has `bench-approver` approve that
#      widening, issues a client secret and starts a task with HTTP Basic, which gives the task token; checks that one
#      decision on it is answered 202 pending (rule prod-writes-need-approval);
#   4. runs scripts/lib/live-clients.mjs (Node, the project's @microsoft/signalr): a warm-up, then N SignalR connections
#      (WebSockets) with the session cookie of `bench-viewer`, whose role is --role (default security: a security person's
#      page hears every approval step and every audit event; approver: approval steps only);
#   5. reads the console's RSS (VmRSS) before connecting, once all are connected, and after settling (the median of a few
#      samples: the console has no way to force a garbage collection from outside);
#   6. has the Node process send R pending decisions INTERVAL ms apart and time, in that same process, every client's
#      arrival of every `pending` step against the arrival of the 202 answer that named the decision;
#   7. prints clients, events expected/received, latency min/p50/p95/p99/max, RSS and KB per client, PASS/FAIL per target.
#
# Usage: scripts/bench-live.sh [--clients 500] [--requests 40] [--interval-ms 250] [--engines "sqlite postgres"]
#                              [--role security|approver|admin|compliance] [--settle SECONDS] [--no-build] [--markdown FILE]
# Environment: AGENTCONSOLE_BENCH_POSTGRES  an Npgsql connection string to an EMPTY database to use instead of a private cluster;
#              AGENTCONSOLE_BENCH_PG_PORT   port of the private cluster (default 55434, beside scripts/test.sh's 55432).
# Needs node, curl, and wwwroot-assets/node_modules (`npm ci --prefix wwwroot-assets` runs when it is missing). The Node clients
# run on the same CPUs as the console, so on a 2-core machine they compete with it: the latency includes that. The memory
# figure is the whole process's RSS, so it includes SignalR's per-connection buffers and what the server GC keeps.
# Console logs and the clients' output stay in /tmp/bench-live-<time>/ .
# Exits 1 when a correctness check fails (a connection refused, a step missing at a client, a setup step refused),
# 3 when everything is correct but a target is missed, 0 when every target is met.
set -euo pipefail

command_line="scripts/bench-live.sh${*:+ $*}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/bench-common.sh
. "$root/scripts/lib/bench-common.sh"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' + local changes')"

clients=500
requests=40
interval_ms=250
engines="sqlite"
settle=5
role=security
build=true
markdown=""
target_p95_ms=250
target_kb_per_client=100
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients="$2"; shift 2 ;;
    --requests) requests="$2"; shift 2 ;;
    --interval-ms) interval_ms="$2"; shift 2 ;;
    --engines) engines="$2"; shift 2 ;;
    --settle) settle="$2"; shift 2 ;;
    --role) role="$2"; shift 2 ;;
    --no-build) build=false; shift ;;
    --markdown) markdown="$2"; shift 2 ;;
    -h|--help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

command -v node >/dev/null 2>&1 || { echo "node is needed: the live clients are the project's own SignalR client (Node)." >&2; exit 2; }
if [ ! -d "$root/wwwroot-assets/node_modules/@microsoft/signalr" ]; then
  echo "wwwroot-assets/node_modules is missing; running npm ci --prefix wwwroot-assets ..."
  npm ci --prefix "$root/wwwroot-assets" --no-audit --no-fund >/dev/null
fi

bench_setup "$build"
trap 'stop_clients; bench_cleanup' EXIT
logs="/tmp/bench-live-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$logs"

if [[ " $engines " == *" postgres "* ]]; then
  if [ -n "${AGENTCONSOLE_BENCH_POSTGRES:-}" ]; then
    pg_connection="$AGENTCONSOLE_BENCH_POSTGRES"
  else
    start_private_postgres || { echo "$pg_note"; engines="${engines//postgres/}"; }
  fi
fi

results="$work/results.tsv"
details="$work/details.txt"
: >"$results"
: >"$details"
correctness_failures=0
targets_missed=0

setup_failed() { # setup_failed <engine> <what failed> [detail]
  echo "$1: $2${3:+: $3}" | tee -a "$details" >&2
  printf '%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\tFAIL (%s)\t%s\n' "$1" "$2" "$(load_average | cut -d' ' -f1)" >>"$results"
  [ -n "${server_log:-}" ] && echo "  console log: $server_log" | tee -a "$details" >&2
  correctness_failures=$((correctness_failures + 1))
  stop_clients
  stop_console
}

# result_field <path.in.json>: one figure from the clients' result line.
result_field() { node -e 'const r = JSON.parse(process.argv[1]); const v = process.argv[2].split(".").reduce((o, k) => o?.[k], r); console.log(v ?? "-")' "$result_json" "$1"; }

# The console's resident memory in KiB (VmRSS).
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status"; }
# rss_median <samples> <seconds apart>: the median of a few readings, because a reading can land just before a collection.
rss_median() {
  local n="$1" gap="$2" i
  for i in $(seq "$n"); do
    rss_kib
    if [ "$i" -lt "$n" ]; then sleep "$gap"; fi
  done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# --- The Node clients, driven through a FIFO (commands in) and a file (their lines out) --------------------------------
clients_pid=""
stop_clients() {
  if [ -n "$clients_pid" ]; then kill "$clients_pid" 2>/dev/null || true; wait "$clients_pid" 2>/dev/null || true; fi
  clients_pid=""
  exec 7>&- 2>/dev/null || true
}
# wait_for_line <word> <seconds>: waits until the clients print a line starting with word; false when they exit or time runs out.
wait_for_line() {
  local word="$1" seconds="$2" i
  for i in $(seq $((seconds * 10))); do
    grep -q "^$word" "$clients_out" && return 0
    kill -0 "$clients_pid" 2>/dev/null || { grep -q "^$word" "$clients_out"; return; }
    sleep 0.1
  done
  return 1
}

bench_engine() {
  local engine="$1"
  if [ "$engine" = sqlite ]; then
    store_env=("Storage__DataDirectory=$work/sqlite" "ConnectionStrings__Postgres=")
  else
    store_env=("ConnectionStrings__Postgres=$pg_connection")
  fi

  echo
  echo "== $engine ==" | tee -a "$details"
  server_log=""
  cli migrate >"$logs/$engine-cli.log" 2>&1 || { setup_failed "$engine" "AgentConsole migrate failed" "$(first_error "$logs/$engine-cli.log")"; return; }
  local first_password password approver_first approver_password
  first_password="$(random_password)"
  password="$first_password-chosen"
  approver_first="$(random_password)"
  approver_password="$approver_first-chosen"
  local viewer_first
  viewer_first="$(random_password)"
  cli users add --name bench --role admin --role security --password "$first_password" --display-name "Benchmark" >>"$logs/$engine-cli.log" 2>&1 \
    && cli users add --name bench-approver --role security --password "$approver_first" --display-name "Benchmark approver" >>"$logs/$engine-cli.log" 2>&1 \
    && cli users add --name bench-viewer --role "$role" --password "$viewer_first" --display-name "Benchmark viewer" >>"$logs/$engine-cli.log" 2>&1 \
    && cli users add --name bench-owner --role owner --password "$(random_password)" --display-name "Benchmark owner" >>"$logs/$engine-cli.log" 2>&1 \
    || { setup_failed "$engine" "AgentConsole users add failed" "$(first_error "$logs/$engine-cli.log")"; return; }
  local api_token approver_token
  api_token="$(cli tokens create --user bench --expires-in 1d --name benchmark 2>>"$logs/$engine-cli.log" | head -n 1 || true)"
  approver_token="$(cli tokens create --user bench-approver --expires-in 1d --name benchmark 2>>"$logs/$engine-cli.log" | head -n 1 || true)"
  [ -n "$api_token" ] && [ -n "$approver_token" ] || { setup_failed "$engine" "AgentConsole tokens create failed" "$(first_error "$logs/$engine-cli.log")"; return; }

  # Warnings only: the console logs nothing per request, as in production.
  start_console "$logs/$engine-console.log" Logging__LogLevel__Default=Warning Logging__Console__FormatterName=simple \
    || { setup_failed "$engine" "the console did not start"; return; }
  first_sign_in bench "$first_password" "$password" "$work/$engine-cookies"
  first_sign_in bench-approver "$approver_first" "$approver_password" "$work/$engine-approver-cookies"
  first_sign_in bench-viewer "$viewer_first" "$viewer_first-chosen" "$work/$engine-viewer-cookies"
  local person="Authorization: Bearer $api_token" answer status

  # Writes in prod are what waits for a person; giving an assistant them is a widening a second security person approves.
  answer="$(api POST /v1/assistants -H "$person" '{"name":"bench-live","displayName":"Benchmark live approvals","description":"Asks for prod writes in scripts/bench-live.sh","owner":"bench-owner","team":"benchmarks","riskTier":"low","environments":["prod"],"scopes":["terraform:apply"]}')"
  status="$(tail -n 1 <<<"$answer")"
  echo "$answer" >"$logs/$engine-assistant.json"
  [ "$status" = 201 ] || { setup_failed "$engine" "POST /v1/assistants answered $status" "$(head -c 400 <<<"$answer")"; return; }
  local change
  change="$(grep -o '"pendingChange":{"id":[0-9]*' <<<"$answer" | grep -o '[0-9]*$' || true)"
  if [ -n "$change" ]; then
    answer="$(api POST "/v1/assistants/bench-live/changes/$change/approve" -H "Authorization: Bearer $approver_token" '{"comment":"scripts/bench-live.sh"}')"
    status="$(tail -n 1 <<<"$answer")"
    [ "$status" = 200 ] && grep -q '"state":"approved"' <<<"$answer" \
      || { setup_failed "$engine" "approving the assistant's prod access answered $status" "$(head -c 400 <<<"$answer")"; return; }
  fi

  answer="$(api POST /v1/assistants/bench-live/secrets -H "$person" '{}')"
  status="$(tail -n 1 <<<"$answer")"
  local secret
  secret="$(json_field secret <<<"$answer")"
  [ "$status" = 201 ] && [ -n "$secret" ] || { setup_failed "$engine" "POST /v1/assistants/bench-live/secrets answered $status" "$(head -c 400 <<<"$answer")"; return; }

  answer="$(api POST /v1/tasks -u "bench-live:$secret" '{"description":"bench-live","environment":"prod","scopes":["terraform:apply"],"ttlSeconds":3600}')"
  status="$(tail -n 1 <<<"$answer")"
  local task_token
  task_token="$(json_field token <<<"$answer")"
  [ "$status" = 201 ] && [ -n "$task_token" ] || { setup_failed "$engine" "POST /v1/tasks answered $status" "$(head -c 400 <<<"$answer")"; return; }

  answer="$(api POST /v1/decisions -H "Authorization: Bearer $task_token" '{"action":"terraform:apply","resource":"aws/prod/bench-live-first"}')"
  status="$(tail -n 1 <<<"$answer")"
  echo "$answer" >"$logs/$engine-first-decision.json"
  [ "$status" = 202 ] && grep -q '"decision":"pending"' <<<"$answer" \
    || { setup_failed "$engine" "the first decision answered $status, not 202 pending" "$(head -c 400 <<<"$answer")"; return; }
  echo "First decision: $(head -n 1 <<<"$answer")"

  # The session cookie of `bench-viewer`, as a browser would send it (curl marks HttpOnly cookies with a #HttpOnly_ prefix).
  local cookie
  cookie="$(awk -F'\t' 'NF >= 7 && $6 == "agentconsole.session" { print $6 "=" $7 }' "$work/$engine-viewer-cookies" | tail -n 1)"
  [ -n "$cookie" ] || { setup_failed "$engine" "no session cookie after signing in"; return; }

  clients_out="$logs/$engine-clients.out"
  local control="$work/$engine-control"
  mkfifo "$control"
  node "$root/scripts/lib/live-clients.mjs" --base "$base" --cookie "$cookie" --task-token "$task_token" --clients "$clients" \
    --requests "$requests" --interval-ms "$interval_ms" <"$control" >"$clients_out" 2>"$logs/$engine-clients.err" &
  clients_pid=$!
  exec 7>"$control"

  echo "Warm-up: 10 connections and 3 pending decisions ..."
  wait_for_line warm 120 || { setup_failed "$engine" "the clients' warm-up failed" "$(tail -n 3 "$logs/$engine-clients.err")"; return; }
  sleep 2
  local rss_before rss_connected rss_settled rss_end load_start load_end
  load_start="$(load_average)"
  rss_before="$(rss_median 3 0.5)"
  echo "Console RSS before connecting: $((rss_before / 1024)) MiB; opening $clients connections ..."
  echo connect >&7
  wait_for_line connected 300 || { setup_failed "$engine" "the clients did not all connect" "$(tail -n 3 "$logs/$engine-clients.err")"; return; }
  rss_connected="$(rss_kib)"
  local connected_line
  connected_line="$(grep -m 1 '^connected' "$clients_out")"
  echo "All connected ($(cut -d' ' -f2 <<<"$connected_line") in $(cut -d' ' -f3 <<<"$connected_line") s); RSS $((rss_connected / 1024)) MiB; settling ${settle} s ..."
  sleep "$settle"
  rss_settled="$(rss_median 5 1)"

  echo "Sending $requests pending decisions ${interval_ms} ms apart ..."
  echo go >&7
  wait_for_line result $((requests * interval_ms / 1000 + 120)) || { setup_failed "$engine" "the clients reported no result" "$(tail -n 3 "$logs/$engine-clients.err")"; return; }
  local clients_status=0
  wait "$clients_pid" || clients_status=$?
  clients_pid=""
  exec 7>&-
  rss_end="$(rss_kib)"
  load_end="$(load_average)"
  stop_console

  result_json="$(grep -m 1 '^result ' "$clients_out" | cut -d' ' -f2-)"
  local connected expected received missing closed p_min p50 p95 p99 p_max negative answer_p50 answer_p95 spread_p50 spread_p95 audit_pushes loop_p99
  local audit_p50 audit_p95 audit_p99
  connected="$(result_field connectedAtEnd)"
  expected="$(result_field expected)"
  received="$(result_field received)"
  missing="$(result_field missing)"
  closed="$(result_field closedEarly)"
  p_min="$(result_field latencyMs.min)"
  p50="$(result_field latencyMs.p50)"
  p95="$(result_field latencyMs.p95)"
  p99="$(result_field latencyMs.p99)"
  p_max="$(result_field latencyMs.max)"
  negative="$(result_field negative)"
  answer_p50="$(result_field answerMs.p50)"
  answer_p95="$(result_field answerMs.p95)"
  spread_p50="$(result_field fanOutSpreadMs.p50)"
  spread_p95="$(result_field fanOutSpreadMs.p95)"
  audit_pushes="$(result_field auditPushes)"
  loop_p99="$(result_field clientLoopDelayMs.p99)"
  audit_p50="$(result_field auditTimeToArrivalMs.p50)"
  audit_p95="$(result_field auditTimeToArrivalMs.p95)"
  audit_p99="$(result_field auditTimeToArrivalMs.p99)"
  local per_client
  per_client="$(awk -v a="$rss_settled" -v b="$rss_before" -v n="$clients" 'BEGIN { printf "%.1f", (a - b) / n }')"

  {
    echo "  console log: $logs/$engine-console.log; clients: $clients_out; load average $load_start at the start, $load_end at the end"
    echo "  clients: $clients asked, $connected connected at the end, $closed closed during the run (exit $clients_status)"
    echo "  pending steps: $expected expected ($requests decisions x $clients clients), $received received, $missing missing"
    echo "  latency 202 answer -> step at a client: min $p_min, p50 $p50, p95 $p95, p99 $p99, max $p_max ms ($negative samples negative: the push beat the answer)"
    echo "  cross-check, the step's audit time (console clock) -> step at a client (same machine's clock): p50 $audit_p50, p95 $audit_p95, p99 $audit_p99 ms"
    echo "  202 answer time (request sent -> answer read): p50 $answer_p50, p95 $answer_p95 ms; first-to-last client of one step: p50 $spread_p50, p95 $spread_p95 ms"
    echo "  audit events pushed to the clients meanwhile: $audit_pushes; the clients' event-loop delay p99 $loop_p99 ms (Node runs on the same CPUs)"
    echo "  console RSS: before $((rss_before / 1024)) MiB, all connected $((rss_connected / 1024)) MiB, settled (median of 5 over 4 s) $((rss_settled / 1024)) MiB, after the run $((rss_end / 1024)) MiB; ($rss_settled - $rss_before) KiB / $clients = $per_client KiB per client"
  } | tee -a "$details"

  local correct=yes
  if [ "$clients_status" -ne 0 ] || [ "$missing" != 0 ] || [ "$closed" != 0 ] || [ "$connected" != "$clients" ]; then
    correct=no
    correctness_failures=$((correctness_failures + 1))
    echo "  FAIL  every client connected and got every pending step" | tee -a "$details"
  else
    echo "  ok    every client connected and got every pending step" | tee -a "$details"
  fi
  local latency_verdict memory_verdict
  awk -v p="$p95" -v t="$target_p95_ms" 'BEGIN { exit !(p != "-" && p <= t) }' && latency_verdict=PASS || latency_verdict=FAIL
  awk -v k="$per_client" -v t="$target_kb_per_client" 'BEGIN { exit !(k <= t) }' && memory_verdict=PASS || memory_verdict=FAIL
  [ "$latency_verdict" = PASS ] || targets_missed=$((targets_missed + 1))
  [ "$memory_verdict" = PASS ] || targets_missed=$((targets_missed + 1))
  printf '%s\t%s\t%s/%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$engine" "$connected" "$received" "$expected" "$p_min" "$p50" "$p95" "$p99" "$p_max" \
    "$((rss_before / 1024)) -> $((rss_settled / 1024))" "$per_client" "$correct" "p95 $latency_verdict, memory $memory_verdict" \
    "$(cut -d' ' -f1 <<<"$load_start") -> $(cut -d' ' -f1 <<<"$load_end")" >>"$results"
}

for engine in $engines; do bench_engine "$engine"; done

# --- Report ---------------------------------------------------------------------------------------------------------
echo
echo "Live approvals: $clients SignalR clients (WebSockets, one person's session, role $role), $requests pending decisions ${interval_ms} ms apart"
echo "Latency: arrival of the 202 answer -> arrival of the pending step at each client, both read in the one Node process."
echo "The Node clients run on the same CPUs as the console; the RSS growth includes SignalR's per-connection buffers and what the"
echo "server GC keeps (no collection can be forced from outside: settled = median of 5 samples after ${settle} s)."
echo "Targets: p95 <= $target_p95_ms ms; memory growth <= $target_kb_per_client KB per client."
echo "Command: $command_line (commit $commit)"
echo "Machine: $machine; load average before $load_before, after $(load_average)"
[ -n "$pg_version" ] && echo "PostgreSQL $pg_version (private cluster)"
[ -n "$pg_note" ] && echo "$pg_note"
echo "Logs and client output: $logs"
{
  printf 'ENGINE\tCLIENTS\tSTEPS RECEIVED\tMIN MS\tP50 MS\tP95 MS\tP99 MS\tMAX MS\tRSS MIB\tKIB/CLIENT\tCORRECT\tRESULT\tLOAD 1 MIN\n'
  cat "$results"
} | column -t -s $'\t'

if [ -n "$markdown" ]; then
  {
    echo "| Engine | Clients | Steps received | min ms | p50 ms | p95 ms | p99 ms | max ms | RSS MiB before → settled | KiB per client | Every step at every client | Result | Load (1 min) start → end |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|---|---|"
    awk -F'\t' '{ gsub(/->/, "→", $9); gsub(/->/, "→", $13); printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 }' "$results"
  } >"$markdown"
  echo "Markdown table written to $markdown"
fi
cp "$details" "$logs/checks.txt"

if [ ! -s "$results" ]; then echo "Nothing was measured (no engine left to run)."; exit 2; fi
if [ "$correctness_failures" -gt 0 ]; then echo "$correctness_failures engine(s) failed a correctness check (see above)."; exit 1; fi
if [ "$targets_missed" -gt 0 ]; then echo "Every client got every step, but $targets_missed target(s) missed."; exit 3; fi
echo "Every client got every step and every target met."
