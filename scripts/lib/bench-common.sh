# Shared by the benchmark scripts (scripts/bench-*.sh); sourced, not run. The caller sets `root` (the repository),
# runs under `set -euo pipefail` and calls bench_setup once. What this file keeps in globals:
#   work          a temporary folder, removed on exit
#   dll           the Release build of the console
#   machine, load_before
#   pg_connection, pg_note, pg_version, pg_bin, pg_data, pg_port   (start_private_postgres)
#   store_env     an array of VAR=value that points the console and its CLI at one store (set by the caller per engine)
#   server_pid, base, server_log                                    (start_console)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }
try_install() { # try_install <package>: Debian package, quietly; false when it cannot be installed
  as_root apt-get update -qq >/dev/null 2>&1 || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1
}

# have_hey: true when hey is (or could be made) available.
have_hey() {
  if ! command -v hey >/dev/null 2>&1; then
    echo "hey is not installed; trying apt-get install hey ..."
    try_install hey || true
  fi
  command -v hey >/dev/null 2>&1
}

# bench_setup <build: true|false>: builds the console (Release) unless told not to, makes the work folder, notes the machine.
bench_setup() {
  dll="$root/src/AgentConsole/bin/Release/net10.0/AgentConsole.dll"
  if [ "$1" = true ]; then
    echo "Building the console (Release) ..."
    dotnet build "$root/src/AgentConsole" -c Release -nologo -v quiet >/dev/null
  fi
  [ -f "$dll" ] || { echo "No Release build at $dll; run without --no-build." >&2; exit 2; }

  work="$(mktemp -d /tmp/agentconsole-bench.XXXXXX)"
  server_pid=""
  pg_data=""
  pg_bin=""
  pg_connection=""
  pg_note=""
  pg_version=""
  trap bench_cleanup EXIT

  local cpu memory
  cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
  memory="$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null)"
  machine="$(nproc) CPU(s), ${cpu:-unknown CPU}, ${memory:-? GiB} RAM, $(uname -sr), .NET SDK $(dotnet --version)"
  load_before="$(load_average)"
  echo "Machine: $machine; load average $load_before"
}

load_average() { cut -d' ' -f1-3 /proc/loadavg; }

run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

bench_cleanup() {
  stop_console
  if [ -n "$pg_data" ]; then run_pg "$pg_bin/pg_ctl" -D "$pg_data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$pg_data"; fi
  rm -rf "$work"
}

# start_private_postgres: a throwaway cluster like scripts/test.sh's, on AGENTCONSOLE_BENCH_PG_PORT (default 55434), with an
# empty database agentconsole_bench; sets pg_connection. Returns 1 (and sets pg_note) when PostgreSQL cannot be had.
start_private_postgres() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "PostgreSQL is not installed; trying apt-get install postgresql ..."
    try_install postgresql || true
  fi
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    pg_note="PostgreSQL skipped: not installed and could not be installed (apt-get install postgresql, or set AGENTCONSOLE_BENCH_POSTGRES)."
    return 1
  fi
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  pg_port="${AGENTCONSOLE_BENCH_PG_PORT:-55434}"
  pg_data="$(mktemp -d /tmp/agentconsole-bench-pg.XXXXXX)"
  [ "$(id -u)" -eq 0 ] && chown postgres "$pg_data"
  # Throwaway cluster: trust authentication, loopback only, the server's durability defaults (fsync, synchronous_commit on).
  run_pg "$pg_bin/initdb" -D "$pg_data" -A trust -U postgres >/dev/null
  if ! run_pg "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w \
      -o "-p $pg_port -k $pg_data -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null; then
    pg_note="PostgreSQL skipped: the private cluster did not start on 127.0.0.1:$pg_port (see AGENTCONSOLE_BENCH_PG_PORT)."
    return 1
  fi
  run_pg "$pg_bin/psql" -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c "CREATE DATABASE agentconsole_bench" >/dev/null
  pg_connection="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=agentconsole_bench"
  pg_version="$("$pg_bin/postgres" --version | awk '{print $3}')"
  echo "PostgreSQL $pg_version private cluster on 127.0.0.1:$pg_port"
}

