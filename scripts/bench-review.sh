#!/usr/bin/env bash
# Benchmarks the approval review page against the target of the product issue: "a 20,000-line plan opens in under a
# second without freezing the page". Baseline in the same run: the same page with a small plan (about 30 lines).
#
#   1. creates a fresh SQLite store; adds with the CLI `bench` (admin, security), a second security person `bench-approver`
#      and an owner, and a personal API token for each of the first two;
#   2. starts the console (Release) on a free loopback port and signs both people in once to replace the CLI-set passwords;
#   3. through the public API registers an assistant (prod, terraform:apply, tier low), has `bench-approver` approve that
#      widening, issues a client secret and starts a task with HTTP Basic on behalf of the owner (a plan that destroys in
#      prod without a human named is denied outright, rule deny-unattended-destructive-prod);
#   4. generates two Terraform plans with scripts/lib/terraform-plan.mjs (--lines, default 20,000, and --baseline-lines,
#      default 30: creates, in-place updates, a few destroys and -/+ replacements, some 0.0.0.0/0 ingress) and sends each as
#      a decision (plan format terraform); each must be answered 202 pending;
#   5. runs scripts/lib/review-timing.mjs: headless Chromium (1280x900) driven over the DevTools protocol with `bench`'s
#      session cookie opens each review page once to warm up, then --loads times (interleaved), and records per load the
#      HTML bytes, server time (responseStart - requestStart), DOMContentLoaded, load, first contentful paint, long tasks
#      (count, longest, total blocking time = sum of (duration - 50 ms)), the longest DevTools round trip while loading,
#      Chromium's task/script/layout/style time, and the time to scroll to the bottom of the diff;
#   6. checks the big page: HTTP 200, one row per plan line, the plan's last resource in the diff, the risk summary with
#      markers, the bottom of the diff reachable by scrolling;
#   7. prints the table and PASS/FAIL per target for the big plan.
#
# Targets: load (loadEventEnd) p50 <= 1000 ms ("opens in under a second"); no long task over 200 ms in any measured load
# (our reading of "without freezing": the issue names no figure; 200 ms is where a click visibly goes unanswered).
#
# Usage: scripts/bench-review.sh [--lines 20000] [--baseline-lines 30] [--loads 5] [--no-build] [--markdown FILE] [--trace]
# Needs node, curl, chromium (/usr/bin/chromium, or CHROMIUM=path; `apt-get install chromium` is tried when missing) and
# wwwroot-assets/node_modules (`npm ci --prefix wwwroot-assets` runs when it is missing). Chromium, the console and Node
# share the machine's CPUs. Logs, the plans and the per-load figures stay in /tmp/bench-review-<time>/ (--trace also
# writes a Chromium trace of the first measured load of each page there, to open in the DevTools Performance panel).
# Exits 1 when a correctness check fails, 3 when everything is correct but a target is missed, 0 when every target is met.
set -euo pipefail

command_line="scripts/bench-review.sh${*:+ $*}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/lib/bench-common.sh
. "$root/scripts/lib/bench-common.sh"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' + local changes')"

lines=20000
baseline_lines=30
loads=5
build=true
markdown=""
trace=false
target_load_ms=1000
target_longest_task_ms=200
while [ $# -gt 0 ]; do
  case "$1" in
    --lines) lines="$2"; shift 2 ;;
    --baseline-lines) baseline_lines="$2"; shift 2 ;;
    --loads) loads="$2"; shift 2 ;;
    --no-build) build=false; shift ;;
    --markdown) markdown="$2"; shift 2 ;;
    --trace) trace=true; shift ;;
    -h|--help) sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

command -v node >/dev/null 2>&1 || { echo "node is needed: the plans and the browser driver are Node scripts." >&2; exit 2; }
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "Chromium is not installed; trying apt-get install chromium ..."
  try_install chromium || true
  [ -x "$chromium" ] || { echo "Chromium is needed at $chromium (apt-get install chromium, or set CHROMIUM)." >&2; exit 2; }
fi
if [ ! -d "$root/wwwroot-assets/node_modules/ws" ]; then
  echo "wwwroot-assets/node_modules is missing; running npm ci --prefix wwwroot-assets ..."
  npm ci --prefix "$root/wwwroot-assets" --no-audit --no-fund >/dev/null
fi

bench_setup "$build"
# The page needs its style sheet: a build's bin folder serves static assets only in Development (from the project's
# wwwroot); in Production, as here, they come from a publish's wwwroot (with the .gz/.br variants). Publishing the build
# just made takes seconds, and the console and its CLI then run from the publish folder.
echo "Publishing the build (static assets) ..."
dotnet publish "$root/src/AgentConsole" -c Release --no-build -o "$work/publish" -nologo -v quiet >/dev/null
dll="$work/publish/AgentConsole.dll"
logs="/tmp/bench-review-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$logs"

