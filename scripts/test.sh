#!/usr/bin/env bash
# Runs every test of AgentConsole: unit and integration (SQLite and PostgreSQL) and browser tests (Chromium).
# Installs PostgreSQL and Chromium from Debian packages when missing, starts a private PostgreSQL cluster
# (unless AGENTCONSOLE_TEST_POSTGRES names an existing server), builds, runs, and ends with "N passed, N failed".
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/TestResults"
rm -rf "$results/trx"
mkdir -p "$results/trx" "$results/screenshots"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=false
need_package() { # need_package <check-command> <package>
  if ! eval "$1" >/dev/null 2>&1; then
    if [ "$apt_updated" = false ]; then as_root apt-get update -qq; apt_updated=true; fi
    echo "Installing $2 ..."
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
  fi
}

need_package "command -v chromium" chromium
export AGENTCONSOLE_CHROMIUM="${AGENTCONSOLE_CHROMIUM:-$(command -v chromium)}"

pg_data=""
stop_postgres() {
  if [ -n "$pg_data" ]; then
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null 2>&1 || true
    else "$pg_bin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null 2>&1 || true; fi
    rm -rf "$pg_data"
  fi
}
trap stop_postgres EXIT

if [ -z "${AGENTCONSOLE_TEST_POSTGRES:-}" ]; then
  need_package "ls /usr/lib/postgresql/*/bin/initdb" postgresql
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  pg_port="${AGENTCONSOLE_TEST_PG_PORT:-55432}"
  pg_data="$(mktemp -d /tmp/agentconsole-pg.XXXXXX)"
  run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  [ "$(id -u)" -eq 0 ] && chown postgres "$pg_data"
  # A throwaway cluster for the tests only: local trust authentication, listening on loopback only.
  run_pg "$pg_bin/initdb" -D "$pg_data" -A trust -U postgres >/dev/null
  run_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w -o "-p $pg_port -k $pg_data -c listen_addresses=127.0.0.1 -c max_connections=400" start >/dev/null
  export AGENTCONSOLE_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
  echo "PostgreSQL test server on 127.0.0.1:$pg_port"
fi

echo "Building (front-end assets included) ..."
dotnet build AgentConsole.sln -c Release -nologo -v quiet

status=0
for project in tests/AgentConsole.Tests e2e/AgentConsole.E2E; do
  name="$(basename "$project")"
  echo "Running $name ..."
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results/trx" || status=1
done

passed=0; failed=0
for trx in "$results"/trx/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
expected_runs=2
runs="$(ls "$results"/trx/*.trx 2>/dev/null | wc -l)"
if [ "$runs" -lt "$expected_runs" ]; then
  echo "Only $runs of $expected_runs test projects produced results." >&2
  status=1
fi
echo "Screenshots: $results/screenshots"
echo "$passed passed, $failed failed"
if [ "$failed" -gt 0 ] || [ "$passed" -eq 0 ]; then status=1; fi
exit "$status"
