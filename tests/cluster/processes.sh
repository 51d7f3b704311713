# Sourced by the cluster tests: nothing they start can hang them. A test that fails with an
# instance stuck (alive but not answering) ends with its reason instead of running into CTest's
# time-out, and its clean-up cannot wait forever either.
# Defines: curl (every call bounded to 20 s), stop_process PID (TERM, then KILL after 10 s).

curl() {
    command curl --max-time 20 "$@"
}

# Stops a child process and waits for it: SIGTERM, then SIGKILL if it has not exited within
# 10 s. A shell loop running in the background has its own children (a curl) stopped first.
# Returns the process's exit status (0 when it was already gone).
stop_process() {
    local pid="$1" status=0
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
    pkill -TERM -P "$pid" 2>/dev/null || true
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "note: process $pid did not stop within 10 s of SIGTERM; killed"
        pkill -KILL -P "$pid" 2>/dev/null || true
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || status=$?
    return $status
}
