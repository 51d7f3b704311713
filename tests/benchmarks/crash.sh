#!/usr/bin/env bash
# Crash test: nothing acknowledged is ever lost. Clients log sessions at full rate, half through
# the API (POST /api/v1/patients/{id}/sessions, a fresh Idempotency-Key each) and half through
# the check-in form (POST /p, a fresh submission id each), each noting every key the server
# acknowledged. Beside them a few clients open the check-in page (GET /p), counting the pages
# answered: a view's audit entry is committed while the page is rendered, and the page is
# answered only once it is durable. Mid-load the server is killed with kill -9, then started
# again; every acknowledged key must be stored, every answered page and acknowledged form must
# have its view's audit entry,
# PRAGMA integrity_check must answer ok, and `limber audit verify` must pass. Repeats for
# ROUNDS rounds on the same data folder. With LIMBER_BENCH_POSTGRES set to a libpq connection
# string (an empty database), Limber runs on PostgreSQL (which checks its own pages: no
# integrity_check there) and the checks read that database with psql.
# CTest runs it with small counts; README "Benchmarks" gives the full run.
# Usage: tests/benchmarks/crash.sh [BUILD_DIR] [ROUNDS] [CLIENTS] [SECONDS_PER_ROUND]
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build/release}
rounds=${2:-20}
clients=${3:-32}
seconds=${4:-6}
limber=$build/limber
store_tool=sqlite3
[[ -z "${LIMBER_BENCH_POSTGRES:-}" ]] || store_tool=psql
for tool in wrk curl "$store_tool"; do
    command -v "$tool" >/dev/null || { echo "crash.sh needs $tool" >&2; exit 2; }
done
half=$((clients / 2 > 0 ? clients / 2 : 1))
viewers=$((clients / 8 > 0 ? clients / 8 : 1))

