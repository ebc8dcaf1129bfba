#!/usr/bin/env bash
# Benchmarks the inventory list against the target of the assistant-inventory issue:
#   "The list with 10,000 seeded assistants answers a filtered page in under 200 ms" (checked here at p95).
#
# For each engine (SQLite, and PostgreSQL in a private throwaway cluster as scripts/test.sh starts one) it:
#   1. creates a fresh store and seeds it with `AgentConsole demo-data --assistants N`;
#   2. adds an admin `bench` with the CLI and a personal API token (`users add`, `tokens create`);
#   3. starts the console (Release) on a free loopback port, signs `bench` in once over HTTP and replaces the
#      password set by the CLI (people added by the CLI must choose their own before the API or pages answer them);
#   4. warms up, then sends REQUESTS sequential requests per URL with `hey` (curl in a loop when hey is missing)
#      and prints p50/p95/p99/max with PASS/FAIL against 200 ms at p95, and the machine it ran on.
#
# Usage: scripts/bench-inventory.sh [--requests N] [--assistants N] [--engines "sqlite postgres"] [--concurrency N]
#                                  [--no-build] [--markdown FILE]
# Environment: AGENTCONSOLE_BENCH_POSTGRES  an Npgsql connection string to an EMPTY database to use instead of a private cluster;
#              AGENTCONSOLE_BENCH_PG_PORT   port of the private cluster (default 55434, beside scripts/test.sh's 55432).
# Exits 1 when a measured request misses the target or answers with errors.
set -euo pipefail

command_line="scripts/bench-inventory.sh${*:+ $*}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/bench-common.sh
. "$root/scripts/lib/bench-common.sh"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' + local changes')"

requests=300
assistants=10000
engines="sqlite postgres"
concurrency=1
build=true
markdown=""
target_ms=200
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) requests="$2"; shift 2 ;;
    --assistants) assistants="$2"; shift 2 ;;
    --engines) engines="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --no-build) build=false; shift ;;
    --markdown) markdown="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

if have_hey; then tool="hey"; else tool="curl"; echo "hey unavailable: measuring with curl in a loop (adds connection set-up to every request)."; fi
if [ "$tool" = curl ] && [ "$concurrency" != 1 ]; then echo "--concurrency needs hey; measuring sequentially." >&2; concurrency=1; fi

bench_setup "$build"

# --- PostgreSQL: a given empty database, or a private cluster like scripts/test.sh's -------------------------------
if [[ " $engines " == *" postgres "* ]]; then
  if [ -n "${AGENTCONSOLE_BENCH_POSTGRES:-}" ]; then
    pg_connection="$AGENTCONSOLE_BENCH_POSTGRES"
  else
    start_private_postgres || { echo "$pg_note"; engines="${engines//postgres/}"; }
  fi
fi

# --- Measuring --------------------------------------------------------------------------------------------------------
results="$work/results.tsv"
: >"$results"
failures=0

# sample <url> <header> <count> <concurrency>: "seconds,status" per request
sample() {
  if [ "$tool" = hey ]; then
    hey -n "$3" -c "$4" -t 30 -H "$2" -o csv "$1" | awk -F, 'NR > 1 {print $1 "," $7}'
  else
    for _ in $(seq "$3"); do curl -s -o /dev/null -H "$2" -w '%{time_total},%{http_code}\n' "$1"; done
  fi
}

# stats <file of "seconds,status">: prints "p50 p95 p99 max errors", milliseconds by nearest rank
stats() {
  local errors
  errors="$(awk -F, '$2 != 200' "$1" | wc -l)"
  awk -F, '{ printf "%.3f\n", $1 * 1000 }' "$1" | sort -n | awk -v errors="$errors" '
    { v[NR] = $1 }
    function rank(p) { i = int((p * NR + 99) / 100); if (i < 1) i = 1; return v[i] }
    END { printf "%.1f %.1f %.1f %.1f %d\n", rank(50), rank(95), rank(99), v[NR], errors }'
}

