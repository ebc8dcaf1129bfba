#!/usr/bin/env bash
# Benchmarks the decision API against the target of the performance issue: durable allow decisions per second and p50/p99
# latency, against a /healthz baseline measured in the same run. Targets: SQLite at least 5,000 decisions/s with p99 at most
# 5 ms; PostgreSQL at least 3,000 decisions/s; every decision durably audited (group commits, synchronous commit on).
#
# For each engine (SQLite, and PostgreSQL in a private throwaway cluster as scripts/test.sh starts one) it:
#   1. creates a fresh store; adds an admin+security person `bench` and an owner with the CLI, and a personal API token;
#   2. starts the console (Release) on a free loopback port and signs `bench` in once to replace the CLI-set password;
#   3. through the public API registers an assistant (dev, terraform:plan, tier low), issues it a client secret and starts a
#      task with HTTP Basic, which gives the task token;
#   4. measures GET /healthz, then POST /v1/decisions (an allow), each with `wrk -d DURATION -c CONCURRENCY -t THREADS`
#      after a warm-up (wrk rather than hey: on a 2-core machine the load generator shares the console's CPUs, and hey
#      took three times wrk's CPU per request; /healthz answered 22k req/s under hey, 37k under wrk);
#   5. measures POST /v1/decisions again at a fixed rate, the engine's throughput target (SQLite 5,000/s, PostgreSQL
#      3,000/s), for the same time over --paced-connections connections (scripts/lib/paced.lua): the p99 a caller sees
#      when the console is asked for that many decisions a second, rather than at saturation, where a closed loop of
#      clients keeps every CPU busy and latency is mostly queueing (Little's law: concurrency / throughput);
#   6. checks durability: every 200 has its `decisions` row and its `decision.allowed` audit event, nothing else was
#      written, `AgentConsole audit verify` reports the chain intact; shows PRAGMA synchronous / SHOW synchronous_commit;
#   7. prints decisions/s, p50, p99 at saturation, healthz req/s, their ratio, the paced rate's p50/p99 and late sends, the
#      console's CPU time per decision and per /healthz request (from /proc; steadier than rates on a shared machine), and
#      PASS/FAIL per target, and the machine it ran on. SQLite passes with at least 5,000/s at saturation and, at a
#      steady 5,000/s, p99 at most 5 ms with the rate kept (at least 99 % of it, under 0.1 % of sends late).
#
# Usage: scripts/bench-decisions.sh [--duration SECONDS] [--concurrency N] [--threads N] [--warmup SECONDS]
#                                   [--paced-connections N] [--engines "sqlite postgres"] [--no-build] [--markdown FILE]
# Environment: AGENTCONSOLE_BENCH_POSTGRES  an Npgsql connection string to an EMPTY database to use instead of a private cluster;
#              AGENTCONSOLE_BENCH_PG_PORT   port of the private cluster (default 55434, beside scripts/test.sh's 55432).
# Needs wrk (installed with apt-get when missing), curl, python3 (SQLite counts) and psql (PostgreSQL counts). Console
# logs and wrk's output stay in
# /tmp/bench-decisions-<time>/ .
# Exits 1 when a correctness check fails (a non-200 answer, a decision not durably audited, a broken audit chain, a setup
# step refused), 3 when everything is correct but a target is missed, 0 when every target is met.
set -euo pipefail

command_line="scripts/bench-decisions.sh$(printf ' %q' "$@")"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/bench-common.sh
. "$root/scripts/lib/bench-common.sh"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' + local changes')"

duration=15
concurrency=32
threads=1 # wrk's threads: one event loop keeps 32 connections busy and leaves the most CPU to the console
warmup=30 # tiered JIT needs about this long under load to reach its steady state
paced_connections=64 # enough that a free connection is there at each slot while a few answers are slow
engines="sqlite postgres"
build=true
markdown=""
sqlite_target_rps=5000
sqlite_target_p99_ms=5
postgres_target_rps=3000
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --paced-connections) paced_connections="$2"; shift 2 ;;
    --engines) engines="$2"; shift 2 ;;
    --no-build) build=false; shift ;;
    --markdown) markdown="$2"; shift 2 ;;
    -h|--help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null 2>&1; then
  echo "wrk is not installed; trying apt-get install wrk ..."
  try_install wrk || true
