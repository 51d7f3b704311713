#!/usr/bin/env bash
# Two `limber serve` on one PostgreSQL database behind Debian's nginx, with
# examples/cluster/limber-cluster.conf as the site (moved to loopback ports, a certificate made
# here). The PostgreSQL server is the test's own (tests/cluster/private-postgres.sh). In turn:
#  - both instances start at once with --demo on an empty database: both serve, one clinic;
#  - both start at once again on the database one migration behind (a rolling upgrade);
#  - through nginx, requests alternate between the instances: a sign-in made on one is used
#    on the other, as are a patient's check-in link and an API key made on one;
#  - the same check-in submission sent to both instances at once is recorded once;
#  - one instance is killed with kill -9 under load: reads keep being answered by the other,
#    every write a client saw acknowledged is in the database, once;
#  - PostgreSQL restarts under load: only 200 and 503 (with Retry-After), then both recover
#    without being restarted;
#  - sign-in failures count on both instances together (two instances do not give twice the
#    guesses, and an account refused on one is refused on the other);
#  - `limber audit verify` passes on the chain both instances wrote.
#   bash tests/cluster/two-instances.sh LIMBER_BINARY
# Exits 77 (skipped) without nginx or PostgreSQL's server programs, except in CI (CI=true).
set -euo pipefail
limber="$1"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
site="$root/examples/cluster/limber-cluster.conf"
dir="$(mktemp -d)"
declare -A limber_pids=()
nginx_pid=""
load_pid=""
source "$here/private-postgres.sh"
source "$here/processes.sh"
source "$root/tests/benchmarks/demo-session.sh"

cleanup() {
    stop_process "$load_pid" || true
    stop_process "$nginx_pid" || true
    local name
    for name in "${!limber_pids[@]}"; do
        stop_process "${limber_pids[$name]}" || true
    done
    pg_stop_quietly
    rm -rf "$dir"
}
trap cleanup EXIT
fail() {
    echo "FAILED: $*"
    local name
    for name in a b; do
        echo "--- limber $name output"; tail -n 20 "$dir/$name.out" 2>/dev/null || true
    done
    echo "--- nginx error log"; tail -n 20 "$dir/error.log" 2>/dev/null || true
    exit 1
}
skip() {
    echo "$*"
    [[ "${CI:-}" == "true" ]] && exit 1
    exit 77
}

nginx_bin="$(command -v nginx || true)"
[[ -z "$nginx_bin" && -x /usr/sbin/nginx ]] && nginx_bin=/usr/sbin/nginx
[[ -n "$nginx_bin" ]] || skip "nginx is not installed (bash .ci/install-deps --tests installs it)"
set +e
pg_setup
setup=$?
set -e
[[ $setup -eq 77 ]] && skip "PostgreSQL's server programs (initdb, pg_ctl) are not installed"
[[ $setup -eq 0 ]] || fail "initdb"
pg_start || fail "PostgreSQL did not start: $(tail -n 5 "$dir/postgres.log")"
sql() { "$pg_bin/psql" "$pg_connection" -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"; }

read -r port_a port_b https_port http_port < <(python3 -c '
import socket
sockets = [socket.socket() for _ in range(4)]
for s in sockets: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in sockets])')
declare -A ports=([a]=$port_a [b]=$port_b)

# One key for both, mounted as a file (secret.keyFile), as examples/cluster does.
head -c 32 /dev/urandom | base64 | tr -d '=+/\n' | head -c 43 >"$dir/secret.key"
for name in a b; do
    mkdir -p "$dir/data-$name"
    cat >"$dir/$name.properties" <<PROPERTIES
server.host = 127.0.0.1
server.trustedProxies = 127.0.0.1
server.threads = 4
store.driver = postgresql
store.postgresql = $pg_connection
secret.keyFile = $dir/secret.key
log.file = $dir/$name.log
PROPERTIES
done

start() {
    local name="$1"
    "$limber" serve --port "${ports[$name]}" --data-dir "$dir/data-$name" \
        --config "$dir/$name.properties" --demo >"$dir/$name.out" 2>&1 &
    limber_pids[$name]=$!
}
wait_serving() {
    local name="$1"
    for _ in $(seq 300); do
        grep -q "serving on" "$dir/$name.out" 2>/dev/null && return 0
        kill -0 "${limber_pids[$name]}" 2>/dev/null || fail "instance $name exited at start"
        sleep 0.1
    done
    fail "instance $name did not start"
}
stop() {
    local name="$1" status=0
    stop_process "${limber_pids[$name]}" || status=$?
    unset "limber_pids[$name]"
    # How Limber stops is checked elsewhere (the command line tests); here a stop that did not
    # exit 0 is shown with the instance's output (LeakSanitizer's report, in the sanitize build).
    if [[ $status -ne 0 ]]; then
        echo "note: instance $name exited with status $status when stopped"
        echo "--- limber $name output"; tail -n 40 "$dir/$name.out"
    fi
}