fail_setup() { # fail_setup <what failed> [detail]
  echo "Setup failed: $1${2:+: $2}" >&2
  [ -n "${server_log:-}" ] && echo "  console log: $server_log" >&2
  exit 1
}

# field <json> <path.in.json>: one figure from a JSON line, "-" when absent; numbers rounded to whole units.
field() { node -e 'const v = process.argv[2].split(".").reduce((o, k) => o?.[k], JSON.parse(process.argv[1])); console.log(v === undefined || v === null ? "-" : typeof v === "number" ? (Number.isInteger(v) ? v : v.toFixed(0)) : v)' "$1" "$2"; }

# --- Store, people, the console ---------------------------------------------------------------------------------------
store_env=("Storage__DataDirectory=$work/sqlite" "ConnectionStrings__Postgres=")
server_log=""
cli migrate >"$logs/cli.log" 2>&1 || fail_setup "AgentConsole migrate failed" "$(first_error "$logs/cli.log")"
first_password="$(random_password)"
approver_first="$(random_password)"
cli users add --name bench --role admin --role security --password "$first_password" --display-name "Benchmark" >>"$logs/cli.log" 2>&1 \
  && cli users add --name bench-approver --role security --password "$approver_first" --display-name "Benchmark approver" >>"$logs/cli.log" 2>&1 \
  && cli users add --name bench-owner --role owner --password "$(random_password)" --display-name "Benchmark owner" >>"$logs/cli.log" 2>&1 \
  || fail_setup "AgentConsole users add failed" "$(first_error "$logs/cli.log")"
api_token="$(cli tokens create --user bench --expires-in 1d --name benchmark 2>>"$logs/cli.log" | head -n 1 || true)"
approver_token="$(cli tokens create --user bench-approver --expires-in 1d --name benchmark 2>>"$logs/cli.log" | head -n 1 || true)"
[ -n "$api_token" ] && [ -n "$approver_token" ] || fail_setup "AgentConsole tokens create failed" "$(first_error "$logs/cli.log")"

# Warnings only: the console logs nothing per request, as in production.
start_console "$logs/console.log" Logging__LogLevel__Default=Warning Logging__Console__FormatterName=simple || fail_setup "the console did not start"
first_sign_in bench "$first_password" "$first_password-chosen" "$work/cookies"
first_sign_in bench-approver "$approver_first" "$approver_first-chosen" "$work/approver-cookies"
person="Authorization: Bearer $api_token"

# Writes in prod are what waits for a person; giving an assistant them is a widening a second security person approves.
answer="$(api POST /v1/assistants -H "$person" '{"name":"bench-review","displayName":"Benchmark review page","description":"Asks for prod applies with large plans in scripts/bench-review.sh","owner":"bench-owner","team":"benchmarks","riskTier":"low","environments":["prod"],"scopes":["terraform:apply"]}')"
status="$(tail -n 1 <<<"$answer")"
[ "$status" = 201 ] || fail_setup "POST /v1/assistants answered $status" "$(head -c 400 <<<"$answer")"
change="$(grep -o '"pendingChange":{"id":[0-9]*' <<<"$answer" | grep -o '[0-9]*$' || true)"
if [ -n "$change" ]; then
  answer="$(api POST "/v1/assistants/bench-review/changes/$change/approve" -H "Authorization: Bearer $approver_token" '{"comment":"scripts/bench-review.sh"}')"
  status="$(tail -n 1 <<<"$answer")"
  [ "$status" = 200 ] && grep -q '"state":"approved"' <<<"$answer" \
    || fail_setup "approving the assistant's prod access answered $status" "$(head -c 400 <<<"$answer")"
fi
answer="$(api POST /v1/assistants/bench-review/secrets -H "$person" '{}')"
status="$(tail -n 1 <<<"$answer")"
secret="$(json_field secret <<<"$answer")"
[ "$status" = 201 ] && [ -n "$secret" ] || fail_setup "POST /v1/assistants/bench-review/secrets answered $status" "$(head -c 400 <<<"$answer")"
answer="$(api POST /v1/tasks -u "bench-review:$secret" '{"description":"Apply the estate plan (bench-review)","environment":"prod","scopes":["terraform:apply"],"ttlSeconds":3600,"onBehalfOf":"bench-owner"}')"
status="$(tail -n 1 <<<"$answer")"
task_token="$(json_field token <<<"$answer")"
[ "$status" = 201 ] && [ -n "$task_token" ] || fail_setup "POST /v1/tasks answered $status" "$(head -c 400 <<<"$answer")"