fi
command -v wrk >/dev/null 2>&1 || { echo "wrk is needed (apt-get install wrk): it measures throughput at a fixed concurrency." >&2; exit 2; }
if [[ " $engines " == *" sqlite "* ]] && ! command -v python3 >/dev/null 2>&1; then
  echo "python3 is needed to count the SQLite rows (its sqlite3 module)." >&2
  exit 2
fi

bench_setup "$build"
logs="/tmp/bench-decisions-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$logs"

# --- PostgreSQL: a given empty database, or a private cluster like scripts/test.sh's -------------------------------
if [[ " $engines " == *" postgres "* ]]; then
  if [ -n "${AGENTCONSOLE_BENCH_POSTGRES:-}" ]; then
    pg_connection="$AGENTCONSOLE_BENCH_POSTGRES"
  else
    start_private_postgres || { echo "$pg_note"; engines="${engines//postgres/}"; }
  fi
  if [ -n "$pg_connection" ] && ! command -v psql >/dev/null 2>&1 && [ ! -x "${pg_bin:-/nonexistent}/psql" ]; then
    echo "psql is needed to count the PostgreSQL rows (apt-get install postgresql-client)." >&2
    exit 2
  fi
fi

# --- Reading the store directly (not through the console) ----------------------------------------------------------
engine_now=""
sqlite_file=""
# sql <query>: rows as "a|b|c", from the store of the engine being measured.
sql() {
  if [ "$engine_now" = sqlite ]; then
    python3 - "$sqlite_file" "$1" <<'PY'
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], timeout=30)
for row in connection.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))
PY
  else
    # The Npgsql connection string as libpq environment variables.
    local -a pg_env=()
    local part key value
    local -a parts
    IFS=';' read -ra parts <<<"$pg_connection"
    for part in "${parts[@]}"; do
      key="$(echo "${part%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' ')"
      value="${part#*=}"
      case "$key" in
        host|server) pg_env+=("PGHOST=$value") ;;
        port) pg_env+=("PGPORT=$value") ;;
        username|userid|user) pg_env+=("PGUSER=$value") ;;
        password) pg_env+=("PGPASSWORD=$value") ;;
        database) pg_env+=("PGDATABASE=$value") ;;
      esac
    done
    local psql_bin="psql"
    [ -n "${pg_bin:-}" ] && psql_bin="$pg_bin/psql"
    env "${pg_env[@]}" "$psql_bin" -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"
  fi
}

# --- Measuring ------------------------------------------------------------------------------------------------------
results="$work/results.tsv"
details="$work/details.txt"
: >"$results"
: >"$details"
correctness_failures=0
targets_missed=0

# load_run <output file> <seconds> <url> [wrk options...]: runs wrk for the given time at the chosen concurrency. wrk
# stops at the deadline without waiting for the requests still in flight (at most one per connection); the console
# finishes those, so the pause lets them land before anything is counted, and the counts allow for them.
load_run() {
  local out="$1" seconds="$2" url="$3"
  shift 3
  wrk -t "$threads" -c "$concurrency" -d "${seconds}s" --timeout 30s --latency "$@" "$url" >"$out" 2>&1 || true
  sleep 2
}

# paced_run <output file> <seconds> <rate> <url> <request script> [wrk options...]: the same at a fixed rate of requests a
# second over paced_connections connections (one wrk thread).
paced_run() {
  local out="$1" seconds="$2" rate="$3" url="$4" script="$5"
  shift 5
  cat "$script" "$root/scripts/lib/paced.lua" >"$work/paced.lua"
  wrk -t 1 -c "$paced_connections" -d "${seconds}s" --timeout 30s --latency -s "$work/paced.lua" "$@" "$url" -- "$rate" >"$out" 2>&1 || true
  sleep 2
}