# 1. Both at once on an empty database, both with --demo.
start a
start b
wait_serving a
wait_serving b
clinics="$(sql "SELECT COUNT(*) FROM clinics")"
[[ "$clinics" == "1" ]] || fail "two instances started with --demo made $clinics clinics"

# 2. Both at once on the database one migration behind (as the previous release left it).
stop a
stop b
last="$(sql "SELECT MAX(number) FROM schema_migrations")"
# How to take back the newest migration (a new migration needs its line here).
case "$last" in
8) undo="DROP TABLE throttle_counts" ;;
10) undo="DROP TABLE outbox" ;;
12) undo="DROP TABLE password_resets" ;;
13) undo="DROP TABLE patient_episodes" ;;
16) undo="ALTER TABLE program_items DROP COLUMN side_order" ;;
17) undo="DROP INDEX programs_clinic; DROP INDEX users_clinic; DROP INDEX api_keys_clinic; ALTER TABLE program_versions DROP COLUMN days_per_week; ALTER TABLE program_versions DROP COLUMN sessions_per_day" ;;
18) undo="DROP TABLE clinic_generations; DROP FUNCTION count_clinic_change() CASCADE" ;;
19) # Migration 18's counting function again, as that migration wrote it.
    undo="$(sed -n '/CREATE FUNCTION count_clinic_change/,/^\$\$;/p' \
        "$root/src/store/migrations/018_clinic_generations.sql" |
        sed 's|^/\* postgresql \*/ CREATE FUNCTION|CREATE OR REPLACE FUNCTION|')"
    [[ "$undo" == CREATE* ]] || fail "migration 18's function was not found" ;;
11) undo="ALTER TABLE clinics DROP COLUMN paper; ALTER TABLE patients DROP COLUMN handout_large_print; ALTER TABLE patients DROP COLUMN handout_language" ;;
*) fail "the test does not know how to take back migration $last: add it above" ;;
esac
sql "$undo; DELETE FROM schema_migrations WHERE number = $last" ||
    fail "could not take the last migration back"
start a
start b
wait_serving a
wait_serving b
[[ "$(sql "SELECT COUNT(*) FROM schema_migrations WHERE number = $last")" == "1" ]] ||
    fail "migration $last was not applied again"
[[ "$(sql "SELECT COUNT(*) FROM clinics")" == "1" ]] || fail "a second start seeded again"
if grep -qi "notice\|error" "$dir/a.out" "$dir/b.out"; then
    fail "an instance printed a notice or an error at start"
fi

# nginx with the example site; each answer names the instance that gave it (for the test).
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
sed -e "s|server 127.0.0.1:8081 |server 127.0.0.1:$port_a |" \
    -e "s|server 127.0.0.1:8082 |server 127.0.0.1:$port_b |" \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" \
    -e "s|listen 80;|listen 127.0.0.1:$http_port;|" \
    -e "/listen \[::\]/d" \
    -e "s|ssl_certificate .*|ssl_certificate $dir/cert.pem;|" \
    -e "s|ssl_certificate_key .*|ssl_certificate_key $dir/key.pem;|" \
    -e "s|proxy_pass http://limber;|&\n        add_header X-Test-Upstream \$upstream_addr always;|" \
    "$site" >"$dir/site.conf"
for line in "127.0.0.1:$port_a " "127.0.0.1:$port_b " "127.0.0.1:$https_port ssl" X-Test-Upstream; do
    grep -q "$line" "$dir/site.conf" || fail "the example site changed: no '$line' in it"
done
mkdir -p "$dir/temp"
cat >"$dir/nginx.conf" <<NGINX
user $(id -un);
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 256; }
http {
    access_log $dir/access.log;
    client_body_temp_path $dir/temp/body;
    proxy_temp_path $dir/temp/proxy;
    fastcgi_temp_path $dir/temp/fastcgi;
    uwsgi_temp_path $dir/temp/uwsgi;
    scgi_temp_path $dir/temp/scgi;
    include $dir/site.conf;
}
NGINX
"$nginx_bin" -t -q -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" || fail "nginx -t"
"$nginx_bin" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" -g "daemon off;" &
nginx_pid=$!
base="https://127.0.0.1:$https_port"
for _ in $(seq 100); do
    curl -skf -o /dev/null "$base/healthz" && break
    sleep 0.1
