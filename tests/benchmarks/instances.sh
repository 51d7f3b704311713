#!/usr/bin/env bash
# Two instances on one PostgreSQL database against one (README "Benchmarks"). Starts instance A
# (the demo clinic) and instances B and C on the same database, then alternates ROUNDS times:
# the session POST spread over up to 12 patients as two wrk processes of half the connections
# each, both against A ("one"), then one against B and one against C ("two"). Each row prints
# the req/s of both wrk processes summed, the first one's p99, the CPU time per request of the
# Limber instances under load, of the local PostgreSQL server's processes ("-" when it runs
# elsewhere) and of wrk, the task switches per request of the Limber instances' threads (a
# thread that sleeps, waiting for the database or for another thread, and one that is put off
# the CPU), and the share of the machine's CPU time that stayed idle. The last line gives the
# median over the rounds of two's req/s against the same round's one.
#
# With CPU_CAP=P (percent of one core; needs root and the cgroup cpu controller, v1 or v2),
# each instance runs in a cgroup of its own capped at P% of a core, standing in for a host of
# its own: what a second instance adds when it brings its own CPU to one database server.
# Without it, every process shares this machine's cores, as on a single host.
#
# Usage: LIMBER_BENCH_POSTGRES='host=... dbname=EMPTY_DB ...' \
#            tests/benchmarks/instances.sh [BUILD_DIR] [SECONDS] [CONNECTIONS] [ROUNDS]
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build/release}
seconds=${2:-5}
connections=${3:-32}
rounds=${4:-3}
limber=$build/limber
cap=${CPU_CAP:-}
[[ -n "${LIMBER_BENCH_POSTGRES:-}" ]] ||
    { echo "instances.sh needs LIMBER_BENCH_POSTGRES (a libpq connection string, an empty database)" >&2; exit 2; }
for tool in wrk curl; do
    command -v "$tool" >/dev/null || { echo "instances.sh needs $tool" >&2; exit 2; }
done
[[ -z "$cap" || "$cap" =~ ^[1-9][0-9]*$ ]] || { echo "CPU_CAP must be a whole percent" >&2; exit 2; }

work=$(mktemp -d)
pids=()
groups=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    for group in "${groups[@]}"; do rmdir "$group" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# Moves process PID (all its threads) into a new cgroup capped at $cap% of one core.
cap_cpu() {
    local pid=$1 group quota=$((cap * 1000))
    if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then
        grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control ||
            echo +cpu >/sys/fs/cgroup/cgroup.subtree_control
        group=/sys/fs/cgroup/limber-bench-$$-$pid
        mkdir "$group"
        groups+=("$group")
        echo "$quota 100000" >"$group/cpu.max"
    else
        group=/sys/fs/cgroup/cpu/limber-bench-$$-$pid
        mkdir "$group"
        groups+=("$group")
        echo 100000 >"$group/cpu.cfs_period_us"
        echo "$quota" >"$group/cpu.cfs_quota_us"
    fi
    echo "$pid" >"$group/cgroup.procs"
}

# Starts an instance on the database with data folder NAME (extra arguments go to serve);
# sets started_pid and started_url.
start_instance() {
    local name=$1 port
    shift
    mkdir -p "$work/$name"
    printf 'store.driver = postgresql\nstore.postgresql = %s\n' "$LIMBER_BENCH_POSTGRES" \
        >"$work/$name/limber.properties"
    cp "$work/secret.key" "$work/$name/" # every instance signs links with the same key
    "$limber" serve "$@" --port 0 --data-dir "$work/$name" >"$work/$name.out" 2>&1 &
    started_pid=$!
    pids+=("$started_pid")
    for _ in $(seq 1 600); do
        port=$(grep -oE '127\.0\.0\.1:[0-9]+' "$work/$name.out" 2>/dev/null | head -1 | cut -d: -f2) || true
        [[ -z "$port" ]] || break
        sleep 0.05
    done
    [[ -n "$port" ]] || { echo "instance $name did not start:" >&2; cat "$work/$name.out" >&2; exit 1; }
    started_url=http://127.0.0.1:$port
}

head -c 32 /dev/urandom | base64 | tr -d '=+/' | head -c 43 >"$work/secret.key"
start_instance a --demo
a_pid=$started_pid a_url=$started_url
source "$(dirname "$0")/demo-session.sh"
demo_session "$a_url" "$work" || exit 1
source "$(dirname "$0")/session-load.sh"
session_scripts "$a_url" "$work" || exit 1
start_instance b
b_pid=$started_pid b_url=$started_url
start_instance c
c_pid=$started_pid c_url=$started_url
if [[ -n "$cap" ]]; then
    for pid in "$a_pid" "$b_pid" "$c_pid"; do cap_cpu "$pid"; done
