#!/usr/bin/env bash
# Two builds of Limber under the same load, alternately (README "Benchmarks"): runs load.sh on
# BEFORE, then AFTER, RUNS times, and prints for each row the median req/s and the median server
# CPU time per request of both, with AFTER's change. Alternating puts both builds through the
# same changes of a shared machine's load; the CPU time per request varies less than req/s.
# Each build directory holds `limber` and tests/benchmarks/bare_poco_server.
# Usage: tests/benchmarks/compare.sh BEFORE_BUILD AFTER_BUILD [RUNS] [SECONDS] [CONNECTIONS]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
before=${1:?usage: compare.sh BEFORE_BUILD AFTER_BUILD [RUNS] [SECONDS] [CONNECTIONS]}
after=${2:?usage: compare.sh BEFORE_BUILD AFTER_BUILD [RUNS] [SECONDS] [CONNECTIONS]}
runs=${3:-3}
seconds=${4:-5}
connections=${5:-32}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for run in $(seq 1 "$runs"); do
    for side in before after; do
        build=$before
        [[ $side == before ]] || build=$after
        "$here/load.sh" "$build" "$seconds" "$connections" 2 >"$work/$side.$run" 2>&1 || {
            echo "load.sh $build failed:" >&2
            cat "$work/$side.$run" >&2
            exit 1
        }
    done
done

# The rows of load.sh's table: name (up to the first number), req/s, ..., CPU us last.
summary() {
    local side=$1
    cat "$work/$side".* | awk -v side="$side" '
        /^[A-Za-z.].* [0-9]+ +[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9.]+% +[0-9]+$/ {
            name = substr($0, 1, 40); sub(/ +$/, "", name)
            print side "\t" name "\t" $(NF - 5) "\t" $NF
        }
        /peak RSS/ { print side "\tpeak RSS MB under the load\t" $4 "\t0" }'
}

echo "$runs alternating runs of load.sh ($seconds s, $connections connections) on $(nproc) cores; medians"
{ summary before; summary after; } | awk -F'\t' '
    function median(list,   n, values, i, j, t) {
        n = split(list, values, " ")
        for (i = 1; i <= n; i++)
            for (j = i + 1; j <= n; j++)
                if (values[j] + 0 < values[i] + 0) { t = values[i]; values[i] = values[j]; values[j] = t }
        return n % 2 ? values[(n + 1) / 2] : (values[n / 2] + values[n / 2 + 1]) / 2
    }
    !($2 in seen) { seen[$2] = 1; order[++rows] = $2 }
    { rps[$1, $2] = rps[$1, $2] " " $3; cpu[$1, $2] = cpu[$1, $2] " " $4 }
    END {
        printf "%-40s %12s %12s %8s %12s %12s %8s\n", "", "req/s before", "req/s after", "change",
            "CPU us before", "CPU us after", "change"
        for (r = 1; r <= rows; r++) {
            name = order[r]
            rb = median(rps["before", name]); ra = median(rps["after", name])
            cb = median(cpu["before", name]); ca = median(cpu["after", name])
            dr = (rb > 0) ? 100 * (ra - rb) / rb : 0
            dc = (cb > 0) ? 100 * (ca - cb) / cb : 0
            printf "%-40s %12.0f %12.0f %+7.0f%% %12.0f %12.0f %+7.0f%%\n", name, rb, ra, dr,
                cb, ca, dc
        }
    }'