measure() { # measure <engine> <label> <path> <header> [html]
  local engine="$1" label="$2" path="$3" header="$4" url="$base$3" status total
  status="$(curl -s -o "$work/first" -w '%{http_code}' -H "$header" "$url")"
  if [ "$status" = 404 ] && [ "${5:-}" = html ]; then
    printf '%s\t%s\t%s\t-\t-\t-\t-\t-\tSKIPPED (404: page not there yet)\n' "$engine" "$label" "$path" >>"$results"
    return
  fi
  if [ "$status" != 200 ]; then
    printf '%s\t%s\t%s\t-\t-\t-\t-\t-\tFAIL (HTTP %s)\n' "$engine" "$label" "$path" "$status" >>"$results"
    failures=$((failures + 1))
    return
  fi
  total="$(grep -o '"total":[0-9]*' "$work/first" | head -n 1 | cut -d: -f2 || true)"
  sample "$url" "$header" 40 1 >/dev/null # warm-up: JIT, connection pools, SQLite page cache
  sample "$url" "$header" "$requests" "$concurrency" >"$work/samples.csv"
  read -r p50 p95 p99 max errors < <(stats "$work/samples.csv")
  local verdict="PASS"
  if [ "$errors" -gt 0 ]; then verdict="FAIL ($errors errors)"; failures=$((failures + 1))
  elif awk -v p="$p95" -v t="$target_ms" 'BEGIN { exit !(p >= t) }'; then verdict="FAIL"; failures=$((failures + 1)); fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$engine" "$label" "$path" "${total:-n/a}" "$p50" "$p95" "$p99" "$max" "$verdict" >>"$results"
}

bench_engine() {
  local engine="$1"
  if [ "$engine" = sqlite ]; then
    store_env=("Storage__DataDirectory=$work/sqlite" "ConnectionStrings__Postgres=")
  else
    store_env=("ConnectionStrings__Postgres=$pg_connection")
  fi

  echo
  echo "== $engine: seeding $assistants assistants =="
  cli migrate >/dev/null
  cli demo-data --assistants "$assistants" | tee "$work/$engine-seed.txt"
  seeded_in="$(grep -o 'in [0-9.]* s' "$work/$engine-seed.txt" | head -n 1)"
  local first_password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  local password="$first_password-chosen"
  cli users add --name bench --role admin --password "$first_password" --display-name "Benchmark" >/dev/null
  local api_token
  api_token="$(cli tokens create --user bench --expires-in 1d --name benchmark 2>/dev/null | head -n 1)"

  # The console itself, Release, on a free loopback port.
  start_console "$work/$engine-server.log" Logging__Console__FormatterName=simple

  # Sign in once and choose a new password, as a person would; keeps the session cookie for the page.
  local jar="$work/$engine-cookies"
  first_sign_in bench "$first_password" "$password" "$jar"
  local session
  session="$(awk '$6 == "agentconsole.session" { print $7 }' "$jar")"

  local api="Authorization: Bearer $api_token" page="Cookie: agentconsole.session=$session"
  echo "Measuring $requests requests per URL (concurrency $concurrency, $tool) ..."
  measure "$engine" "unfiltered first page (baseline)" "/v1/assistants" "$api"
  measure "$engine" "tier + environment" "/v1/assistants?tier=critical&environment=prod" "$api"
  measure "$engine" "search, every status" "/v1/assistants?q=deploy&status=any" "$api"
  measure "$engine" "flag overdue, sorted by review" "/v1/assistants?flag=overdue&sort=review" "$api"
  measure "$engine" "owner + team, page 3" "/v1/assistants?owner=amara.okafor&team=payments&page=3" "$api"
  local last_page=$(((assistants + 24) / 25))
  measure "$engine" "last page (OFFSET $(((last_page - 1) * 25)))" "/v1/assistants?status=any&page=$last_page" "$api"
  measure "$engine" "HTML page tier + environment" "/assistants?tier=high&environment=prod" "$page" html

  stop_console
  printf '%s\tseeded %s assistants %s\n' "$engine" "$assistants" "$seeded_in" >>"$work/seeding"
}

for engine in $engines; do bench_engine "$engine"; done

# --- Report -----------------------------------------------------------------------------------------------------------
echo
echo "Inventory list, $assistants seeded assistants, $requests requests per URL, concurrency $concurrency ($tool); target p95 < $target_ms ms"
echo "Command: $command_line (commit $commit)"
echo "Machine: $machine; load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
[ -f "$work/seeding" ] && sed 's/\t/: /' "$work/seeding"
[ -n "$pg_note" ] && echo "$pg_note"
{
  printf 'ENGINE\tREQUEST\tPATH\tROWS\tP50 MS\tP95 MS\tP99 MS\tMAX MS\tRESULT\n'
  cat "$results"
} | column -t -s $'\t'

if [ -n "$markdown" ]; then
  {
    echo "| Engine | Request | Path | Rows | p50 ms | p95 ms | p99 ms | max ms | p95 < $target_ms ms |"
    echo "|---|---|---|---:|---:|---:|---:|---:|---|"
    awk -F'\t' '{ printf "| %s | %s | `%s` | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9 }' "$results"
  } >"$markdown"
  echo "Markdown table written to $markdown"
fi

if [ "$failures" -gt 0 ]; then echo "$failures measurement(s) missed the target or failed."; exit 1; fi
echo "Every measured request met the target."