done

# The instance (a or b) that answered, from the head in $dir/head.
instance_of_answer() {
    local upstream
    upstream="$(sed -n 's/^[Xx]-[Tt]est-[Uu]pstream: *\([^ \r]*\).*/\1/p' "$dir/head" | tail -n 1)"
    case "$upstream" in
    "127.0.0.1:$port_a") echo a ;;
    "127.0.0.1:$port_b") echo b ;;
    *) echo "?" ;;
    esac
}
# GET through nginx with extra curl arguments; prints "STATUS INSTANCE".
get() {
    local path="$1" status
    shift
    status="$(curl -sk -D "$dir/head" -o "$dir/body" -w '%{http_code}' "$@" "$base$path")"
    echo "$status $(instance_of_answer)"
}
# Four GETs in a row through nginx must all answer status (200 unless given) and come from
# both instances.
alternating() {
    local what="$1" path="$2" status=200 answers
    shift 2
    if [[ "${1:-}" =~ ^[0-9]{3}$ ]]; then
        status="$1"
        shift
    fi
    answers="$(for _ in 1 2 3 4; do get "$path" "$@"; done | sort | uniq -c | xargs)"
    [[ "$answers" == "2 $status a 2 $status b" ]] || fail "$what through nginx: $answers"
}

# 3. Signed in through one instance, used through both.
curl -sk -D "$dir/head" -c "$dir/jar" -o "$dir/login" -H 'Content-Type: application/json' \
    -d '{"email":"demo@limber.example","password":"limber-demo"}' "$base/api/v1/auth/login"
