#!/usr/bin/env bash
# The JSON API end to end with curl, against a running `limber serve --demo`:
# sign in, add a patient, prescribe the example program, print it, log a session, read
# adherence. Usage: bash examples/api-walkthrough.sh [http://127.0.0.1:8080]
set -euo pipefail
base="${1:-http://127.0.0.1:8080}"
cd "$(dirname "$0")"
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

echo "== sign in (the session cookie goes to the jar, the CSRF token to X-CSRF-Token)"
csrf=$(curl -sf -c "$jar" -H 'Content-Type: application/json' \
    -d '{"email": "demo@limber.example", "password": "limber-demo"}' \
    "$base/api/v1/auth/login" | field '["csrfToken"]')
api() { curl -sf -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' "$@"; }

echo "== add a patient"
record="API-$RANDOM"
patient=$(api -d "{\"name\": \"Åsa Öberg\", \"recordNumber\": \"$record\", \"language\": \"en\"}" \
    "$base/api/v1/patients")
echo "$patient"
patient_id=$(echo "$patient" | field '["id"]')

echo "== find exercises: a Spanish word without its accent, and a facet"
api "$base/api/v1/exercises?q=rodilla&lang=es" | python3 -c \
    'import json,sys; [print(" ", e["id"], "-", e["name"]) for e in json.load(sys.stdin)["exercises"]]'
api "$base/api/v1/exercises?position=kneeling&type=stretch" | python3 -c \
    'import json,sys; print(" ", [e["id"] for e in json.load(sys.stdin)["exercises"]])'

echo "== a template as a program body, ready to post"
api "$base/api/v1/templates/desk-worker?startDate=$(date +%F)" | python3 -c \
    'import json,sys; p=json.load(sys.stdin)["program"]; print(" ", p["title"], p["startDate"], p["endDate"], [i["exercise"] for i in p["items"]])'

echo "== prescribe the example program (clinic, therapist and patient blocks are ignored)"
program=$(api --data-binary @programs/runner-back-care.json \
    "$base/api/v1/patients/$patient_id/programs")
program_id=$(echo "$program" | field '["id"]')
echo "program $program_id, version $(echo "$program" | field '["version"]')"

echo "== print the handout"
pdf="${TMPDIR:-/tmp}/handout-$record.pdf"
api -o "$pdf" "$base/api/v1/programs/$program_id/handout.pdf?paper=a4"
echo "wrote $pdf"

echo "== log a session from the paper sheet"
today=$(date +%F)
api -d "{\"date\": \"$today\", \"source\": \"paper\", \"painBefore\": 3, \"painAfter\": 2,
         \"entries\": [{\"exercise\": \"back-flexion-stretch\", \"done\": true},
                       {\"exercise\": \"tree-pose\", \"side\": \"left\", \"done\": true}]}" \
    "$base/api/v1/patients/$patient_id/sessions"
echo

echo "== adherence"
api "$base/api/v1/patients/$patient_id/adherence"
echo

echo "== an impossible dose is refused with the field and the range"
curl -s -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d '{"title": "x", "startDate": "2026-01-05", "endDate": "2026-02-01",
         "items": [{"exercise": "tree-pose", "dose": {"holdBreaths": 500}}]}' \
    "$base/api/v1/patients/$patient_id/programs"
echo