# --- The two plans, each a pending decision ----------------------------------------------------------------------------
pages="$work/pages.jsonl"
: >"$pages"
submit_plan() { # submit_plan <name> <lines>: generates the plan, sends it as a decision, adds the review page to $pages
  local name="$1" want="$2" facts decision
  facts="$(node "$root/scripts/lib/terraform-plan.mjs" --lines "$want" --out "$logs/$name-request.json" --plan-out "$logs/$name.tfplan.txt")"
  answer="$(api POST /v1/decisions -H "Authorization: Bearer $task_token" "@$logs/$name-request.json")"
  status="$(tail -n 1 <<<"$answer")"
  [ "$status" = 202 ] && grep -q '"decision":"pending"' <<<"$answer" \
    || fail_setup "the $name plan's decision answered $status, not 202 pending" "$(head -c 400 <<<"$answer")"
  decision="$(json_field decisionId <<<"$answer")"
  [ -n "$decision" ] || fail_setup "the $name plan's 202 named no decisionId" "$(head -c 400 <<<"$answer")"
  echo "$name plan: $(field "$facts" lines) lines, $(field "$facts" bytes) bytes, $(field "$facts" resources) resources ($(field "$facts" create) create, $(field "$facts" update) update, $(field "$facts" replace) replace, $(field "$facts" destroy) destroy); decision $decision pending"
  node -e 'const f = JSON.parse(process.argv[1]); console.log(JSON.stringify({ name: process.argv[2], path: `/approvals/${process.argv[3]}`, lines: f.lines, bytes: f.bytes, last: f.last }))' \
    "$facts" "$name" "$decision" >>"$pages"
}
submit_plan big "$lines"
submit_plan baseline "$baseline_lines"

# `bench`'s session cookie, as a browser would send it (curl marks HttpOnly cookies with a #HttpOnly_ prefix).
cookie="$(awk -F'\t' 'NF >= 7 && $6 == "agentconsole.session" { print $6 "=" $7 }' "$work/cookies" | tail -n 1)"
[ -n "$cookie" ] || fail_setup "no session cookie after signing in"

# The pages as curl gets them, kept in the logs (and the server's time for them without a browser in the way).
for name in big baseline; do
  page_path="$(node -e 'for (const l of require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean)) { const p = JSON.parse(l); if (p.name === process.argv[2]) console.log(p.path); }' "$pages" "$name")"
  echo "$name page by curl: $(curl -s -b "$work/cookies" -o "$logs/$name.html" -w '%{http_code}, %{size_download} bytes, first byte %{time_starttransfer} s, last %{time_total} s' "$base$page_path")"
done

# --- The browser ------------------------------------------------------------------------------------------------------
echo "Opening the review pages in headless Chromium: 1 warm-up + $loads loads each ..."
load_start="$(load_average)"
trace_args=()
[ "$trace" = true ] && trace_args=(--trace-dir "$logs")
node "$root/scripts/lib/review-timing.mjs" --base "$base" --cookie "$cookie" --pages "$pages" --loads "$loads" --chromium "$chromium" \
  "${trace_args[@]}" >"$logs/timing.out" 2> >(tee "$logs/timing.err" >&2) \
  || { echo "The browser driver failed (see $logs/timing.err)." >&2; exit 1; }
load_end="$(load_average)"
stop_console
result="$(grep -m 1 '^result ' "$logs/timing.out" | cut -d' ' -f2-)"
[ -n "$result" ] || { echo "The browser driver printed no result (see $logs/timing.err)." >&2; exit 1; }
echo "$result" >"$logs/result.json"

# --- Checks, verdicts, report ------------------------------------------------------------------------------------------
correctness_failures=0
check() { # check <true|false> <what>
  if [ "$1" = true ]; then echo "  ok    $2"; else echo "  FAIL  $2"; correctness_failures=$((correctness_failures + 1)); fi
}
echo
echo "Checks (warm-up load of each page):"
for name in big baseline; do
  want_lines="$(field "$result" "pages.$name.lines")"
  check "$([ "$(field "$result" "pages.$name.checks.status")" = 200 ] && echo true || echo false)" "$name: the review page answered 200"
  check "$([ "$(field "$result" "pages.$name.checks.rows")" = "$want_lines" ] && echo true || echo false)" \
    "$name: one diff row per plan line ($(field "$result" "pages.$name.checks.rows") rows, $want_lines lines)"
  check "$(field "$result" "pages.$name.checks.hasLast")" "$name: the diff contains the plan's last resource"
  check "$(field "$result" "pages.$name.checks.riskSummary")" "$name: the risk summary is on the page"
  check "$([ "$(field "$result" "pages.$name.checks.riskItems")" != 0 ] && echo true || echo false)" \
    "$name: the risk summary lists markers ($(field "$result" "pages.$name.checks.riskItems") categories)"
  check "$(field "$result" "pages.$name.checks.scrollBottomInView")" "$name: scrolling brings the bottom of the diff into view"
