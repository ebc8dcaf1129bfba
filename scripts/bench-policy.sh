#!/usr/bin/env bash
# Benchmarks policy evaluation (PolicyEvaluationBenchmark, BenchmarkDotNet) against the target of the policy issue:
#   one decision against a 100-rule policy has a median of at most 10 µs (aim: 2 µs).
#
# It builds tests/AgentConsole.Benchmarks in Release, runs every benchmark in it (--filter '*') with a short job
# (5 warm-up and 15 measured iterations, in-process), prints BenchmarkDotNet's table and then one line per case with
# its median, PASS or FAIL, and the machine it ran on.
#
# Usage: scripts/bench-policy.sh [BenchmarkDotNet options, e.g. --filter '*NothingMatches*']
# Environment: POLICY_BENCH_MAX_MEDIAN_US  the budget per decision in microseconds (default 10).
# Exits 1 when a median is over the budget or a benchmark did not run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' + local changes')"
[ $# -gt 0 ] || set -- --filter '*'

cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
machine="$(nproc) CPU(s), ${cpu:-unknown CPU}, $(uname -sr), .NET SDK $(dotnet --version)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

artifacts="$(mktemp -d /tmp/agentconsole-bench-policy.XXXXXX)"
log="$artifacts/run.log"
trap 'rm -rf "$artifacts"' EXIT

echo "Building the benchmarks (Release) ..."
dotnet build tests/AgentConsole.Benchmarks -c Release -nologo -v quiet >/dev/null

status=0
dotnet run --no-build -c Release --project tests/AgentConsole.Benchmarks -- "$@" --artifacts "$artifacts" | tee "$log" || status=$?

echo
echo "Policy evaluation, 100 rules; budget median <= ${POLICY_BENCH_MAX_MEDIAN_US:-10} µs per decision"
echo "Command: scripts/bench-policy.sh ${*@Q} (commit $commit)"
echo "Machine: $machine; load average before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
grep '^POLICY-BENCH' "$log" | sed 's/^POLICY-BENCH //' || { echo "No results were printed." >&2; status=1; }
exit "$status"
