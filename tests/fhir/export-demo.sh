#!/usr/bin/env bash
# `limber export fhir` end to end: a demo clinic, each patient's transaction and collection
# Bundles written into the samples folder (for validate.mjs), the same Bundle twice byte for
# byte, and the command line's refusals. Usage: export-demo.sh LIMBER SAMPLES_DIR
set -euo pipefail
limber="$1"
samples="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$samples"

"$limber" demo --data-dir "$work/data" --patients 4 --days 30 >/dev/null
for id in 1 2 3 4; do
    "$limber" export fhir --patient "$id" --data-dir "$work/data" -o "$samples/cli-$id-transaction.json"
    "$limber" export fhir --patient "$id" --bundle collection --data-dir "$work/data" \
        >"$samples/cli-$id-collection.json"
done
"$limber" export fhir --patient 1 --data-dir "$work/data" -o "$work/again.json"
cmp "$samples/cli-1-transaction.json" "$work/again.json" ||
    { echo "FAIL: the same patient gave two different transaction Bundles"; exit 1; }
grep -q '"type":"transaction"' "$samples/cli-1-transaction.json" ||
    { echo "FAIL: the default Bundle is not a transaction"; exit 1; }

expect_status() { # expected status, then the command
    local expected="$1"; shift
    local status=0
    "$@" >/dev/null 2>&1 || status=$?
    if [[ "$status" != "$expected" ]]; then
        echo "FAIL: exit $status, not $expected: $*"; exit 1
    fi
}
expect_status 1 "$limber" export fhir --patient 999 --data-dir "$work/data"
expect_status 2 "$limber" export fhir --data-dir "$work/data"
expect_status 2 "$limber" export fhir --patient 1 --bundle searchset --data-dir "$work/data"
expect_status 2 "$limber" export csv --patient 1 --data-dir "$work/data"
echo "exported 4 demo patients twice each; refusals as expected"
