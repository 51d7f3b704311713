#!/usr/bin/env bash
# The hot path under load, against the framework alone in the same run (README "Benchmarks").
# Starts a bare Poco HTTPServer (a fixed 6 KB page) and `limber serve --demo` on a fresh data
# folder, signs in, opens a patient's check-in link, then runs wrk against:
#   the bare page, GET /p (patient cookie), GET /patients, GET /patients/{id}, and
#   POST /api/v1/patients/{id}/sessions with a fresh Idempotency-Key per request (durable),
# printing req/s, p50, p99, timeouts, each row's share of the bare page's req/s, and the server's
# CPU time per request (user + system, from /proc: on a machine shared with other work it
# varies far less than req/s). A row with any error or unexpected status fails the script.
# A second POST row spreads the sessions over up to 12 patients (a clinic's writes are not all
# to one patient's one day). With LIMBER_BENCH_POSTGRES set to a libpq connection string (an
# empty database), Limber runs on PostgreSQL; instances.sh compares two instances on one
# database with one.
# Usage: tests/benchmarks/load.sh [BUILD_DIR] [SECONDS] [CONNECTIONS] [THREADS]
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build/release}
seconds=${2:-10}
connections=${3:-32}
threads=${4:-2}
limber=$build/limber
bare=$build/tests/benchmarks/bare_poco_server
for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "load.sh needs $tool" >&2; exit 2; }
done

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# Waits for a server's first line naming its port; prints the port.
port_of() {
    local file=$1 pattern=$2
    for _ in $(seq 1 200); do
        if port=$(grep -oE "$pattern" "$file" 2>/dev/null | grep -oE '[0-9]+$' | head -1) &&
            [[ -n "$port" ]]; then
            echo "$port"
            return
        fi
        sleep 0.05
    done
    echo "no port in $file:" >&2
    cat "$file" >&2
    exit 1
}

"$bare" 0 32 >"$work/bare.out" &
pids+=($!)
bare_port=$(port_of "$work/bare.out" 'listening on [0-9]+')

mkdir -p "$work/data"
if [[ -n "${LIMBER_BENCH_POSTGRES:-}" ]]; then
    printf 'store.driver = postgresql\nstore.postgresql = %s\n' "$LIMBER_BENCH_POSTGRES" \
        >"$work/data/limber.properties"
fi
"$limber" serve --demo --port 0 --data-dir "$work/data" >"$work/limber.out" 2>&1 &
pids+=($!)
port=$(port_of "$work/limber.out" '127\.0\.0\.1:[0-9]+')
base=http://127.0.0.1:$port

source "$(dirname "$0")/demo-session.sh"
demo_session "$base" "$work" || exit 1
source "$(dirname "$0")/session-load.sh"
session_scripts "$base" "$work" || exit 1

# CPU time a process has used so far, in clock ticks (user + system).
cpu_ticks() {
    awk '{print $14 + $15}' "/proc/$1/stat"
}

# Waits (up to 30 s) until Limber's audit sealer has chained every entry written so far, so
# that the sealing of a row's entries is counted in that row's CPU time, not in the next row's.
wait_for_sealing() {
    local unsealed
    for _ in $(seq 1 300); do
        unsealed=$(curl -s "$base/metrics" | awk '$1 == "limber_audit_unsealed_entries" {print $2}')
        [[ "$unsealed" == 0 ]] && return 0
        sleep 0.1
    done
    echo "the audit sealer still had $unsealed entries to seal after 30 s" >&2
}

# Runs wrk against the server of process PID; prints "req/s p50 p99 timeouts cpu_us"
# (latencies in ms; the server's CPU microseconds per request, the sealing of the requests'
# audit entries included), or fails on any error.
measure() {
    local pid=$1 out before after
    shift
    before=$(cpu_ticks "$pid")
    out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency --timeout 2s "$@")
    [[ "$pid" == "${pids[0]}" ]] || wait_for_sealing
    after=$(cpu_ticks "$pid")
    if grep -qE 'Non-2xx or 3xx responses' <<<"$out"; then
        echo "wrk $*: $(grep -E 'Non-2xx' <<<"$out")" >&2
        exit 1
    fi
    awk '
        function ms(v) {
            if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
            if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
            if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000
            return v
        }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /^Requests\/sec:/ { rps = $2 }
        / requests in / { requests = $1 }
        /Socket errors/ { for (i = 1; i <= NF; i++) if ($i == "timeout") timeouts = $(i + 1) }
        END {
            cpu = requests > 0 ? (ticks * 1000000 / hz) / requests : 0
            printf "%.0f %.2f %.2f %d %.0f\n", rps, p50, p99, timeouts + 0, cpu
        }' ticks=$((after - before)) hz="$(getconf CLK_TCK)" <<<"$out"
}

# The peak RSS printed at the end is the load's: the sign-in above hashed a password with
# Argon2id, whose 64 MiB are by design and not part of serving pages (Linux resets the peak
# on "5" written to clear_refs).
echo 5 >"/proc/${pids[1]}/clear_refs" 2>/dev/null || true

engine=SQLite
[[ -z "${LIMBER_BENCH_POSTGRES:-}" ]] || engine=PostgreSQL
echo "wrk -t$threads -c$connections -d${seconds}s on $(nproc) cores; demo clinic on $engine, patient $patient"
printf '%-40s %10s %9s %9s %9s %8s %8s\n' "" "req/s" "p50 ms" "p99 ms" "timeouts" "of bare" \
    "CPU us"
row() {
    local name=$1
    shift
    read -r rps p50 p99 timeouts cpu < <(measure "$@")
    [[ -n "${bare_rps:-}" ]] || bare_rps=$rps
    printf '%-40s %10s %9s %9s %9s %7.1f%% %8s\n' "$name" "$rps" "$p50" "$p99" "$timeouts" \
        "$(awk -v a="$rps" -v b="$bare_rps" 'BEGIN {print 100 * a / b}')" "$cpu"
}
row "bare Poco, fixed 6 KB page" "${pids[0]}" "http://127.0.0.1:$bare_port/"
row "check-in page GET /p" "${pids[1]}" -H "$patient_cookie" "$base/p"
row "patient list GET /patients" "${pids[1]}" -H "$cookie" "$base/patients"
row "patient page GET /patients/$patient" "${pids[1]}" -H "$cookie" "$base/patients/$patient"
row "session POST (durable, new key each)" "${pids[1]}" -s "$work/session.lua" "$base/"
row "... spread over ${#spread[@]} patients" "${pids[1]}" -s "$work/spread.lua" "$base/"
rss=$(awk '/VmHWM/ {print $2}' "/proc/${pids[1]}/status")
now_rss=$(awk '/VmRSS/ {print $2}' "/proc/${pids[1]}/status")
echo "limber peak RSS: $((rss / 1024)) MB under the load, $((now_rss / 1024)) MB after it"