# paced_late <wrk output of paced_run>: prints "sends late".
paced_late() {
  awk '/^Paced sends:/ { gsub(/,/, ""); print $3, $9 }' "$1"
}

# load_parse <wrk output>: prints "requests/s p50-ms p99-ms answers-2xx answers-other errors". wrk counts 2xx and 3xx
# answers together; the row checks below catch any answer that was not an allow.
load_parse() {
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec:/ { rps = $2 }
    /^ +50% / { p50 = ms($2) }
    /^ +99% / { p99 = ms($2) }
    / requests in / { total = $1 }
    /Non-2xx or 3xx responses:/ { other = $NF }
    /Socket errors:/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
    END { printf "%.0f %.1f %.1f %d %d %d\n", rps, p50, p99, total - other, other, errors }' "$1"
}

# check <what> <condition command...>: records a correctness check.
check() {
  local what="$1"
  shift
  if "$@"; then
    echo "  ok    $what" | tee -a "$details"
  else
    echo "  FAIL  $what" | tee -a "$details"
    engine_correct=false
  fi
}

setup_failed() { # setup_failed <engine> <what failed> [detail]
  echo "$1: $2${3:+: $3}" | tee -a "$details" >&2
  printf '%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\tno\t-\tFAIL (%s)\t%s\n' "$1" "$2" "$(load_average | cut -d' ' -f1)" >>"$results"
  [ -n "${server_log:-}" ] && echo "  console log: $server_log" | tee -a "$details" >&2
  correctness_failures=$((correctness_failures + 1))
  stop_console
}