done

verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v != "-" && v <= t) ? "PASS" : "FAIL" }'; }
load_verdict="$(verdict "$(field "$result" pages.big.loadP50)" "$target_load_ms")"
task_verdict="$(verdict "$(field "$result" pages.big.longestTask)" "$target_longest_task_ms")"
targets_missed=0
[ "$load_verdict" = PASS ] || targets_missed=$((targets_missed + 1))
[ "$task_verdict" = PASS ] || targets_missed=$((targets_missed + 1))

rows="$work/rows.tsv"
: >"$rows"
for name in big baseline; do
  g() { field "$result" "pages.$name.$1"; }
  printf '%s\t%s\t%s\t%s\t%s / %s\t%s / %s\t%s / %s\t%s\t%s\t%s\t%s / %s\t%s\t%s / %s\n' "$name" "$(g lines)" "$(g htmlBytes)" "$(g serverP50)" \
    "$(g dclP50)" "$(g dclMax)" "$(g loadP50)" "$(g loadMax)" "$(g completeP50)" "$(g completeMax)" "$(g fcpP50)" "$(g longTasksP50)" "$(g longestTask)" "$(g tbtP50)" "$(g tbtMax)" \
    "$(g probeMax)" "$(g scrollP50)" "$(g scrollLongest)" >>"$rows"
done

echo
echo "Review page /approvals/{id}: a $(field "$result" pages.big.lines)-line Terraform plan against a $(field "$result" pages.baseline.lines)-line baseline"
echo "Chromium $(field "$result" chromium) headless, 1280x900, $loads loads per page after one warm-up (CSS and scripts cached, the page never)."
echo "Times in ms from navigation start; server = responseStart - requestStart; TBT = sum of (long task - 50 ms); probe = the"
echo "longest DevTools round trip while the page loaded (how long it could not have answered input); scroll = to the bottom of the"
echo "diff until the next frame, and the longest task in it."
echo "Command: $command_line (commit $commit)"
echo "Machine: $machine; load average before $load_before, during $load_start -> $load_end"
echo "Logs, plans and per-load figures: $logs"
{
  printf 'PAGE\tPLAN LINES\tHTML BYTES\tSERVER P50\tDCL P50 / MAX\tLOAD P50 / MAX\tALL ROWS IN P50 / MAX\tFCP P50\tLONG TASKS P50\tLONGEST TASK\tTBT P50 / MAX\tPROBE MAX\tSCROLL P50 / LONGEST TASK\n'
  cat "$rows"
} | column -t -s $'\t'
echo
echo "Where the big page's main-thread time went (p50 per load, Chromium's Performance.getMetrics): task $(field "$result" pages.big.taskP50),"
echo "  script $(field "$result" pages.big.scriptP50), layout $(field "$result" pages.big.layoutP50), style $(field "$result" pages.big.styleP50) ms;" \
  "DOM nodes $(field "$result" pages.big.nodes) (baseline: task $(field "$result" pages.baseline.taskP50), layout $(field "$result" pages.baseline.layoutP50), style $(field "$result" pages.baseline.styleP50) ms)"
echo "  $load_verdict  load p50 <= $target_load_ms ms (the issue's \"opens in under a second\")"
echo "  $task_verdict  no long task over $target_longest_task_ms ms (our reading of \"without freezing the page\")"

if [ -n "$markdown" ]; then
  {
    echo "| Page | Plan lines | HTML bytes | Server p50 | DCL p50 / max | Load p50 / max | All rows in p50 / max | FCP p50 | Long tasks p50 | Longest task | TBT p50 / max | Probe max | Scroll p50 / longest task |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 }' "$rows"
  } >"$markdown"
  echo "Markdown table written to $markdown"
fi

if [ "$correctness_failures" -gt 0 ]; then echo "$correctness_failures correctness check(s) failed (see above)."; exit 1; fi
if [ "$targets_missed" -gt 0 ]; then echo "The pages are correct, but $targets_missed target(s) missed."; exit 3; fi
echo "The pages are correct and every target is met."
