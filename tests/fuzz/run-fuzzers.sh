#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "fuzz": clang, ASan, UBSan) and runs each for SECONDS
# (default 60) on a corpus seeded from the examples, the built-in pack and tests/fuzz/seeds.
# Prints executions and crashes per target; exits 1 when any target found a crash, a leak or a
# time-out (the reproducer is in build/fuzz/findings/TARGET/). FUZZ_AT_ONCE=N runs N targets
# at the same time (each still for SECONDS, each in one process unless JOBS says more): CI runs
# two at once on its two cores.
#
#   tests/fuzz/run-fuzzers.sh              # 60 s per target, one after the other
#   FUZZ_AT_ONCE=2 tests/fuzz/run-fuzzers.sh 60   # CI: 60 s per target, two at a time
#   tests/fuzz/run-fuzzers.sh 3600 4       # a long campaign: an hour per target, 4 processes
#   tests/fuzz/run-fuzzers.sh 30 1 fuzz_json_reader fuzz_text_rule
#   FUZZ_RUNS=10000000 tests/fuzz/run-fuzzers.sh 36000 1 fuzz_pack_loader  # stop at 10 million
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
seconds="${1:-60}"
jobs="${2:-1}"
shift $(( $# > 2 ? 2 : $# )) || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    targets=(fuzz_text_rule fuzz_json_reader fuzz_program_document fuzz_pack_loader
             fuzz_form_decoding fuzz_request_framing)
fi

build="$root/build/fuzz"
source tests/compiler-cache.sh
if [[ ! -f "$build/build.ninja" && ! -f "$build/Makefile" ]]; then
    cmake --preset fuzz -G Ninja "${cache_flags[@]}" >/dev/null
fi
cmake --build --preset fuzz --target "${targets[@]}"

# Seeds: examples and the built-in pack for the JSON readers, hand-written cases otherwise.
seed() {
    local target="$1"
    shift
    local corpus="$build/corpus/$target"
    mkdir -p "$corpus"
    for file in "$@"; do
        [[ -f "$file" ]] && cp -n "$file" "$corpus/" 2>/dev/null || true
    done
}
json_examples=("$root"/examples/programs/*.json "$root"/examples/packs/*.json)
seed fuzz_json_reader "${json_examples[@]}" "$root"/tests/fuzz/seeds/json_reader/*
seed fuzz_program_document "$root"/examples/programs/*.json
# The built-in pack (110 KB) is too large to mutate quickly; a two-exercise cut of it stands in.
seed fuzz_pack_loader "$root"/examples/packs/*.json "$root"/tests/fuzz/seeds/pack_loader/*
seed fuzz_text_rule "$root"/tests/fuzz/seeds/text_rule/*
seed fuzz_form_decoding "$root"/tests/fuzz/seeds/form_decoding/*
seed fuzz_request_framing "$root"/tests/fuzz/seeds/request_framing/*

at_once="${FUZZ_AT_ONCE:-1}"
if ! [[ "$at_once" =~ ^[1-9][0-9]*$ ]]; then
    echo "FUZZ_AT_ONCE must be a whole number of targets, 1 or more (it is '$at_once')" >&2
    exit 2
fi

# Runs one target for SECONDS; its exit status goes to findings/TARGET.status.
fuzz() {
    local target="$1"
    local findings="$build/findings/$target"
    mkdir -p "$findings"
    local log="$build/findings/$target.log"
    local status=0
    # Documents are kept under 16 KB (a pack or program that size covers every construct); the
    # request framing and the text rule see inputs as large as a request's headers.
    local max_len=65536
    case "$target" in
    fuzz_pack_loader | fuzz_program_document | fuzz_json_reader) max_len=16384 ;;
    esac
    local options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
                   -max_len="$max_len" -artifact_prefix="$findings/" -print_final_stats=1)
    if [[ -n "${FUZZ_RUNS:-}" ]]; then
        options+=(-runs="$FUZZ_RUNS")
    fi
    if [[ "$jobs" -gt 1 ]]; then
        options+=(-fork="$jobs" -ignore_crashes=1)
    fi
    "$build/tests/fuzz/$target" "${options[@]}" "$build/corpus/$target" >"$log" 2>&1 || status=$?
    echo "$status" >"$build/findings/$target.status"
}

# Stopped early (Ctrl-C, CI's time limit): the targets still running stop too.
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
running=0
for target in "${targets[@]}"; do
    rm -f "$build/findings/$target.status"
    if [[ $running -ge $at_once ]]; then
        wait -n || true
        running=$((running - 1))
    fi
    fuzz "$target" &
    running=$((running + 1))
done
wait

failed=0
printf '%-24s %12s %10s %8s\n' target executions "exec/s" crashes
for target in "${targets[@]}"; do
    findings="$build/findings/$target"
    log="$build/findings/$target.log"
    status=$(cat "$build/findings/$target.status" 2>/dev/null || echo "none")
    # A target that never started has no statistics: it is reported, not a reason to stop here.
    executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' |
                 awk '{s+=$1} END {print s+0}') || true
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' |
           tail -1) || true
    crashes=$(find "$findings" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' \
              -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
    printf '%-24s %12s %10s %8s\n' "$target" "$executions" "${rate:-?}" "$crashes"
    if [[ "$status" != 0 || $crashes -ne 0 ]]; then
        failed=1
        echo "  $target failed (exit $status); see $log" >&2
    fi
done
exit $failed
