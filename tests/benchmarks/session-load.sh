# Sourced by the benchmark scripts, after demo-session.sh's demo_session:
#   session_scripts BASE_URL WORK_DIR
# writes the wrk scripts of the durable session POST: WORK_DIR/session.lua (to the demo
# patient, a fresh Idempotency-Key per request; `-- NAME` after the URL names the wrk process in
# its keys) and WORK_DIR/spread.lua (the same, spread over up to 12 patients in turn). Checks one
# POST by hand first; sets spread (the patients' ids) and today. Returns 1 on a wrong answer.
session_scripts() {
    local base=$1 work=$2 status id
    today=$(date -u +%F)
    cat >"$work/session.lua" <<EOF
-- A durable session write per request: a fresh Idempotency-Key each time.
local counter = 0
local thread_id = 0
local next_id = 0
setup = function(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
end
-- A word given after "--" names the wrk process: two processes started in the same second
-- would otherwise send the same keys, and half their writes would be repeats.
local process = ""
init = function(args)
    thread_id = id
    process = args[1] or ""
    math.randomseed(os.time() + id)
end
request = function()
    counter = counter + 1
    local headers = {}
    headers["Content-Type"] = "application/json"
    headers["X-CSRF-Token"] = "$csrf"
    headers["Cookie"] = "${cookie#Cookie: }"
    headers["Idempotency-Key"] = string.format("load-%s-%d-%d-%d", process, thread_id, counter,
                                               math.random(1, 1000000000))
    local body = '{"date":"$today","slot":1,"painBefore":3,"entries":[]}'
    return wrk.format("POST", "/api/v1/patients/$patient/sessions", headers, body)
end
EOF

    # Checks the write once by hand, so a wrong request fails here and not as a pile of 4xx.
    status=$(curl -s -o "$work/probe" -w '%{http_code}' -H "$cookie" -H "X-CSRF-Token: $csrf" \
        -H 'Content-Type: application/json' -H "Idempotency-Key: probe-$$" \
        -d "{\"date\":\"$today\",\"slot\":1,\"painBefore\":3,\"entries\":[]}" \
        "$base/api/v1/patients/$patient/sessions")
    [[ "$status" == 201 ]] || { echo "session POST answered $status: $(cat "$work/probe")" >&2; return 1; }

    # Patients a session can be logged for today (probed once each, at most 12): the spread rows
    # write to them in turn, as a clinic's patients do, instead of to one patient's one day.
    spread=()
    for id in $(curl -sf -H "$cookie" "$base/api/v1/patients" | grep -oE '"id" *: *[0-9]+' |
        grep -oE '[0-9]+$'); do
        status=$(curl -s -o /dev/null -w '%{http_code}' -H "$cookie" -H "X-CSRF-Token: $csrf" \
            -H 'Content-Type: application/json' -H "Idempotency-Key: spread-$id-$$" \
            -d "{\"date\":\"$today\",\"slot\":1,\"painBefore\":3,\"entries\":[]}" \
            "$base/api/v1/patients/$id/sessions")
        [[ "$status" != 201 ]] || spread+=("$id")
        [[ ${#spread[@]} -lt 12 ]] || break
    done
    [[ ${#spread[@]} -gt 0 ]] || { echo "no patient takes a session today" >&2; return 1; }
    sed -e "s|local counter = 0|local counter = 0\nlocal patients = {$(IFS=,; echo "${spread[*]}")}|" \
        -e 's|"/api/v1/patients/[0-9]*/sessions"|"/api/v1/patients/" .. patients[counter % #patients + 1] .. "/sessions"|' \
        "$work/session.lua" >"$work/spread.lua"
}
