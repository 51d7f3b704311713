#!/usr/bin/env bash
# Limber keeps serving across a restart of its PostgreSQL server, without being restarted:
#  - after a quick restart no request fails on a connection the pool held from before (each
#    idle connection used to fail one request with a 500, /healthz included);
#  - while the database is down, requests are answered 503 with Retry-After (JSON under /api/,
#    an HTML page elsewhere), never 500; /healthz (liveness) stays 200, /readyz is 503;
#  - once the database is back, reads and writes succeed again;
#  - a server that refuses connections ("too many clients") is answered the same way.
# The PostgreSQL server is the test's own (tests/cluster/private-postgres.sh).
#   bash tests/cluster/database-restart.sh LIMBER_BINARY
# Exits 77 (skipped) without PostgreSQL's server programs, except in CI (CI=true).
set -euo pipefail
limber="$1"
here="$(cd "$(dirname "$0")" && pwd)"
dir="$(mktemp -d)"
limber_pid=""
load_pid=""
source "$here/private-postgres.sh"
source "$here/processes.sh"
cleanup() {
    stop_process "$load_pid" || true
    local stopped=0
    stop_process "$limber_pid" || stopped=$?
    # How Limber stops is not what this test checks (other tests do); a stop that did not exit 0
    # is shown with Limber's output, to be looked into.
    if [[ $stopped -ne 0 ]]; then
        echo "note: Limber exited with status $stopped when stopped"
        echo "--- limber output"; tail -n 40 "$dir/limber.out" 2>/dev/null || true
    fi
    pg_stop_quietly
    rm -rf "$dir"
}
trap cleanup EXIT
fail() {
    echo "FAILED: $*"
    echo "--- limber output"; tail -n 30 "$dir/limber.out" 2>/dev/null || true
    exit 1
}

set +e
pg_setup
setup=$?
set -e
if [[ $setup -eq 77 ]]; then
    echo "PostgreSQL's server programs (initdb, pg_ctl) are not installed"
    [[ "${CI:-}" == "true" ]] && exit 1
    exit 77
fi
[[ $setup -eq 0 ]] || fail "initdb"
pg_start || fail "PostgreSQL did not start: $(tail -n 5 "$dir/postgres.log")"

mkdir -p "$dir/data"
cat >"$dir/limber.properties" <<PROPERTIES
store.driver = postgresql
store.postgresql = $pg_connection
server.threads = 8
log.file = $dir/limber.log
PROPERTIES
"$limber" serve --port 0 --data-dir "$dir/data" --config "$dir/limber.properties" \
    --demo >"$dir/limber.out" 2>&1 &
limber_pid=$!
for _ in $(seq 300); do
    grep -q "serving on" "$dir/limber.out" 2>/dev/null && break
    sleep 0.1
done
port="$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$dir/limber.out" | head -1)"
[[ -n "$port" ]] || fail "Limber did not start"
base="http://127.0.0.1:$port"

login='{"email": "demo@limber.example", "password": "limber-demo"}'
signin="$(curl -s -c "$dir/cookies" -H 'Content-Type: application/json' --data "$login" \
    "$base/api/v1/auth/login")"
csrf="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["csrfToken"])' "$signin")" ||
    fail "sign-in: $signin"

# Status codes of n requests to path sent at once (so the pool holds several connections).
at_once() {
    local n="$1" path="$2"
    for _ in $(seq "$n"); do
        curl -s -b "$dir/cookies" -o /dev/null -w '%{http_code}\n' "$base$path" &
    done
    wait
}
add_patient() {
    curl -s -b "$dir/cookies" -o "$dir/added" -w '%{http_code}' -H 'Content-Type: application/json' \
        -H "X-CSRF-Token: $csrf" --data "{\"name\": \"Restart $1\", \"recordNumber\": \"R$1\"}" \
        "$base/api/v1/patients"
}

codes="$(at_once 16 /api/v1/patients | sort | uniq -c | xargs)"
[[ "$codes" == "16 200" ]] || fail "before the restart: $codes"
[[ "$(add_patient 1)" == "201" ]] || fail "adding a patient before the restart: $(cat "$dir/added")"

# 1. A quick restart with no request in between: every pooled connection is now closed.
pg_stop || fail "pg_ctl stop"
pg_start || fail "PostgreSQL did not restart"
codes="$( (at_once 16 /api/v1/patients; at_once 4 /readyz; at_once 4 /healthz) | sort | uniq -c | xargs)"
[[ "$codes" == "24 200" ]] || fail "after a quick restart, requests failed on old connections: $codes"
[[ "$(add_patient 2)" == "201" ]] || fail "a write after the restart: $(cat "$dir/added")"

# 2. An outage under load: a client keeps reading while the database is down and back.
: >"$dir/load.codes"
(
    while :; do
        curl -s -b "$dir/cookies" -o /dev/null -w '%{http_code}\n' "$base/api/v1/patients" \
            >>"$dir/load.codes"
        sleep 0.02
    done
) &
load_pid=$!
sleep 0.5
pg_stop || fail "pg_ctl stop"