bench_engine() {
  local engine="$1"
  engine_now="$engine"
  engine_correct=true
  if [ "$engine" = sqlite ]; then
    store_env=("Storage__DataDirectory=$work/sqlite" "ConnectionStrings__Postgres=")
    sqlite_file="$work/sqlite/agentconsole.db"
  else
    store_env=("ConnectionStrings__Postgres=$pg_connection")
  fi

  echo
  echo "== $engine ==" | tee -a "$details"
  server_log=""
  cli migrate >"$logs/$engine-cli.log" 2>&1 || { setup_failed "$engine" "AgentConsole migrate failed" "$(first_error "$logs/$engine-cli.log")"; return; }
  local first_password password
  first_password="$(random_password)"
  password="$first_password-chosen"
  cli users add --name bench --role admin --role security --password "$first_password" --display-name "Benchmark" >>"$logs/$engine-cli.log" 2>&1 \
    && cli users add --name bench-owner --role owner --password "$(random_password)" --display-name "Benchmark owner" >>"$logs/$engine-cli.log" 2>&1 \
    || { setup_failed "$engine" "AgentConsole users add failed" "$(first_error "$logs/$engine-cli.log")"; return; }
  local api_token
  api_token="$(cli tokens create --user bench --expires-in 1d --name benchmark 2>>"$logs/$engine-cli.log" | head -n 1 || true)"
  [ -n "$api_token" ] || { setup_failed "$engine" "AgentConsole tokens create failed" "$(first_error "$logs/$engine-cli.log")"; return; }

  # Warnings only: the console logs nothing per request, as in production.
  start_console "$logs/$engine-console.log" Logging__LogLevel__Default=Warning Logging__Console__FormatterName=simple \
    || { setup_failed "$engine" "the console did not start"; return; }
  first_sign_in bench "$first_password" "$password" "$work/$engine-cookies"
  local person="Authorization: Bearer $api_token" answer status

  # An assistant that may plan Terraform in dev: read access in a low-sensitivity environment, so it takes effect at once.
  answer="$(api POST /v1/assistants -H "$person" '{"name":"bench-decider","displayName":"Benchmark decider","description":"Asks for decisions in scripts/bench-decisions.sh","owner":"bench-owner","team":"benchmarks","riskTier":"low","environments":["dev"],"scopes":["terraform:plan"]}')"
  status="$(tail -n 1 <<<"$answer")"
  echo "$answer" >"$logs/$engine-assistant.json"
  [ "$status" = 201 ] || { setup_failed "$engine" "POST /v1/assistants answered $status" "$(head -c 400 <<<"$answer")"; return; }
  grep -q '"pendingChange":null' <<<"$answer" || { setup_failed "$engine" "the assistant's access waits for approval" "$(head -c 400 <<<"$answer")"; return; }

  answer="$(api POST /v1/assistants/bench-decider/secrets -H "$person" '{}')"
  status="$(tail -n 1 <<<"$answer")"
  local secret
  secret="$(json_field secret <<<"$answer")"
  [ "$status" = 201 ] && [ -n "$secret" ] || { setup_failed "$engine" "POST /v1/assistants/bench-decider/secrets answered $status" "$(head -c 400 <<<"$answer")"; return; }

  answer="$(api POST /v1/tasks -u "bench-decider:$secret" '{"description":"bench","environment":"dev","scopes":["terraform:plan"],"ttlSeconds":3600}')"
  status="$(tail -n 1 <<<"$answer")"
  local task_token
  task_token="$(json_field token <<<"$answer")"
  [ "$status" = 201 ] && [ -n "$task_token" ] || { setup_failed "$engine" "POST /v1/tasks answered $status" "$(head -c 400 <<<"$answer")"; return; }

  local decision='{"action":"terraform:plan","resource":"aws/dev/vpc-main"}' task="Authorization: Bearer $task_token"
  answer="$(api POST /v1/decisions -H "$task" "$decision")"
  status="$(tail -n 1 <<<"$answer")"
  echo "$answer" >"$logs/$engine-first-decision.json"
  [ "$status" = 200 ] && grep -q '"decision":"allow"' <<<"$answer" \
    || { setup_failed "$engine" "the first decision answered $status" "$(head -c 400 <<<"$answer")"; return; }
  echo "First decision: $(head -n 1 <<<"$answer" | sed 's/"receipt":"[^"]*"/"receipt":"…"/')"

  # Baseline: the same server, the same concurrency, an endpoint that does nothing.
  echo "Measuring GET /healthz: ${warmup} s warm-up, then ${duration} s at concurrency $concurrency ..."
  load_run "$logs/$engine-healthz-warmup.txt" "$warmup" "$base/healthz"
  local cpu_start cpu_end
  cpu_start="$(console_cpu)"
  load_run "$logs/$engine-healthz.txt" "$duration" "$base/healthz"
  cpu_end="$(console_cpu)"
  local h_rps h_p50 h_p99 h_ok h_other h_errors h_cpu
  read -r h_rps h_p50 h_p99 h_ok h_other h_errors < <(load_parse "$logs/$engine-healthz.txt")
  h_cpu="$(cpu_per_request "$cpu_start" "$cpu_end" "$h_ok")"

  echo "Measuring POST /v1/decisions: ${warmup} s warm-up, then ${duration} s at concurrency $concurrency ..."
  local script="$work/decision.lua"
  printf 'wrk.method = "POST"\nwrk.body = [[%s]]\nwrk.headers["Content-Type"] = "application/json"\n' "$decision" >"$script"
  local -a post=(-s "$script" -H "$task")
  load_run "$logs/$engine-decisions-warmup.txt" "$warmup" "$base/v1/decisions" "${post[@]}"
  local w_rps w_p50 w_p99 w_ok w_other w_errors
  read -r w_rps w_p50 w_p99 w_ok w_other w_errors < <(load_parse "$logs/$engine-decisions-warmup.txt")
  local before_decisions before_events before_seq
  before_decisions="$(sql "SELECT COUNT(*) FROM decisions")"
  before_events="$(sql "SELECT COUNT(*) FROM audit_events WHERE action = 'decision.allowed'")"
  before_seq="$(sql "SELECT COALESCE(MAX(seq), 0) FROM audit_events")"

  cpu_start="$(console_cpu)"
  load_run "$logs/$engine-decisions.txt" "$duration" "$base/v1/decisions" "${post[@]}"
  cpu_end="$(console_cpu)"
  local load_end
  load_end="$(load_average)"
  local d_rps d_p50 d_p99 d_ok d_other d_errors d_cpu
  read -r d_rps d_p50 d_p99 d_ok d_other d_errors < <(load_parse "$logs/$engine-decisions.txt")
  d_cpu="$(cpu_per_request "$cpu_start" "$cpu_end" "$d_ok")"

  local rate=$postgres_target_rps
  [ "$engine" = sqlite ] && rate=$sqlite_target_rps
  echo "Measuring POST /v1/decisions at a steady $rate/s for ${duration} s over $paced_connections connections ..."
  paced_run "$logs/$engine-decisions-paced.txt" "$duration" "$rate" "$base/v1/decisions" "$script" -H "$task"
  local p_rps p_p50 p_p99 p_ok p_other p_errors p_sends p_late
  read -r p_rps p_p50 p_p99 p_ok p_other p_errors < <(load_parse "$logs/$engine-decisions-paced.txt")
  read -r p_sends p_late < <(paced_late "$logs/$engine-decisions-paced.txt") || true # no summary line (wrk failed): counted as nothing sent
  p_sends="${p_sends:-0}"
  p_late="${p_late:-0}"

  local after_decisions after_allowed after_events all_events refusals unaudited commits largest
  after_decisions="$(sql "SELECT COUNT(*) FROM decisions")"
  after_allowed="$(sql "SELECT COUNT(*) FROM decisions WHERE state = 'allowed'")"
  after_events="$(sql "SELECT COUNT(*) FROM audit_events WHERE action = 'decision.allowed'")"
  all_events="$(sql "SELECT COUNT(*) FROM audit_events WHERE seq > $before_seq")"
  refusals="$(sql "SELECT COUNT(*) FROM audit_events WHERE action IN ('decision.refused', 'task.token_refused')")"
  unaudited="$(sql "SELECT COUNT(*) FROM decisions d WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.subject_type = 'decision' AND a.subject_id = d.id AND a.action = 'decision.allowed')")"
  # One group commit appends its whole batch with one timestamp: distinct timestamps are the commits of the run.
  read -r commits largest < <(sql "SELECT COUNT(*), COALESCE(MAX(n), 0) FROM (SELECT COUNT(*) AS n FROM audit_events WHERE seq > $before_seq AND action = 'decision.allowed' GROUP BY occurred_at) AS batches" | tr '|' ' ')
  stop_console
  local per_commit
  per_commit="$(awk -v n="$((after_events - before_events))" -v c="$commits" 'BEGIN { printf "%.1f", (c > 0 ? n / c : 0) }')"

  local durability
  if [ "$engine" = sqlite ]; then
    durability="SQLite: journal_mode=$(sql 'PRAGMA journal_mode'); the console opens every connection with '$(grep -o 'PRAGMA synchronous=[A-Z]*' "$root/src/AgentConsole/Infrastructure/Storage/SqliteDialect.cs" || echo 'no PRAGMA synchronous')' (SqliteDialect.cs); PRAGMA synchronous on a fresh connection: $(sql 'PRAGMA synchronous') (2 = FULL)"
  else
    durability="PostgreSQL: synchronous_commit=$(sql 'SHOW synchronous_commit'), fsync=$(sql 'SHOW fsync'), wal_sync_method=$(sql 'SHOW wal_sync_method'); per-role/database overrides: $(sql "SELECT COUNT(*) FROM pg_db_role_setting")"
  fi
  local verify verify_status=0
  verify="$(cli audit verify 2>&1)" || verify_status=$?

  {
    echo "  console log: $logs/$engine-console.log; load average at the end of the run: $load_end"
    echo "  healthz: $h_rps req/s, p50 $h_p50 ms, p99 $h_p99 ms, $h_ok x 200, $h_other other, $h_errors errors; console CPU $h_cpu µs per request"
    echo "  warm-up decisions: $w_ok x 200, $w_other other, $w_errors errors ($w_rps/s)"
    echo "  measured decisions: $d_ok x 200, $d_other other, $d_errors errors; $d_rps/s, p50 $d_p50 ms, p99 $d_p99 ms; console CPU $d_cpu µs per decision"
    echo "  paced decisions (asked at $rate/s): $p_ok x 200, $p_other other, $p_errors errors; $p_rps/s, p50 $p_p50 ms, p99 $p_p99 ms; $p_late of $p_sends sends late by over 1 ms"
    echo "  decisions rows: $before_decisions before, $after_decisions after (+$((after_decisions - before_decisions))); decision.allowed audit events: $before_events before, $after_events after (+$((after_events - before_events)))"
    echo "  group commits during the run: $commits, on average $per_commit decisions each, at most $largest"
    echo "  $durability"
    echo "  audit verify (exit $verify_status): $verify"
  } | tee -a "$details"
  check "healthz: every answer 200 ($h_ok)" test "$h_other" -eq 0 -a "$h_errors" -eq 0 -a "$h_ok" -gt 0
  check "decisions: every answer 200 (warm-up $w_ok, measured $d_ok, paced $p_ok)" test "$w_other" -eq 0 -a "$w_errors" -eq 0 -a "$d_other" -eq 0 -a "$d_errors" -eq 0 -a "$d_ok" -gt 0 \
    -a "$p_other" -eq 0 -a "$p_errors" -eq 0 -a "$p_ok" -gt 0
  # Requests wrk cut off at the deadline were still decided: at most one per connection more rows than answers.
  local rows=$((after_decisions - before_decisions)) events=$((after_events - before_events)) answered=$((1 + w_ok + d_ok + p_ok))
  local run_ok=$((d_ok + p_ok)) cut_off=$((concurrency + paced_connections))
  check "one decisions row per allow answered in the measured and paced runs, plus at most $cut_off cut off ($run_ok <= +$rows <= $run_ok + $cut_off)" \
    test "$rows" -ge "$run_ok" -a "$rows" -le "$((run_ok + cut_off))"
  check "one decision.allowed audit event per decisions row (+$events = +$rows)" test "$events" -eq "$rows"
  check "nothing but those events appended during the run ($all_events)" test "$all_events" -eq "$rows"
  check "every decision stored is an allow: 1 + warm-up + runs answered, plus at most $((concurrency + cut_off)) cut off ($answered <= $after_allowed <= $answered + $((concurrency + cut_off)))" \
    test "$after_allowed" -ge "$answered" -a "$after_allowed" -le "$((answered + concurrency + cut_off))" -a "$after_allowed" -eq "$after_decisions"
  check "every decision has its audit event ($unaudited without), and no refusals ($refusals)" test "$unaudited" -eq 0 -a "$refusals" -eq 0
  check "audit chain intact (AgentConsole audit verify)" test "$verify_status" -eq 0
  if [ "$engine" = sqlite ]; then
    check "SQLite opens connections with synchronous=FULL, in WAL" grep -q 'PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL' "$root/src/AgentConsole/Infrastructure/Storage/SqliteDialect.cs"
  else
    check "PostgreSQL synchronous_commit=on and fsync=on" test "$(sql 'SHOW synchronous_commit')" = on -a "$(sql 'SHOW fsync')" = on
  fi

  local durable=yes verdict target
  [ "$engine_correct" = true ] || { durable=no; correctness_failures=$((correctness_failures + 1)); }
  # The paced run counts only when it kept its rate: at least 99 % of it, under 0.1 % of sends late by over 1 ms.
  local kept=no
  awk -v r="$p_rps" -v tr="$rate" -v l="$p_late" -v s="$p_sends" 'BEGIN { exit !(r >= 0.99 * tr && s > 0 && l < 0.001 * s) }' && kept=yes
  if [ "$engine" = sqlite ]; then
    target=">= $sqlite_target_rps/s; p99 <= $sqlite_target_p99_ms ms at $sqlite_target_rps/s"
    awk -v r="$d_rps" -v p="$p_p99" -v k="$kept" -v tr="$sqlite_target_rps" -v tp="$sqlite_target_p99_ms" 'BEGIN { exit !(r >= tr && k == "yes" && p <= tp) }' && verdict=PASS || verdict=FAIL
  else
    target=">= $postgres_target_rps/s"
    awk -v r="$d_rps" -v tr="$postgres_target_rps" 'BEGIN { exit !(r >= tr) }' && verdict=PASS || verdict=FAIL
  fi
  [ "$verdict" = PASS ] || targets_missed=$((targets_missed + 1))
  [ "$durable" = yes ] || verdict="$verdict (not durable: see the checks)"
  local ratio
  ratio="$(awk -v d="$d_rps" -v h="$h_rps" 'BEGIN { printf "%.2f", (h > 0 ? d / h : 0) }')"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$engine" "$d_rps" "$d_p50" "$d_p99" "$h_rps" "$ratio" \
    "$rate/s: $p_rps" "$p_p50" "$p_p99" "$p_late/$p_sends" "$d_cpu / $h_cpu" "$per_commit" "$durable" "$target" "$verdict" "$(cut -d' ' -f1 <<<"$load_end")" >>"$results"
}