fi

# CPU time used so far, in clock ticks (user + system): of processes PIDS, and of the local
# PostgreSQL server's processes (empty when there are none).
ticks_of() {
    local sum=0 pid
    for pid in "$@"; do
        sum=$((sum + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo "$sum"
}
postgres_ticks() {
    local pids
    pids=$(pgrep -x postgres) || return 0
    # shellcheck disable=SC2086
    ticks_of $pids
}
# Task switches so far, voluntary and not, of every thread of processes PIDS.
switches_of() {
    local pid
    for pid in "$@"; do cat "/proc/$pid/task/"*/status 2>/dev/null; done |
        awk '/ctxt_switches/ {sum += $2} END {print sum + 0}'
}
# The machine's idle and total CPU time so far, in ticks.
machine_ticks() {
    awk '/^cpu / {print $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat
}

half=$((connections / 2 > 0 ? connections / 2 : 1))
hz=$(getconf CLK_TCK)
# Runs one wrk process of half the connections against URL, named NAME in its keys; its output
# goes to WORK/NAME.wrk, and its CPU ticks (a child of the shell that waited for it) to
# WORK/NAME.ticks.
wrk_half() {
    local url=$1 name=$2
    bash -c 'wrk -t1 -c"$1" -d"$2s" --latency -s "$3" "$4" -- "$5" >"$6.wrk"
             awk "{print \$16 + \$17}" /proc/$$/stat >"$6.ticks"' \
        _ "$half" "$seconds" "$work/spread.lua" "$url" "$name" "$work/$name"
}
# measure LABEL URL1 URL2 PID...: runs the split load against URL1 and URL2 and prints one row,
# LABEL and the figures above; the instances PID... are those whose CPU time counts (the audit
# sealer runs in whichever instance holds its lock, so its work may fall outside them).
measure() {
    local label=$1 url1=$2 url2=$3
    shift 3
    local limber0 postgres0 idle0 total0 switches0 limber1 postgres1 idle1 total1 switches1
    limber0=$(ticks_of "$@")
    switches0=$(switches_of "$@")
    postgres0=$(postgres_ticks)
    read -r idle0 total0 < <(machine_ticks)
    wrk_half "$url1" "first" &
    local first=$!
    wrk_half "$url2" "second"
    wait "$first"
    limber1=$(ticks_of "$@")
    switches1=$(switches_of "$@")
    postgres1=$(postgres_ticks)
    read -r idle1 total1 < <(machine_ticks)
    if grep -q 'Non-2xx' "$work/first.wrk" "$work/second.wrk"; then
        echo "$label: errors" >&2
        grep 'Non-2xx' "$work/first.wrk" "$work/second.wrk" >&2
        exit 1
    fi
    awk -v label="$label" -v hz="$hz" -v limber=$((limber1 - limber0)) \
        -v postgres="${postgres1:+$((postgres1 - postgres0))}" \
        -v wrk="$(cat "$work/first.ticks" "$work/second.ticks" | awk '{s += $1} END {print s}')" \
        -v switches=$((switches1 - switches0)) -v idle=$((idle1 - idle0)) \
        -v total=$((total1 - total0)) '
        /^Requests\/sec:/ { rps += $2 }
        / requests in / { requests += $1 }
        $1 == "99%" && !p99 { p99 = $2 }
        END {
            us = 1000000 / hz / requests
            printf "%-5s %8.0f %9s %11.0f %11s %8.0f %9.1f %7.1f%%\n", label, rps, p99,
                limber * us, postgres == "" ? "-" : sprintf("%.0f", postgres * us), wrk * us,
                switches / requests, 100 * idle / total
        }' "$work/first.wrk" "$work/second.wrk"
}

echo "wrk 2 x -t1 -c$half -d${seconds}s on $(nproc) cores, spread over ${#spread[@]} patients;" \
    "CPU per instance: ${cap:+$cap% of a core}${cap:-not capped}"
printf '%-5s %8s %9s %11s %11s %8s %9s %8s\n' "" "req/s" "p99" "Limber us" "Postgres us" \
    "wrk us" "switches" "idle"
ratios=()
for _ in $(seq 1 "$rounds"); do
    one=$(measure one "$a_url/" "$a_url/" "$a_pid")
    echo "$one"
    two=$(measure two "$b_url/" "$c_url/" "$b_pid" "$c_pid")
    echo "$two"
    ratios+=("$(awk -v a="$(awk '{print $2}' <<<"$two")" -v b="$(awk '{print $2}' <<<"$one")" \
        'BEGIN {printf "%.0f", 100 * a / b}')")
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')
echo "two instances made ${median}% of one instance's writes (median of $rounds rounds:" \
    "$(printf '%s%%, ' "${ratios[@]}" | sed 's/, $//'))"