# While it is down: liveness yes, readiness no, answers 503 with Retry-After, in the client's
# format.
expect() {
    local what="$1" status="$2" head
    head="$(sed -n '1p' "$dir/head")"
    [[ "$head" == *" $status"* ]] || fail "$what answered $head: $(cat "$dir/body")"
}
curl -s -D "$dir/head" -o "$dir/body" "$base/healthz"
expect "/healthz during the outage" 200
curl -s -D "$dir/head" -o "$dir/body" "$base/readyz"
expect "/readyz during the outage" 503
grep -qi "^retry-after: [1-9]" "$dir/head" || fail "/readyz: no Retry-After: $(cat "$dir/head")"
grep -q '"code":"unavailable"' "$dir/body" || fail "/readyz body: $(cat "$dir/body")"
curl -s -b "$dir/cookies" -D "$dir/head" -o "$dir/body" "$base/api/v1/patients"
expect "the patient list (API) during the outage" 503
grep -qi "^retry-after: [1-9]" "$dir/head" || fail "API: no Retry-After: $(cat "$dir/head")"
grep -qi "^content-type: application/json" "$dir/head" || fail "API error not JSON"
grep -q '"code":"unavailable"' "$dir/body" || fail "API body: $(cat "$dir/body")"
curl -s -b "$dir/cookies" -D "$dir/head" -o "$dir/body" "$base/"
expect "the portal's home page during the outage" 503
grep -qi "^retry-after: [1-9]" "$dir/head" || fail "page: no Retry-After: $(cat "$dir/head")"
grep -qi "^content-type: text/html" "$dir/head" || fail "page error not HTML"
grep -q "Please wait" "$dir/body" || fail "page body: $(cat "$dir/body")"
status="$(add_patient 3)"
[[ "$status" == "503" ]] || fail "a write during the outage answered $status: $(cat "$dir/added")"
curl -s -D "$dir/head" -o "$dir/body" -H 'Content-Type: application/json' --data "$login" \
    "$base/api/v1/auth/login"
expect "signing in during the outage" 503
sleep 1

pg_start || fail "PostgreSQL did not restart"
ready=""
for _ in $(seq 100); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz")" == "200" ]]; then
        ready=yes
        break
    fi
    sleep 0.1
done
[[ -n "$ready" ]] || fail "/readyz did not come back after the database did"
# The client's next answers come from after the recovery (on a loaded machine a request sent
# before it may still be under way): wait for its first 200 there, 10 s at most.
lines="$(wc -l <"$dir/load.codes")"
for _ in $(seq 100); do
    tail -n +"$((lines + 1))" "$dir/load.codes" | grep -qx 200 && break
    sleep 0.1
done
stop_process "$load_pid" || true
load_pid=""

load="$(sort "$dir/load.codes" | uniq -c | xargs)"
grep -qv '^200$\|^503$' "$dir/load.codes" && fail "the reading client saw other answers: $load"
grep -qx 503 "$dir/load.codes" || fail "the reading client never saw the outage: $load"
[[ "$(tail -n 1 "$dir/load.codes")" == "200" ]] || fail "the reading client did not recover: $load"
codes="$(at_once 16 /api/v1/patients | sort | uniq -c | xargs)"
[[ "$codes" == "16 200" ]] || fail "after the outage: $codes"
[[ "$(add_patient 4)" == "201" ]] || fail "a write after the outage: $(cat "$dir/added")"

# 3. The server answers but refuses new connections ("sorry, too many clients already"): its
# every slot is taken after a restart closed Limber's connections. Answered 503 with
# Retry-After, not 500; once the slots are free, Limber serves again. Eight slots: what Limber
# opens at once here (a reader for each request and for the outbox's delivery, and its writers,
# which the sealer uses every 50 ms) fits in them; with four, its own threads could take the
# last slot before the write that follows.
pg_stop || fail "pg_ctl stop"
printf 'max_connections = 8\nsuperuser_reserved_connections = 0\n' >>"$pg_data/postgresql.conf"
pg_start || fail "PostgreSQL did not restart with 8 connections"
mkfifo "$dir/hold"
fillers=()
for _ in $(seq 8); do
    "$pg_bin/psql" "$pg_connection" -X -q <"$dir/hold" >/dev/null 2>&1 &
    fillers+=($!)
done
exec 3>"$dir/hold" # the eight psql read from it: each holds a connection until it closes
full=""
for _ in $(seq 100); do
    refusal="$("$pg_bin/psql" "$pg_connection" -X -q -c "SELECT 1" 2>&1 || true)"
    if [[ "$refusal" == *"too many clients"* ]]; then
        full=yes
        break
    fi
    sleep 0.1
done
[[ -n "$full" ]] || fail "the eight connections did not fill the server"
curl -s -b "$dir/cookies" -D "$dir/head" -o "$dir/body" "$base/api/v1/patients"
expect "the patient list with no connection slot free" 503
grep -qi "^retry-after: [1-9]" "$dir/head" || fail "too many clients: no Retry-After: $(cat "$dir/head")"
grep -q '"code":"unavailable"' "$dir/body" || fail "too many clients: $(cat "$dir/body")"
curl -s -b "$dir/cookies" -D "$dir/head" -o "$dir/body" "$base/"
expect "the portal's home page with no connection slot free" 503
status="$(add_patient 5)"
[[ "$status" == "503" ]] || fail "a write with no connection slot free answered $status: $(cat "$dir/added")"
curl -s -D "$dir/head" -o "$dir/body" "$base/readyz"
expect "/readyz with no connection slot free" 503
exec 3>&-
wait "${fillers[@]}" 2>/dev/null || true
ready=""
for _ in $(seq 100); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz")" == "200" ]]; then
        ready=yes
        break
    fi
    sleep 0.1
done
[[ -n "$ready" ]] || fail "/readyz did not come back once connection slots were free"
[[ "$(add_patient 6)" == "201" ]] || fail "a write once slots were free: $(cat "$dir/added")"

kill -0 "$limber_pid" || fail "Limber exited"
# What the server said while it went down is Limber's to handle, not printed by libpq.
if grep -E "FATAL|terminating connection|too many clients" "$dir/limber.out"; then
    fail "PostgreSQL's messages reached Limber's console"
fi
echo "a PostgreSQL restart under Limber: no 500, 503 with Retry-After while down or full," \
    "recovered by itself (reading client: $load)"