for engine in $engines; do bench_engine "$engine"; done

# --- Report ---------------------------------------------------------------------------------------------------------
echo
echo "Decision API, allow decisions, wrk -d ${duration}s -c $concurrency -t $threads after ${warmup} s warm-up; /healthz baseline in the same run;"
echo "then paced at the engine's target rate for ${duration} s over $paced_connections connections (asked: achieved/s, p50, p99, late sends)"
echo "Command: $command_line (commit $commit)"
echo "Machine: $machine; load average before $load_before, after $(load_average)"
[ -n "$pg_version" ] && echo "PostgreSQL $pg_version (private cluster, default durability settings)"
[ -n "$pg_note" ] && echo "$pg_note"
echo "Logs and wrk output: $logs"
{
  printf 'ENGINE\tDECISIONS/S\tP50 MS\tP99 MS\tHEALTHZ REQ/S\tRATIO\tPACED\tPACED P50\tPACED P99\tLATE\tCPU µS (DECISION / HEALTHZ)\tPER COMMIT\tDURABLE\tTARGET\tRESULT\tLOAD 1 MIN\n'
  cat "$results"
} | column -t -s $'\t'

if [ -n "$markdown" ]; then
  {
    echo "| Engine | Decisions/s | p50 ms | p99 ms | /healthz req/s | Ratio | Paced (asked: achieved/s) | Paced p50 ms | Paced p99 ms | Late sends | Console CPU µs per request (decision / healthz) | Decisions per commit | Durably audited | Target | Result | Load (1 min) at end |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|"
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16 }' "$results"
  } >"$markdown"
  echo "Markdown table written to $markdown"
fi
cp "$details" "$logs/checks.txt"

if [ ! -s "$results" ]; then echo "Nothing was measured (no engine left to run)."; exit 2; fi
if [ "$correctness_failures" -gt 0 ]; then echo "$correctness_failures engine(s) failed a correctness check (see above)."; exit 1; fi
if [ "$targets_missed" -gt 0 ]; then echo "Every decision was durable, but $targets_missed target(s) missed."; exit 3; fi
echo "Every decision was durable and every target met."