signed_in_on="$(instance_of_answer)"
csrf="$(sed -E 's/.*"csrfToken" *: *"([^"]+)".*/\1/' "$dir/login")"
[[ -n "$csrf" && "$signed_in_on" != "?" ]] || fail "sign-in through nginx: $(cat "$dir/login")"
cookie="Cookie: $(cookies_of "$dir/jar")"
alternating "the session cookie" /api/v1/patients -H "$cookie"
alternating "the portal's patient list" /patients -H "$cookie"

# A patient's check-in link, found and opened on instance a, opened and used on both.
signed_in_cookie="$cookie"
signed_in_csrf="$csrf"
demo_session "http://127.0.0.1:$port_a" "$dir" >"$dir/demo-session" 2>&1 ||
    fail "no demo patient with a link: $(cat "$dir/demo-session")"
cookie="$signed_in_cookie"
csrf="$signed_in_csrf"
alternating "opening the check-in link" "$link" 303
alternating "the patient's check-in page" /p -H "$patient_cookie"

# An API key made through one instance works on both.
curl -sk -H "$cookie" -o "$dir/keys" --data-urlencode "csrf=$csrf" \
    --data-urlencode "name=Cluster test" "$base/admin/api-keys"
api_key="$(grep -oE 'lk_[A-Za-z0-9_-]+' "$dir/keys" | head -n 1)"
[[ -n "$api_key" ]] || fail "no API key made: $(head -c 300 "$dir/keys")"
alternating "the API key" "/api/v1/patients/$patient" -H "Authorization: Bearer $api_key"

# 4. The same submission to both instances at once, directly (not through nginx): recorded
# once, one answer 201 (recorded) and one 200 (the repeat, with the stored session).
today="$(date -u +%F)"
session_body="{\"date\":\"$today\",\"slot\":1,\"painBefore\":3,\"entries\":[]}"
post_session() {
    local target="$1" key="$2" out="$3"
    curl -sk -o "$out.body" -w '%{http_code}\n' -H "$cookie" -H "X-CSRF-Token: $csrf" \
        -H 'Content-Type: application/json' -H "Idempotency-Key: $key" -d "$session_body" \
        "$target/api/v1/patients/$patient/sessions" >"$out"
}
logged_before="$(sql "SELECT COUNT(*) FROM audit_events WHERE action = 'session.log'")"
for round in 1 2 3 4 5; do
    post_session "http://127.0.0.1:$port_a" "both-$round" "$dir/both-a" &
    on_a=$!
    post_session "http://127.0.0.1:$port_b" "both-$round" "$dir/both-b" &
    wait "$on_a" $!
    answers="$(cat "$dir/both-a" "$dir/both-b" | sort | xargs)"
    [[ "$answers" == "200 201" ]] ||
        fail "one submission through both at once answered $answers: $(cat "$dir"/both-?.body)"
done
stored="$(sql "SELECT COUNT(*) FROM session_submissions WHERE submission_id LIKE 'both-%'")"
logged="$(sql "SELECT COUNT(*) FROM audit_events WHERE action = 'session.log'")"
[[ "$stored" == "5" && $((logged - logged_before)) -eq 5 ]] ||
    fail "5 submissions, each sent to both at once: $stored stored, $((logged - logged_before)) audited"

# 5. kill -9 of instance b under load. One client reads, one writes sessions with a key of
# its own each, sending a write again with the same key until it is acknowledged (a write
# nginx had sent to b when b died answers 502: it is not acknowledged).
: >"$dir/reads" && : >"$dir/writes"
(
    n=0
    while :; do
        n=$((n + 1))
        curl -sk -o /dev/null -w '%{http_code}\n' -H "$cookie" "$base/api/v1/patients" >>"$dir/reads"
        key="load-$n"
        for _ in $(seq 20); do
            status="$(curl -sk -o /dev/null -w '%{http_code}' -H "$cookie" -H "X-CSRF-Token: $csrf" \
                -H 'Content-Type: application/json' -H "Idempotency-Key: $key" \
                -d "$session_body" "$base/api/v1/patients/$patient/sessions")"
            echo "$key $status" >>"$dir/writes"
            [[ "$status" == 201 || "$status" == 200 ]] && break
            sleep 0.1
        done
    done
) &
load_pid=$!
# Acknowledged writes (201, or 200 for a repeat) so far.
acknowledged_count() { awk '$2 == 201 || $2 == 200' "$dir/writes" | wc -l; }
wait_for_writes() {
    local at_least="$1"
    for _ in $(seq 300); do
        [[ $(acknowledged_count) -ge $at_least ]] && return 0
        sleep 0.1
    done
    fail "writes under load stalled: $(xargs <"$dir/writes")"
}
wait_for_writes 3
kill -9 "${limber_pids[b]}"
wait "${limber_pids[b]}" 2>/dev/null || true
unset "limber_pids[b]"
killed_after="$(acknowledged_count)"
wait_for_writes $((killed_after + 3))
stop_process "$load_pid" || true
load_pid=""
reads="$(sort "$dir/reads" | uniq -c | xargs)"
grep -qvx 200 "$dir/reads" && fail "a read failed when an instance was killed: $reads"
acknowledged="$(awk '$2 == 201 || $2 == 200 {print $1}' "$dir/writes" | sort -u)"
count="$(wc -l <<<"$acknowledged")"
in_database="$(sql "SELECT submission_id FROM session_submissions WHERE submission_id LIKE 'load-%'
                    ORDER BY submission_id" | sort -u)"
missing="$(comm -23 <(echo "$acknowledged") <(echo "$in_database") | xargs)"
[[ -z "$missing" ]] || fail "acknowledged writes lost when an instance was killed: $missing"
audited="$(sql "SELECT COUNT(*) FROM audit_events WHERE action = 'session.log'")"
submissions="$(sql "SELECT COUNT(*) FROM session_submissions WHERE submission_id LIKE 'load-%'")"
[[ $((audited - logged)) -eq $submissions ]] ||
    fail "$submissions submissions under load, $((audited - logged)) audited"
kill_summary="$reads reads, $count writes acknowledged"

# b comes back (same port); nginx sends to it again once its fail_timeout (10 s) has passed.
start b
wait_serving b
back=""
for _ in $(seq 150); do
    if [[ "$(get /healthz)" == "200 b" ]]; then
        back=yes
        break
    fi
    sleep 0.1
done
[[ -n "$back" ]] || fail "nginx did not send to instance b again after it was restarted"

# 6. PostgreSQL restarts under load through nginx: 200 or 503 only, then both recover.
: >"$dir/reads"
(
    while :; do
        curl -sk -D "$dir/load-head" -o /dev/null -w '%{http_code}\n' -H "$cookie" \
            "$base/api/v1/patients" >>"$dir/reads"
        if grep -q "^HTTP/[0-9.]* 503" "$dir/load-head" &&
            ! grep -qi "^retry-after: [1-9]" "$dir/load-head"; then
            echo "503 without Retry-After" >>"$dir/reads"
        fi
        sleep 0.02
    done
) &
load_pid=$!
sleep 0.5
pg_stop || fail "pg_ctl stop"
code="$(curl -sk -o /dev/null -w '%{http_code}' "$base/readyz")"
[[ "$code" == "503" ]] || fail "/readyz through nginx answered $code while the database was down"
sleep 1
pg_start || fail "PostgreSQL did not restart"
for name in a b; do
    ready=""
    for _ in $(seq 100); do
        if [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${ports[$name]}/readyz")" == 200 ]]; then
            ready=yes
            break
        fi
        sleep 0.1
    done
    [[ -n "$ready" ]] || fail "instance $name's /readyz did not come back after the database did"
done
# The client's next answers come from after the recovery (on a loaded machine a request sent
# before it may still be under way): wait for its first 200 there, 10 s at most.
lines="$(wc -l <"$dir/reads")"
for _ in $(seq 100); do
    tail -n +"$((lines + 1))" "$dir/reads" | grep -qx 200 && break
    sleep 0.1
done
stop_process "$load_pid" || true
load_pid=""
restart="$(sort "$dir/reads" | uniq -c | xargs)"
grep -qvx '200\|503' "$dir/reads" && fail "during the database restart: $restart"
grep -qx 503 "$dir/reads" || fail "the reading client never saw the outage: $restart"
[[ "$(tail -n 1 "$dir/reads")" == 200 ]] || fail "the reading client did not recover: $restart"
for name in a b; do
    target="http://127.0.0.1:${ports[$name]}"
    for round in 1 2 3 4; do
        code="$(curl -s -o /dev/null -w '%{http_code}' -H "$cookie" "$target/api/v1/patients")"
        [[ "$code" == 200 ]] || fail "instance $name after the restart answered $code"
    done
    post_session "$target" "after-restart-$name" "$dir/after"
    [[ "$(cat "$dir/after")" == 201 ]] || fail "a write on $name after the restart: $(cat "$dir/after.body")"
done

# 7. Sign-in failures count on both instances together. With counts in each process, the
# first refusal (429) would come after 12 failures (6 free on each instance); shared, after 6
# to 8 (6 free, then waits of 1, 2, 4 s, counted in whole seconds). The failures go on until
# the wait is at least 7 s (waits are counted in whole seconds), so that the right password is
# then tried well within it.
failures=0
first_refusal=""
retry_after=0
declare -A refused_by=()
for _ in $(seq 80); do
    result="$(get /api/v1/auth/login -H 'Content-Type: application/json' \
        -d '{"email":"demo@limber.example","password":"not the password"}')"
    case "$result" in
    "401 "?) failures=$((failures + 1)) ;;
    "429 a" | "429 b")
        refused_at="$(date +%s.%N)"
        refused_by[${result#429 }]=yes
        [[ -n "$first_refusal" ]] || first_refusal=$failures
        retry_after="$(sed -n 's/^[Rr]etry-[Aa]fter: *\([0-9]*\).*/\1/p' "$dir/head")"
        [[ ${#refused_by[@]} -eq 2 && ${retry_after:-0} -ge 7 ]] && break
        sleep 0.3
        ;;
    *) fail "a wrong password through nginx answered $result" ;;
    esac
done
[[ -n "$first_refusal" ]] || fail "$failures wrong passwords through nginx were never refused"
[[ $first_refusal -le 8 ]] ||
    fail "two instances let $first_refusal wrong passwords through before refusing (one lets 6 to 8)"
[[ ${#refused_by[@]} -eq 2 && $retry_after -ge 7 ]] ||
    fail "the account was not refused by both instances with a wait of 7 s or more"
# While the account waits, the right password is refused on either instance.
for name in a b; do
    code="$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
        -d '{"email":"demo@limber.example","password":"limber-demo"}' \
        "http://127.0.0.1:${ports[$name]}/api/v1/auth/login")"
    elapsed="$(python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 1))" \
        "$refused_at" "$(date +%s.%N)")"
    [[ "$code" == 429 ]] || fail "the waiting account signed in on instance $name ($code)," \
        "${elapsed} s after a refusal that said to wait $retry_after s"
done

# 8. Both stop; the audit chain both wrote verifies.
stop a
stop b
"$limber" audit verify --data-dir "$dir/data-a" --config "$dir/a.properties" >"$dir/verify" 2>&1 ||
    fail "limber audit verify: $(cat "$dir/verify")"
echo "two instances behind nginx on one PostgreSQL: started together twice, shared sessions," \
    "links and API keys, one record per submission, kill -9 ($kill_summary), database" \
    "restart ($restart), $first_refusal guesses before the shared throttle; $(tail -n 1 "$dir/verify")"