# cli <command...>: the console's administration commands against the store in store_env. Runs from the build output,
# whose appsettings.json holds the catalogue of environments and scopes.
cli() { (cd "$(dirname "$dll")" && env "${store_env[@]}" DOTNET_ENVIRONMENT=Production dotnet "$dll" "$@"); }

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# start_console <log file> [VAR=value ...]: the console (Release) on a free loopback port, with the store in store_env and
# any extra settings given; waits until /healthz answers and sets base and server_pid. Returns 1 (after showing the end of the
# log) when it does not start; under `set -e` that ends the caller.
start_console() {
  server_log="$1"
  shift
  local port
  port="$(free_port)"
  base="http://127.0.0.1:$port"
  (cd "$(dirname "$dll")" && exec env "${store_env[@]}" ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="$base" "$@" \
    dotnet "$dll") >"$server_log" 2>&1 &
  server_pid=$!
  for _ in $(seq 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/healthz" 2>/dev/null || true)" = 200 ] && { echo "Console on $base (log: $server_log)"; return; }
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.5
  done
  echo "The console did not start on $base (log: $server_log):" >&2
  tail -n 40 "$server_log" >&2
  stop_console
  return 1
}

# console_cpu: CPU seconds the console has used so far (user + system, all threads), from /proc.
console_cpu() {
  local ticks
  ticks="$(getconf CLK_TCK)"
  sed 's/.*) //' "/proc/$server_pid/stat" | awk -v hz="$ticks" '{ printf "%.2f\n", ($12 + $13) / hz }'
}

# cpu_per_request <cpu seconds before> <after> <requests>: the console's CPU time per request, in microseconds.
cpu_per_request() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.0f\n", (n > 0 ? (b - a) * 1e6 / n : 0) }'; }

stop_console() {
  if [ -n "${server_pid:-}" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
}

form_token() { grep -o 'name="__RequestVerificationToken" value="[^"]*"' | head -n 1 | sed 's/.*value="\([^"]*\)"/\1/'; }

# first_sign_in <name> <password set by the CLI> <new password> <cookie jar>: signs in once over HTTP and chooses a new
# password, as a person would (people added by the CLI must, before the API or the pages answer them). The jar keeps the session.
first_sign_in() {
  local name="$1" first_password="$2" password="$3" jar="$4" token answer
  token="$(curl -s -c "$jar" -b "$jar" "$base/account/signin" | form_token)"
  answer="$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" --data-urlencode "_handler=signin" \
    --data-urlencode "Input.Name=$name" --data-urlencode "Input.Password=$first_password" --data-urlencode "__RequestVerificationToken=$token" \
    "$base/account/signin")"
  [[ "$answer" == 302*"/account/password"* ]] || { echo "Sign-in did not ask for a new password: $answer" >&2; exit 1; }
  token="$(curl -s -c "$jar" -b "$jar" "$base/account/password" | form_token)"
  answer="$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "_handler=change-password" \
    --data-urlencode "Input.CurrentPassword=$first_password" --data-urlencode "Input.NewPassword=$password" \
    --data-urlencode "Input.ConfirmPassword=$password" --data-urlencode "__RequestVerificationToken=$token" "$base/account/password")"
  [ "$answer" = 302 ] || { echo "Changing the password failed (HTTP $answer)" >&2; exit 1; }
}

random_password() { echo "bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"; }

# first_error <log file>: the first line that names an error, else the last line, shortened.
first_error() { { grep -m 1 -E 'Exception|error' "$1" || tail -n 1 "$1"; } | cut -c 1-300; }

# api <method> <path> <auth: -H or -u> <auth value> [json body | @file]: prints the body, then the status on its own last
# line. A large body (a 20,000-line plan) is passed as @file: it is longer than one command-line argument may be.
api() {
  local method="$1" path="$2" auth_kind="$3" auth="$4" body="${5:-}"
  local -a args=(-s -X "$method" "$auth_kind" "$auth" -w '\n%{http_code}')
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  curl "${args[@]}" "$base$path" || true
}

# json_field <name>: the first string value of that name in the JSON on standard input.
json_field() { { grep -o "\"$1\":\"[^\"]*\"" || true; } | head -n 1 | sed "s/\"$1\":\"\\([^\"]*\\)\"/\\1/"; }
