#!/usr/bin/env bash
# The connection benchmark: Limber with the demo clinic against slow, idle, bursting and
# many clients, as README "Benchmarks" reports it. Needs wrk and python3
# (bash .ci/install-deps --tests).
#   bash tests/benchmarks/connections.sh [--limber PATH] [--seconds 60] [--wrk-seconds 10]
# /p is a demo patient's check-in page, opened with the cookie its link sets.
# 1. 2,000 clients sending their header a byte a second plus 2,000 idle keep-alive ones, for
#    SECONDS, while a normal client GETs /healthz and /p every 20 ms: its p99 and failures.
# 2. 10,000 idle keep-alive connections held: Limber's peak RSS.
# 3. 500 connections at once, one GET /p each: every one 200 or 503, none reset.
# 4. wrk -t2 -c32 and -c1000 on /p: requests a second and socket timeouts.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
limber="$root/build/release/limber"
seconds=60
wrk_seconds=10
while [[ $# -gt 0 ]]; do
    case "$1" in
        --limber) limber="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --wrk-seconds) wrk_seconds="$2"; shift 2 ;;
        *) echo "usage: $0 [--limber PATH] [--seconds N] [--wrk-seconds N]" >&2; exit 2 ;;
    esac
done
clients="python3 $root/tests/benchmarks/connection_clients.py"
ulimit -n "$(ulimit -Hn)"

dir="$(mktemp -d)"
pid=""
cleanup() {
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT

"$limber" serve --port 0 --data-dir "$dir" --demo > "$dir/out" 2>&1 &
pid=$!
for _ in $(seq 200); do
    grep -q "serving on" "$dir/out" 2>/dev/null && break
    sleep 0.1
done
port="$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$dir/out" | head -1)"
[[ -n "$port" ]] || { cat "$dir/out"; exit 1; }
source "$root/tests/benchmarks/demo-session.sh"
demo_session "http://127.0.0.1:$port" "$dir" || exit 1
check_in="${patient_cookie#Cookie: }"
echo "Limber $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '') on port $port," \
    "$(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"

echo
echo "## 1. 2,000 slow-header + 2,000 idle keep-alive clients for ${seconds} s; a normal client meanwhile"
$clients slow --port "$port" --slow 2000 --idle 2000 --seconds "$seconds" > "$dir/slow.json" &
load=$!
sleep 3
$clients probe --port "$port" --seconds "$((seconds > 6 ? seconds - 6 : 1))" --paths /healthz,/p \
    --cookie "$check_in" \
    > "$dir/probe.json"
wait "$load"
echo "normal client: $(cat "$dir/probe.json")"
echo "load clients:  $(cat "$dir/slow.json")"

echo
echo "## 2. 10,000 open connections held"
$clients hold --port "$port" --count 10000 --seconds 5 --pid "$pid"

echo
echo "## 3. 500 connections at once, GET /p"
$clients burst --port "$port" --count 500 --path /p --cookie "$check_in"

echo
echo "## 4. wrk on /p"
for connections in 32 1000; do
    wrk -t2 -c"$connections" -d"${wrk_seconds}s" --latency -H "$patient_cookie" \
        "http://127.0.0.1:$port/p" \
        > "$dir/wrk.txt" 2>&1 || true
    rate="$(awk '/Requests\/sec/ {print $2}' "$dir/wrk.txt")"
    p99="$(awk '$1 == "99%" {print $2}' "$dir/wrk.txt")"
    errors="$(grep -m1 'Socket errors' "$dir/wrk.txt" || echo 'Socket errors: none')"
    non2xx="$(awk '/Non-2xx/ {print $NF}' "$dir/wrk.txt")"
    echo "wrk -t2 -c$connections: ${rate:-?} req/s, p99 ${p99:-?}, ${errors}," \
        "non-2xx ${non2xx:-0}"
done
echo
echo "server RSS at the end: $(awk '/VmRSS/ {print $2/1024 " MB"}' "/proc/$pid/status")"
