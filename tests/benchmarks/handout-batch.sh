#!/usr/bin/env bash
# Times `limber handout FOLDER -o OUTDIR` on N program files (default 1000): the "print a whole
# day at once" target of README "Benchmarks" (1,000 handouts in at most 2 s wall). The programs
# are the example program with a different patient each (Latin, Greek and Cyrillic names).
# Usage: tests/benchmarks/handout-batch.sh [LIMBER_BINARY] [N] [RUNS]
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
limber=${1:-$here/build/release/limber}
count=${2:-1000}
runs=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/programs"
names=("Ana Pérez" "Γιώργος Παπαδόπουλος" "Анастасия Кузнецова" "Zoë Brontë-Łukasiewicz"
       "Şükrü Öztürk" "José Núñez-Åberg")
example="$here/examples/programs/runner-back-care.json"
for ((i = 1; i <= count; i++)); do
    name="${names[$((i % ${#names[@]}))]} $i"
    sed "s/José Núñez-Åberg/$name/" "$example" > "$work/programs/patient-$i.json"
done

times=()
for ((run = 1; run <= runs; run++)); do
    rm -rf "$work/out"
    start=$(date +%s.%N)
    "$limber" handout "$work/programs" -o "$work/out" 2>/dev/null
    end=$(date +%s.%N)
    written=$(find "$work/out" -name '*.pdf' | wc -l)
    [[ "$written" -eq "$count" ]] || { echo "run $run wrote $written of $count" >&2; exit 1; }
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", b - a}')")
    echo "run $run: ${times[-1]} s for $count handouts"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
bytes=$(du -cb "$work"/out/*.pdf | tail -1 | cut -f1)
echo "median: $median s wall for $count handouts on $(nproc) cores; $((bytes / count)) bytes each"