work=$(mktemp -d)
server=""
cleanup() {
    [[ -z "$server" ]] || kill -9 "$server" 2>/dev/null || true
    [[ -z "$server" ]] || wait "$server" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

data=$work/data
mkdir -p "$data" "$work/acked"
if [[ -n "${LIMBER_BENCH_POSTGRES:-}" ]]; then
    printf 'store.driver = postgresql\nstore.postgresql = %s\n' "$LIMBER_BENCH_POSTGRES" \
        >"$data/limber.properties"
fi

# Runs the SQL query on the store; prints its rows, one a line, columns split by "|".
query() {
    if [[ -n "${LIMBER_BENCH_POSTGRES:-}" ]]; then
        psql "$LIMBER_BENCH_POSTGRES" -qtA -v ON_ERROR_STOP=1 -c "$1"
    else
        sqlite3 "$data/limber.db" "$1"
    fi
}

# Starts the server on the data folder; sets server (its pid) and base (its URL).
start_server() {
    local demo=()
    [[ "${1:-}" == "--demo" ]] && demo=(--demo)
    "$limber" serve "${demo[@]}" --port 0 --data-dir "$data" >"$work/limber.out" 2>&1 &
    server=$!
    for _ in $(seq 1 200); do
        if port=$(grep -oE '127\.0\.0\.1:[0-9]+' "$work/limber.out" | head -1) && [[ -n "$port" ]]; then
            base=http://$port
            return
        fi
        kill -0 "$server" 2>/dev/null || break
        sleep 0.05
    done
    echo "the server did not start:" >&2
    cat "$work/limber.out" >&2
    exit 1
}

source "$(dirname "$0")/demo-session.sh"

start_server --demo
demo_session "$base" "$work" || exit 1
# The cookie values alone: the scripts below write their own Cookie headers.
cookie=${cookie#Cookie: }
patient_cookie=${patient_cookie#Cookie: }
form_csrf=$(curl -sf -H "Cookie: $patient_cookie" "$base/p" |
    grep -oE 'name="csrf" value="[^"]+"' | head -1 | sed -E 's/.*value="([^"]+)"/\1/')
[[ -n "$form_csrf" ]] || { echo "no form token on the check-in page" >&2; exit 1; }
today=$(date -u +%F)

# Each wrk thread numbered (its "id"), for its own file of acknowledgements.
thread_ids='local next_id = 0
setup = function(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
end'

# One wrk thread per connection, so each response answers the request made just before it:
# the key of every acknowledged request is appended (and flushed) to the thread's file.
write_script() {
    local file=$1 kind=$2
    cat >"$file" <<EOF
$thread_ids
local counter, key, log = 0, nil, nil
init = function(args)
    log = io.open("$work/acked/$kind-" .. id .. "-" .. os.time() .. ".txt", "a")
    math.randomseed(os.time() * 1000 + id)
end
request = function()
    counter = counter + 1
    key = string.format("$kind-%d-%d-%d-%d", id, os.time(), counter, math.random(1, 1000000000))
    if "$kind" == "api" then
        return wrk.format("POST", "/api/v1/patients/$patient/sessions", {
            ["Content-Type"] = "application/json", ["X-CSRF-Token"] = "$csrf",
            ["Cookie"] = "$cookie", ["Idempotency-Key"] = key},
            '{"date":"$today","slot":1,"painBefore":3,"entries":[]}')
    end
    return wrk.format("POST", "/p", {
        ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = "$patient_cookie"},
        "csrf=$form_csrf&date=$today&slot=1&painBefore=2&submission=" .. key)
end
response = function(status, headers, body)
    if status == 200 or status == 201 or status == 303 then
        log:write(key, "\n")
        log:flush()
    end
end
EOF
}
write_script "$work/api.lua" api
write_script "$work/form.lua" form
# Check-in page views: one line per page answered.
cat >"$work/view.lua" <<EOF
$thread_ids
local log = nil
init = function(args)
    log = io.open("$work/acked/view-" .. id .. "-" .. os.time() .. ".views", "a")
end
request = function()
    return wrk.format("GET", "/p", {["Cookie"] = "$patient_cookie"})
end
response = function(status, headers, body)
    if status == 200 then
        log:write("view\n")
        log:flush()
    end
end
EOF
# The check-in page views stored before the load (the demo's and the form token's).
views_before=$(query "SELECT COUNT(*) FROM audit_events WHERE action = 'checkin.view'")

for ((round = 1; round <= rounds; round++)); do
    wrk -t"$half" -c"$half" -d"${seconds}s" -s "$work/api.lua" "$base/" >"$work/wrk-api.out" 2>&1 &
    api=$!
    wrk -t"$half" -c"$half" -d"${seconds}s" -s "$work/form.lua" "$base/" >"$work/wrk-form.out" 2>&1 &
    form=$!
    wrk -t"$viewers" -c"$viewers" -d"${seconds}s" -s "$work/view.lua" "$base/" \
        >"$work/wrk-view.out" 2>&1 &
    view=$!
    # Somewhere in the middle half of the round.
    sleep "$(awk -v s="$seconds" -v r="$RANDOM" 'BEGIN {printf "%.2f", s / 4 + s / 2 * r / 32767}')"
    kill -9 "$server"
    wait "$server" 2>/dev/null || true
    server=""
    wait "$api" "$form" "$view" || true
    start_server

    acked=$(cat "$work"/acked/*.txt | sort -u)
    stored=$(query "SELECT submission_id FROM session_submissions" | sort -u)
    lost=$(comm -23 <(echo "$acked") <(echo "$stored") | grep -c . || true)
    views=$(cat "$work"/acked/*.views | grep -c . || true)
    viewed=$(query "SELECT COUNT(*) FROM audit_events WHERE action = 'checkin.view'")
    integrity="not checked (PostgreSQL)"
    [[ -n "${LIMBER_BENCH_POSTGRES:-}" ]] || integrity=$(query "PRAGMA integrity_check")
    verify=$("$limber" audit verify --data-dir "$data" 2>&1) || {
        echo "round $round: audit verify failed: $verify" >&2
        exit 1
    }
    count=$(grep -c . <<<"$acked" || true)
    forms=$(grep -c '^form-' <<<"$acked" || true)
    echo "round $round: $count acknowledged so far ($forms by the form), $lost lost;" \
        "$views pages answered, $((viewed - views_before)) view entries stored" \
        "(for the pages and the forms);" \
        "integrity $integrity; $verify"
    [[ "$lost" -eq 0 ]] || { echo "round $round lost $lost acknowledged writes" >&2; exit 1; }
    # Each acknowledged check-in form also showed the page, with an entry of its own.
    [[ "$views" -gt 0 && $((viewed - views_before)) -ge $((views + forms)) ]] ||
        { echo "round $round: pages answered without their audit entry" >&2; exit 1; }
    [[ -n "${LIMBER_BENCH_POSTGRES:-}" || "$integrity" == ok ]] || exit 1
    [[ "$forms" -gt 0 && "$count" -gt "$forms" ]] ||
        { echo "round $round: the API or the form had nothing acknowledged" >&2; exit 1; }
done
kill "$server"
wait "$server" 2>/dev/null || true
server=""
"$limber" audit verify --data-dir "$data"
echo "crash test passed: $rounds rounds, $clients clients, nothing acknowledged was lost"
